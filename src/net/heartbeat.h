/*
 * heartbeat: the kiosk's status report to the office (POST /status beside
 * the leads URL, docs/upload-protocol.md) as pure functions: the body and
 * the URL. The uploader sends it (uploader_status.c) every few minutes and
 * after uploads, so an academy sees which kiosks are alive, how many leads
 * wait on each and whether their clocks can be trusted.
 *
 * It holds no personal data: counts, versions, times, and the uploader's
 * last error in words (which never quotes a lead). The anonymous counts
 * (store_tally: event tag, UTC hour, counter, item, number) go with it as
 * totals per hour, so a heartbeat sent twice sets the same numbers again
 * and never adds them twice.
 */
#ifndef KIOSK_HEARTBEAT_H
#define KIOSK_HEARTBEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The most counts one heartbeat carries, and the most bytes of their JSON
 * (70 a count with its name and item, its event tag counted twice for
 * escapes): at most about 48 kB, inside a receiver's 72 kB body limit
 * with the rest of the report. The others go with the next heartbeats. */
#define HEARTBEAT_COUNTS_MAX 400
#define HEARTBEAT_COUNTS_BYTES 48000

struct heartbeat {
	const char *device;		/* kiosk.json device_name */
	/* The content the kiosk runs now: "v<N>" for the office's bundle N
	 * (net/content_fetch.h: state's running N), else the shipped content's
	 * id (form_content_version). NULL or "" = unknown. */
	const char *app_version, *content_version;
	/* Why the last content offered was refused (state's refused line: a
	 * bad signature, older, truncated, failing the checks, or a version
	 * that failed at start); NULL or "" = none. */
	const char *content_refused;
	long queued, rejected;		/* leads waiting; leads the server refused */
	int64_t last_upload_ms;		/* unix ms of the last receipt; 0 = never */
	const char *last_error;		/* the uploader's last problem; NULL or "" = none */
	long long free_disk_mb;		/* in the data folder; -1 = unknown */
	int64_t clock_ms;		/* the kiosk's clock now (unix ms) */
	int clock_synced;		/* 1 synchronised (NTP), 0 not, -1 unknown */
	const struct store_tally *counts;	/* totals of the hours that changed */
	size_t ncounts;
};

/* {"schema":1,"device":...,"app_version":...,"content_version":...,
 * "content_refused":"..."|null,"queued":N,"rejected":N,"last_upload":"2026-03-03T10:15:02Z"|null,
 * "last_error":"..."|null,"free_disk_mb":N|null,
 * "clock":"2026-03-03T10:15:02.123Z","clock_synced":true|false|null,
 * "counts":[{"event":"...","hour":"2026-03-03T10","name":"visit.start",
 * "item":"","n":12},...]}
 * compact; malloc'd (caller frees), NULL if out of memory. */
char *heartbeat_body(const struct heartbeat *h);

/* True only for the office's receipt of a heartbeat: 200 or 201 with a
 * JSON object whose "status" is "ok" (carekiosk-receiver's answer). A
 * Wi-Fi sign-in page, an empty 200 or any other answer is not one: the
 * counts it carried are sent again with the next heartbeat. */
bool heartbeat_answer_ok(long status, const char *body, size_t len);

/* The status URL for an upload URL: its last path segment replaced by
 * "status" (https://office/carekiosk/leads -> https://office/carekiosk/status;
 * query dropped). False if it does not fit in n or has no path. */
bool heartbeat_url(const char *upload_url, char *out, size_t n);

#endif
