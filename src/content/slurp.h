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

/* Between begin and end (they nest), each file is read from the disk once
 * on this thread and later reads of the same path get a copy of what was
 * read: the bundle loader reads English files again for every language's
 * overlay and for the content version, and the disk sees each file once.
 * A file that changes meanwhile is seen as it was first read, which is
 * what one consistent bundle wants. */
void slurp_memo_begin(void);
void slurp_memo_end(void);

#endif
