/*
 * csv: a reader for RFC 4180 text as Excel writes it: fields separated by
 * commas; quoted fields holding commas, doubled quotes and line breaks;
 * CRLF, LF or a lone CR as line ends; an optional UTF-8 byte order mark.
 * It splits rows into fields and nothing more: it does not check UTF-8,
 * name columns or skip blank rows (csv_trim() tells the caller which are).
 *
 * The caller owns both structs. A struct csv points into text the caller
 * keeps alive while reading. A struct csv_rec is zeroed to start, reused
 * row after row (each csv_read() overwrites it) and freed with
 * csv_rec_free(). No other state: thread-safe on separate readers.
 */
#ifndef KIOSK_CSV_H
#define KIOSK_CSV_H

#include <stddef.h>

struct csv {
	const char *p, *end;	/* what is still to read */
	int line;		/* physical line p is on, 1-based */
};

/* One record: NUL-terminated fields back to back in buf, starting at off[i]
 * (read them with csv_field()). A line break inside a quoted field is '\n'. */
struct csv_rec {
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t n, ocap;
	int line;	/* the physical line the record starts on */
	int bad;	/* 0, or CSV_BAD_UNCLOSED / CSV_BAD_JUNK */
	int bad_line;	/* where the problem is */
	size_t bad_col;	/* CSV_BAD_JUNK: the column of that field, 1-based */
};

/* A record that is bad still counts as read. CSV_BAD_UNCLOSED: a quoted
 * field never ends, and the rest of the input went into it. CSV_BAD_JUNK:
 * text follows a closing quote; the rest of that line is skipped. */
enum { CSV_BAD_UNCLOSED = 1, CSV_BAD_JUNK = 2 };

/* Starts reading len bytes of text (need not be NUL-terminated; NULL if
 * len is 0), after a UTF-8 byte order mark if there is one. */
void csv_init(struct csv *c, const char *text, size_t len);

/* Reads the next record into *r. Returns 1, 0 at the end of the input, or
 * -1 out of memory (then *r holds part of a record; free it as usual). */
int csv_read(struct csv *c, struct csv_rec *r);

/* Trims spaces and tabs around every field, in place. Returns 1 if every
 * field is then empty (a blank row, or a row of empty cells), else 0. */
int csv_trim(struct csv_rec *r);

/* Field i of the record, or "" if the record has fewer fields. */
const char *csv_field(const struct csv_rec *r, size_t i);

/* Frees the record's buffers and zeroes it. Safe on a zeroed record. */
void csv_rec_free(struct csv_rec *r);

#endif
