/*
 * Helpers shared by the store tests: scratch directories and a few
 * shortcuts that fail the current cmocka test on error.
 */
#ifndef KIOSK_TESTUTIL_H
#define KIOSK_TESTUTIL_H

#include "store/store.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* 2026-03-03T10:15:02Z, and handy spans, in unix ms. */
#define T0 INT64_C(1772532902000)
#define SEC INT64_C(1000)
#define MIN (60 * SEC)
#define DAY (86400 * SEC)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A new empty directory under $TMPDIR (or /tmp); the caller frees the
 * path and removes the tree with tu_rmrf(). */
char *tu_tmpdir(void);

/* rm -rf path (a missing path is fine). */
void tu_rmrf(const char *path);

/* dir + "/" + name, malloc'd. */
char *tu_join(const char *dir, const char *name);

/* store_open() that must succeed. */
struct store *tu_open(const char *dir, const struct store_opts *opts);

/* Adds a lead for an invented visitor with the given event; id may be NULL. */
void tu_add(struct store *st, int64_t now, const char *event, char *id);

/* What every store test starts from: a scratch dir with an open store. */
struct tu_fixture {
	char *dir;
	struct store *st;
};

int tu_setup(void **state);
int tu_teardown(void **state);

#endif
