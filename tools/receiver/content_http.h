/*
 * content_http: GET /content, the published content bundle for kiosks
 * (--content FILE; the file `carekiosk-receiver content publish` writes).
 */
#ifndef RECEIVER_CONTENT_HTTP_H
#define RECEIVER_CONTENT_HTTP_H

#include <microhttpd.h>

/* Answers c with file's bytes and an ETag, 304 when If-None-Match names
 * it, 404 when nothing is published. *status gets the HTTP status. */
enum MHD_Result content_answer(const char *file, struct MHD_Connection *c, int *status);

#endif
