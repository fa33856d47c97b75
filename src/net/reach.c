/*
 * reach: the upload server reachability check (reach.h).
 */
#include "net/reach.h"

#include "net/http.h"

#include <stdlib.h>
#include <string.h>

#define REACH_TIMEOUT_MS 8000

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct reach_opts *o = ctx;
	return o->stop(o->stop_ctx) ? 1 : 0;	/* non-zero aborts the transfer */
}

enum reach_answer reach_check(const struct reach_opts *o)
{
	if (!o->url || !*o->url)
		return REACH_DOWN;
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : REACH_TIMEOUT_MS;
	CURL *curl = curl_easy_init();
	if (!curl)
		return REACH_DOWN;
	http_common_options(curl, o->url, o->ca_file && *o->ca_file ? o->ca_file : NULL, timeout,
			    timeout);
	curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);	/* connect (and TLS), send nothing */
	if (o->stop) {
		curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)o);
	}
	CURLcode rc = curl_easy_perform(curl);
	curl_easy_cleanup(curl);
	switch (rc) {
	case CURLE_OK:
		return REACH_OK;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
		return REACH_UNTRUSTED;
	default:
		return REACH_DOWN;
	}
}

static bool job_stopping(const void *job)
{
	return job_should_stop(job);
}

static void reach_run(struct job *job)
{
	struct reach_job *r = (struct reach_job *)job;
	const struct reach_opts o = {r->url, r->ca_file, r->timeout_ms, job_stopping, job};
	r->answer = reach_check(&o);
}

static void reach_free(struct job *job)
{
	struct reach_job *r = (struct reach_job *)job;
	free(r->url);
	free(r->ca_file);
	free(r);
}

struct reach_job *reach_job_new(const struct reach_opts *o)
{
	if (!o->url || !*o->url)
		return NULL;
	struct reach_job *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->job.run = reach_run;
	r->job.free = reach_free;
	r->url = strdup(o->url);
	r->ca_file = o->ca_file && *o->ca_file ? strdup(o->ca_file) : NULL;
	r->timeout_ms = o->timeout_ms;
	if (!r->url || (o->ca_file && *o->ca_file && !r->ca_file)) {
		reach_free(&r->job);
		return NULL;
	}
	return r;
}
