/*
 * heartbeat: the kiosk's status report to the office (POST /status beside
 * the leads URL, docs/upload-protocol.md) as pure functions: the body and
 * the URL. The uploader sends it (uploader_status.c) every few minutes and
 * after uploads, so an academy sees which kiosks are alive, how many leads
 * wait on each and whether their clocks can be trusted.
 *
 * It holds no personal data: counts, versions, times, and the uploader's
 * last error in words (which never quotes a lead).
 */
#ifndef KIOSK_HEARTBEAT_H
#define KIOSK_HEARTBEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct heartbeat {
	const char *device;		/* kiosk.json device_name */
	const char *app_version, *content_version;	/* NULL or "" = unknown */
	long queued, rejected;		/* leads waiting; leads the server refused */
	int64_t last_upload_ms;		/* unix ms of the last receipt; 0 = never */
	const char *last_error;		/* the uploader's last problem; NULL or "" = none */
	long long free_disk_mb;		/* in the data folder; -1 = unknown */
	int64_t clock_ms;		/* the kiosk's clock now (unix ms) */
	int clock_synced;		/* 1 synchronised (NTP), 0 not, -1 unknown */
};

/* {"schema":1,"device":...,"app_version":...,"content_version":...,
 * "queued":N,"rejected":N,"last_upload":"2026-03-03T10:15:02Z"|null,
 * "last_error":"..."|null,"free_disk_mb":N|null,
 * "clock":"2026-03-03T10:15:02.123Z","clock_synced":true|false|null}
 * compact; malloc'd (caller frees), NULL if out of memory. */
char *heartbeat_body(const struct heartbeat *h);

/* The status URL for an upload URL: its last path segment replaced by
 * "status" (https://office/carekiosk/leads -> https://office/carekiosk/status;
 * query dropped). False if it does not fit in n or has no path. */
bool heartbeat_url(const char *upload_url, char *out, size_t n);

#endif
