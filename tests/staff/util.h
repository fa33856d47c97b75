/*
 * Helpers for the staff unit tests: scratch directories, reading a file
 * back, and a folder on another filesystem to stand in for a USB stick.
 */
#ifndef KIOSK_STAFF_UTIL_H
#define KIOSK_STAFF_UTIL_H

#include "store/store.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* 2026-03-03T10:15:02Z and spans, in unix ms. */
#define T0 INT64_C(1772532902000)
#define SEC INT64_C(1000)
#define MIN (60 * SEC)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A new empty directory under base (NULL: $TMPDIR or /tmp); free() the
 * path and remove the tree with su_rmrf(). */
char *su_tmpdir(const char *base);
void su_rmrf(const char *path);
char *su_join(const char *dir, const char *name);

/* A folder for scratch directories on a different filesystem from /tmp
 * (so a symlink to it looks like a mounted drive), or NULL if none. */
const char *su_other_fs(const char *than);

/* The whole file, NUL-terminated, malloc'd; *len gets its size. */
char *su_slurp(const char *path, size_t *len);

/* store_open() / store_add_lead() that must succeed. */
struct store *su_open(const char *dir);
void su_add(struct store *st, int64_t now, const char *answers_json, char *id_out);

#endif
