/*
 * diag: a list of problems found in config and content, each rendered as
 * "file:line: message" (line 0 means the file as a whole).
 *
 * Used by every loader so that `kioskctl check` and the kiosk's refusal to
 * start print exactly the same messages. The list owns its strings.
 */
#ifndef KIOSK_DIAG_H
#define KIOSK_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag_list {
	char **msgs;
	size_t n, cap;
};

/* Appends "file:line: <formatted message>". Never fails loudly: on out of
 * memory the message is dropped but diag_count() still grows. */
void diag_add(struct diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

size_t diag_count(const struct diag_list *d);
/* Appends a copy of every message of from. */
void diag_append(struct diag_list *d, const struct diag_list *from);

/* Writes every message, one a line, to f. */
void diag_print(const struct diag_list *d, FILE *f);

void diag_free(struct diag_list *d);

#endif
