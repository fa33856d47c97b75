/*
 * slurp: the one way content files are read whole (JSON, courses.csv).
 */
#ifndef KIOSK_SLURP_H
#define KIOSK_SLURP_H

#include <stddef.h>

/* The whole file at path as malloc'd text the caller frees, NUL-terminated
 * after *len bytes (a NUL inside stays: callers check). At most max bytes
 * (0 = no limit). NULL with errno set: the open or read error, EFBIG when
 * the file is over max, ENOMEM. */
char *slurp_file(const char *path, size_t max, size_t *len);

#endif
