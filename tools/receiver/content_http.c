/*
 * content_http.c: GET /content (beside the leads path, with the kiosks'
 * token): the bundle `content publish` wrote to --content FILE, read on
 * each request so a new publish needs no restart. Its ETag is the
 * version and a hash of the file; If-None-Match with it gets a 304 and
 * no body, so a kiosk with the current content costs one small request.
 */
#include "content_http.h"

#include "content/pack.h"
#include "content/slurp.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the If-None-Match header name etag (a list, or "*")? */
static bool matches(const char *inm, const char *etag)
{
	if (!inm)
		return false;
	size_t k = strlen(etag);
	for (const char *p = inm; *p;) {
		p += strspn(p, " \t,");
		if (!strncmp(p, "W/", 2))
			p += 2;
		size_t n = strcspn(p, " \t,");
		if ((n == k && !strncmp(p, etag, k)) || (n == 1 && *p == '*'))
			return true;
		p += n;
	}
	return false;
}

enum MHD_Result content_answer(const char *file, struct MHD_Connection *c, int *status)
{
	size_t len = 0;
	unsigned char *buf =
		file ? (unsigned char *)slurp_file(file, PACK_MAX_BYTES + 4096, &len) : NULL;
	long version = 0;
	char created[24], etag[64], hex[17];
	const char *msg = NULL;
	if (!buf) {
		*status = file && errno != ENOENT ? 500 : 404;
		msg = *status == 404 ? "{\"error\":\"no content has been published yet\"}"
				     : "{\"error\":\"the published content cannot be read\"}";
	} else if (pack_peek(buf, len, &version, created) != PACK_OK) {
		/* Served all the same: kiosks verify what they get, and say
		 * why they refuse it (a file damaged at the office). */
		version = 0;
	}
	struct MHD_Response *r;
	if (msg) {
		free(buf);
		r = MHD_create_response_from_buffer(strlen(msg), (void *)msg, MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	} else {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, buf, len);
		sodium_bin2hex(hex, sizeof hex, h, 8);
		snprintf(etag, sizeof etag, "\"v%ld-%s\"", version, hex);
		bool same = matches(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
								MHD_HTTP_HEADER_IF_NONE_MATCH),
				    etag);
		*status = same ? 304 : 200;
		if (same) {
			free(buf);
			r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		} else {
			r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
			if (!r)
				free(buf);
			else
				MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
							"application/octet-stream");
		}
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)*status, r);
	MHD_destroy_response(r);
	return ok;
}
