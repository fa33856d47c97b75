/*
 * uploader_send.c: one step of the upload engine: choose a lead, POST it,
 * and record what the answer means (uploader_int.h).
 */
#include "net/uploader_int.h"

#include "net/http.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A request shorter than this is not worth starting. */
#define MIN_REQUEST_MS 500

static void note_store_err(struct up_engine *e, const char *what, enum store_err err)
{
	/* INVALID: another uploader (kioskctl sync beside the kiosk) already
	 * settled this lead; NOTFOUND: staff erased it meanwhile. Both fine. */
	if (err == STORE_OK || err == STORE_INVALID || err == STORE_NOTFOUND)
		return;
	/* A lead id is not personal data; it lets staff find the row. */
	fprintf(stderr, "carekiosk uploader: cannot %s lead %s: %s\n", what, e->cur_id,
		store_strerror(err));
	/* Do not spin on a database that refuses writes: the lead is still
	 * queued and a resend is harmless (the server answers 200). */
	int64_t later = up_now(e) + e->base_ms;
	if (e->hold_until < later)
		e->hold_until = later;
}

static void on_success(struct up_engine *e, struct uploader_result *res)
{
	int64_t now = up_now(e);
	note_store_err(e, "mark as sent", store_mark_sent(e->st, e->cur_id, now));
	e->streak = 0;
	e->hold_until = 0;
	e->hold_by_server = false;
	e->status.state = UPLOADER_IDLE;
	e->status.last_success_ms = now;
	e->status.last_error[0] = '\0';
	char buf[32];
	snprintf(buf, sizeof buf, "%" PRId64, now);
	store_kv_set(e->st, UP_KV_LAST_SUCCESS, buf);
	/* Always: kioskctl sync may have written one meanwhile. */
	if (store_kv_set(e->st, UP_KV_LAST_ERROR, NULL) == STORE_OK)
		e->kv_error[0] = '\0';
	e->heartbeat_due = true;
	*res = (struct uploader_result){e->cur_id, "sent", "", 0, true};
}

static void on_failure(struct up_engine *e, const struct store_lead *lead,
		       const struct proto_verdict *v, struct uploader_result *res)
{
	int64_t now = up_now(e);
	int64_t hold, own;
	if (v->outcome == PROTO_AUTH) {
		hold = own = e->refused_ms;
		e->hold_by_server = false;
		e->status.state = UPLOADER_REFUSED;
		res->result = "refused";
	} else {
		e->streak++;
		bool server = v->retry_after_ms >= PROTO_RETRY_AFTER_MIN_MS;
		hold = server ? v->retry_after_ms
			      : proto_backoff_ms(e->streak, e->base_ms, e->cap_ms, up_random(e));
		own = server ? v->retry_after_ms
			     : proto_backoff_ms((int)(lead->attempts < 60 ? lead->attempts + 1 : 60),
						e->base_ms, e->cap_ms, up_random(e));
		e->hold_by_server = server;
		e->status.state = UPLOADER_OFFLINE;
		res->result = "retry";
	}
	e->hold_until = now + hold;
	note_store_err(e, "reschedule", store_mark_retry(e->st, e->cur_id, v->message, now + own));
	up_set_error(e, "%s", v->message);
	res->id = e->cur_id;
	res->message = e->cur_msg;
	res->wait_ms = hold;
	res->final = false;
}

static void on_rejected(struct up_engine *e, const char *message, struct uploader_result *res)
{
	note_store_err(e, "mark as rejected", store_mark_rejected(e->st, e->cur_id, message));
	/* The server answered: the network is fine. */
	e->streak = 0;
	e->hold_by_server = false;
	if (e->status.state != UPLOADER_NOT_SET_UP)
		e->status.state = UPLOADER_IDLE;
	*res = (struct uploader_result){e->cur_id, "rejected", e->cur_msg, 0, true};
}

/* POSTs the body; the verdict says what the answer means. Returns false if
 * the request was abandoned. */
static bool post(struct up_engine *e, const char *body, int64_t deadline,
		 struct proto_verdict *v)
{
	int64_t left = deadline - up_now(e);
	long timeout = left < e->timeout_ms ? (long)left : e->timeout_ms;
	struct http_answer ans;
	up_http_post(e, e->url, e->cur_id, body, timeout, &ans);
	if (ans.abandoned) {
		http_answer_free(&ans);
		return false;
	}
	struct proto_answer pa = {
		.status = ans.status,
		.body = ans.body,
		.body_len = ans.body_len,
		.retry_after = ans.retry_after[0] ? ans.retry_after : NULL,
		.net_error = ans.error,
	};
	proto_classify(e->cur_id, &pa, up_now(e), v);
	http_answer_free(&ans);
	return true;
}

static enum up_step attempt(struct up_engine *e, const struct store_lead *lead, int64_t deadline,
			    struct uploader_result *res)
{
	memcpy(e->cur_id, lead->id, STORE_ID_LEN);
	e->cur_msg[0] = '\0';
	if (e->round)
		up_note_tried(e, lead->id);
	char *body = proto_body(lead);
	if (!body) {
		snprintf(e->cur_msg, sizeof e->cur_msg, "the kiosk could not read this lead's answers");
		on_rejected(e, e->cur_msg, res);
		return UP_STEP_TRIED;
	}
	enum uploader_state was = e->status.state;
	e->status.state = UPLOADER_SENDING;
	up_publish(e);
	struct proto_verdict v;
	bool answered = post(e, body, deadline, &v);
	explicit_bzero(body, strlen(body));
	free(body);
	if (!answered) {
		e->status.state = was;
		return UP_STEP_ABANDONED;
	}
	snprintf(e->cur_msg, sizeof e->cur_msg, "%s", v.message);
	if (v.outcome == PROTO_SUCCESS)
		on_success(e, res);
	else if (v.outcome == PROTO_REJECTED)
		on_rejected(e, v.message, res);
	else
		on_failure(e, lead, &v, res);
	return UP_STEP_TRIED;
}

/* Nothing to try now: when may something be? */
static enum up_step nothing_due(struct up_engine *e, int64_t now, int64_t *wake_at)
{
	int64_t next = 0;
	enum store_err err = store_next_wake(e->st, &next);
	if (err == STORE_NOTFOUND) {
		if (e->status.state != UPLOADER_IDLE) {
			e->status.state = UPLOADER_IDLE;	/* nothing to send */
			up_publish(e);
		}
		return UP_STEP_IDLE;
	}
	if (err == STORE_OK && next > now + up_longest_wait(e)) {
		/* Later than any wait the uploader sets: the clock went back. */
		note_store_err(e, "reschedule", store_pull_retries(e->st, now));
		next = now;
	}
	*wake_at = err == STORE_OK ? (next > now ? next : now + 1) : now + e->base_ms;
	return UP_STEP_WAIT;
}

enum up_step up_engine_step(struct up_engine *e, int64_t deadline, int64_t *wake_at,
			    struct uploader_result *res)
{
	int64_t now = up_now(e);
	memset(res, 0, sizeof *res);
	if (!up_ready(e)) {
		up_engine_refresh(e);	/* staff still see the counts */
		up_publish(e);
		*wake_at = now + e->refused_ms;
		return UP_STEP_NOT_READY;
	}
	if (e->hold_until > now + up_longest_wait(e))
		e->hold_until = now;	/* the clock went back */
	if (e->hold_until > now) {
		*wake_at = e->hold_until;
		return UP_STEP_WAIT;
	}
	if (deadline - now < MIN_REQUEST_MS) {
		*wake_at = deadline;
		return UP_STEP_WAIT;
	}
	struct store_lead lead = {0};
	enum store_err err = up_pick(e, now, &lead);
	if (err == STORE_NOTFOUND)
		return nothing_due(e, now, wake_at);
	if (err != STORE_OK) {
		up_set_error(e, "cannot read the leads database: %s", store_strerror(err));
		up_publish(e);
		/* Reopen next time: the file may have been replaced or repaired. */
		store_close(e->st);
		e->st = NULL;
		*wake_at = now + e->base_ms;
		return UP_STEP_WAIT;
	}
	enum up_step s = attempt(e, &lead, deadline, res);
	up_lead_wipe(&lead);
	up_engine_refresh(e);
	up_publish(e);
	return s;
}
