/*
 * reach: can this kiosk reach the upload server right now? For the staff
 * dashboard, which wants an answer even when nothing is waiting (the
 * uploader only finds out when it has a lead to send). One connection with
 * libcurl to the upload URL: TCP, and for https the TLS handshake with the
 * certificate checked as the uploader checks it. No request is sent.
 *
 * A name lookup or a connect can take seconds, so the check runs as a job
 * (job/job.h) on the app's queue: reach_job_new() makes one, the caller
 * sets its done and starts it; the answer is in the job when done runs.
 */
#ifndef KIOSK_REACH_H
#define KIOSK_REACH_H

#include "job/job.h"

#include <stdbool.h>

enum reach_answer {
	REACH_CHECKING,
	REACH_OK,		/* connected (and, for https, the certificate is trusted) */
	REACH_DOWN,		/* no route, no name, refused or timed out */
	REACH_UNTRUSTED,	/* it answered, but its certificate did not check out */
};

struct reach_opts {
	const char *url;	/* the upload URL (http or https) */
	const char *ca_file;	/* extra CAs to trust, as the uploader; NULL or "" = none */
	long timeout_ms;	/* the whole check, name lookup included; 0 = 8 s */
	/* Polled while the check waits; true gives up (REACH_DOWN). NULL = never. */
	bool (*stop)(const void *stop_ctx);
	const void *stop_ctx;
};

/* Checks now, blocking for up to the timeout: not on the UI thread. */
enum reach_answer reach_check(const struct reach_opts *o);

struct reach_job {
	struct job job;		/* first */
	char *url, *ca_file;
	long timeout_ms;
	enum reach_answer answer;	/* REACH_CHECKING until run has returned */
};
/* A check as a job, with its own copies of o's strings. NULL if the URL is
 * empty or memory ran out. */
struct reach_job *reach_job_new(const struct reach_opts *o);

#endif
