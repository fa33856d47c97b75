/*
 * uploader_status.c: the heartbeat the upload engine sends (heartbeat.h):
 * gathers the kiosk's state, POSTs it with the upload's token and TLS
 * rules, and forgets the answer. An office server without /status (404)
 * or one that is down costs a request every few minutes, nothing more.
 */
#include "net/heartbeat.h"
#include "net/http.h"
#include "net/uploader_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/timex.h>

#define HEARTBEAT_TIMEOUT_MS 15000

/* 1 the kernel's clock is synchronised (NTP and the like), 0 not, -1 unknown.
 * adjtimex() with no modes only reads, so it needs no privilege. */
static int clock_synced(void)
{
	struct timex tx;
	memset(&tx, 0, sizeof tx);
	int st = adjtimex(&tx);
	if (st < 0)
		return -1;
	return st != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

static long long free_disk_mb(const char *dir)
{
	struct statvfs v;
	if (statvfs(dir, &v) != 0)
		return -1;
	return (long long)((unsigned long long)v.f_bavail * v.f_frsize / (1024 * 1024));
}

bool up_heartbeat_due(const struct up_engine *e)
{
	return e->heartbeat_ms > 0 && (e->heartbeat_due || up_now(e) >= e->heartbeat_at);
}

void up_heartbeat(struct up_engine *e, int64_t deadline)
{
	int64_t now = up_now(e);
	e->heartbeat_due = false;
	e->heartbeat_at = now + e->heartbeat_ms;
	char url[2100];
	long left = deadline - now > HEARTBEAT_TIMEOUT_MS ? HEARTBEAT_TIMEOUT_MS
							  : (long)(deadline - now);
	/* A refused token would be refused here too: wait for a new one. */
	if (left < 500 || e->status.state == UPLOADER_REFUSED || !up_ready(e) ||
	    !heartbeat_url(e->url, url, sizeof url))
		return;
	up_engine_refresh(e);
	struct heartbeat h = {
		.device = e->device_name,
		.app_version = e->app_version,
		.content_version = e->content_version,
		.queued = e->status.queued,
		.rejected = e->status.rejected,
		.last_upload_ms = e->status.last_success_ms,
		.last_error = e->status.last_error,
		.free_disk_mb = free_disk_mb(e->data_dir),
		.clock_ms = now,
		.clock_synced = clock_synced(),
	};
	char *body = heartbeat_body(&h);
	if (!body)
		return;
	struct http_answer ans;
	up_http_post(e, url, NULL, body, left, &ans);
	http_answer_free(&ans);
	free(body);
}
