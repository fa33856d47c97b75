/*
 * receiver_status: the kiosks' heartbeats (POST /status beside the leads
 * path, docs/upload-protocol.md): checking one, and `carekiosk-receiver
 * kiosks`, the table of the latest per kiosk. Owned by tools/receiver.
 */
#ifndef RECEIVER_STATUS_H
#define RECEIVER_STATUS_H

#include "receiver_store.h"

#include <stddef.h>

/* A checked heartbeat: st's strings point into buf, st.counts is
 * malloc'd (rstatus_in_free). */
struct rstatus_in {
	struct rstatus st;
	char buf[2560];
};

/* The most counts one heartbeat may carry (a kiosk sends up to 400). */
#define RSTATUS_COUNTS_MAX 1000

void rstatus_in_free(struct rstatus_in *in);

/* Checks a heartbeat body from the kiosk called kiosk ("" for a --token-file
 * token: the body's device name then names it, or "unnamed"). "counts" is
 * optional: an array of {"event" (text, at most 255 bytes), "hour" (UTC
 * "2026-03-03T10"), "name" (1 to 32 bytes), "item" (at most 64 bytes),
 * "n" (a whole number >= 0)}, each (event, hour, name, item) once, at most
 * RSTATUS_COUNTS_MAX. 0 and out filled, or 400 / 422 with why in err
 * (never echoing the body); rstatus_in_free(out) in every case. */
int rstatus_check(const char *body, size_t len, const char *kiosk, struct rstatus_in *out,
		  char *err, size_t n);

/* The status path for a leads path: /carekiosk/leads -> /carekiosk/status
 * ("*" -> /status). */
void rstatus_path(const char *leads_path, char *out, size_t n);

/* `carekiosk-receiver kiosks --db DB`: argv[0] is "kiosks". Exit status. */
int rstatus_cmd(int argc, char **argv);

#endif
