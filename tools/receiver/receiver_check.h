/*
 * receiver_check: validating an upload body (schema 1 or 2) and bringing it to
 * a canonical form, so "the same lead sent again" can be told from "a
 * different lead with the same id". Also the CSV export. Pure functions
 * apart from the export's FILE. Owned by tools/receiver.
 */
#ifndef RECEIVER_CHECK_H
#define RECEIVER_CHECK_H

#include "receiver_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct rcheck {
	int status;		/* 0 = valid; else 400 or 422 */
	char error[200];	/* why, for the client; never echoes content */
	char id[37];		/* the lead id, lower case, once known */
	char id_sent[37];	/* the id as the client spelt it: receipts echo this */
	char *body;		/* canonical body (malloc'd) */
	char *answers;		/* canonical answers object (malloc'd) */
	char *fields[6];	/* created_at, device, event, app_version,
				 * content_version, lang; NULL when null/absent */
	int schema;		/* 1, or 2 (sealed) */
	char *sealed;		/* schema 2 (malloc'd) */
	char key_id[17];	/* schema 2 */
	char *programme;	/* schema 2, NULL when null/absent */
	int quiz_attached;	/* schema 2: 1, 0, -1 = null/absent */
	int clock_synced;	/* "clock_synced": 1, 0, -1 = null/absent */
};

/*
 * Checks a body: UTF-8, JSON, an object with no repeated keys at any depth,
 * "schema" 1 or 2, "id" a UUID, "created_at" a date-time string, the
 * optional text fields strings or null (at most 200 bytes); schema 1:
 * "answers" an object; schema 2: no "answers", "sealed" base64 text,
 * "key_id" 16 lower-case hex digits, "programme" a string or null,
 * "quiz_attached" true, false or null; either: "clock_synced" true, false
 * or null when given.
 * idem_key (the Idempotency-Key header, may be NULL) must equal the id when
 * given. Unknown top-level keys are kept (they count for "identical").
 * Returns out->status. rcheck_free() in every case.
 */
int rcheck_body(const char *body, size_t len, const char *idem_key, struct rcheck *out);
void rcheck_free(struct rcheck *c);

/* The lead to store, pointing into c. */
struct rlead rcheck_lead(const struct rcheck *c);

/* True for a UUID in 8-4-4-4-12 hex form (either case). */
bool rcheck_uuid(const char *s);

/* True if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool rcheck_utf8(const char *s, size_t len);

/* Writes every stored lead as CSV (RFC 4180, UTF-8): id, created_at,
 * received_at, device, event, app_version, content_version, lang, then one
 * column per answer key (sorted), nested values as JSON. Cells that a
 * spreadsheet would run as a formula get a leading '. Sealed leads are
 * opened with key (NULL: refused when there is any sealed lead); one that
 * does not open is named on stderr, left out and counted in *failed.
 * 0 or -1 (err). */
struct seal_office;
int rcheck_export_csv(struct rstore *s, FILE *f, const struct seal_office *key, long *failed,
		      char *err, size_t n);

/* One CSV cell (after a comma unless first); text a spreadsheet would
 * run as a formula (= + - @ tab CR first) gets a leading ' when text. */
void rcheck_csv_cell(FILE *f, const char *s, bool text, bool first);

#endif
