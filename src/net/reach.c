/*
 * reach: the upload server reachability check (reach.h).
 */
#include "net/reach.h"

#include "net/http.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define REACH_TIMEOUT_MS 8000

struct reach {
	atomic_int refs;
	atomic_int answer;	/* enum reach_answer */
	pthread_mutex_t lock;	/* guards notify against reach_drop() */
	void (*notify)(void *ctx);
	void *ctx;
	long timeout_ms;
	char *url, *ca_file;
};

static void release(struct reach *r)
{
	if (atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r->url);
	free(r->ca_file);
	free(r);
}

static enum reach_answer check(const struct reach *r)
{
	CURL *curl = curl_easy_init();
	if (!curl)
		return REACH_DOWN;
	http_common_options(curl, r->url, r->ca_file, r->timeout_ms, r->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);	/* connect (and TLS), send nothing */
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

static void *reach_main(void *arg)
{
	struct reach *r = arg;
	atomic_store(&r->answer, check(r));
	pthread_mutex_lock(&r->lock);
	if (r->notify)
		r->notify(r->ctx);
	pthread_mutex_unlock(&r->lock);
	release(r);
	return NULL;
}

static int start_thread(struct reach *r)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc = pthread_attr_init(&attr);
	if (rc != 0)
		return rc;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);	/* signals stay with the UI thread */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&tid, &attr, reach_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc;
}

struct reach *reach_start(const struct reach_opts *o)
{
	if (!o->url || !*o->url)
		return NULL;
	struct reach *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->url = strdup(o->url);
	r->ca_file = o->ca_file && *o->ca_file ? strdup(o->ca_file) : NULL;
	if (!r->url || (o->ca_file && *o->ca_file && !r->ca_file)) {
		free(r->url);
		free(r->ca_file);
		free(r);
		return NULL;
	}
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : REACH_TIMEOUT_MS;
	r->notify = o->notify;
	r->ctx = o->ctx;
	atomic_init(&r->refs, 2);
	atomic_init(&r->answer, REACH_CHECKING);
	pthread_mutex_init(&r->lock, NULL);
	if (start_thread(r) != 0) {
		atomic_store(&r->refs, 1);
		release(r);
		return NULL;
	}
	return r;
}

enum reach_answer reach_answer(struct reach *r)
{
	return (enum reach_answer)atomic_load(&r->answer);
}

void reach_drop(struct reach *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->notify = NULL;
	pthread_mutex_unlock(&r->lock);
	release(r);
}
