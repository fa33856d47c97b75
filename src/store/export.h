/*
 * export: leads out of the kiosk as files staff can open, for kioskctl
 * export and for staff mode's "Export to USB".
 *
 * CSV (RFC 4180): UTF-8 with a byte order mark so Excel reads names right,
 * CRLF line ends, one row per lead and one column per answer. The columns,
 * by id, are
 *   id, created_at, event, device, status, first_name, last_name, phone,
 *   email, postcode, roles, availability, drives, benefits, heard_from,
 *   contact_time, consent_contact, consent_share, share_partners,
 *   include_quiz, quiz_summary, other
 * and the header row shows each column's label (the caller's, from
 * kiosk-config/strings "export.col.<id>", so staff read "First name"), or
 * the id where there is no label.
 * Answers that are option ids show the words the visitor saw, where the
 * caller gives them (struct export_labels), so a list of jobs reads
 * "Home care worker; Support worker".
 * An answer that is a list is joined with "; "; true/false become yes/no;
 * a nested object becomes "key: value; ...". "other" holds any answer key
 * not in that list, as "key: value; ...", so the CSV never drops an answer.
 * A cell that begins with = + - @ tab or CR gets a ' in front, so a
 * spreadsheet never runs it as a formula (the JSON keeps the exact text).
 *
 * JSON: an array of lead objects {id, created_at, event, device,
 * app_version, content_version, lang, status, sent_at, exported_at,
 * programme (the id the answers routed to, programmes.json), answers},
 * answers being the object the kiosk stored. A sealed lead has, in place
 * of answers, quiz_attached, key_id (the office key's
 * fingerprint) and sealed (base64); `kioskctl decrypt` reads these files.
 * A CSV cannot hold a sealed lead: export_write() refuses with
 * EXPORT_SEALED.
 *
 * USB: export_usb() looks under each root of a colon-separated list (the
 * kiosk's staff.usb_dirs, by default /media:/run/media) for a writable
 * directory one or two levels down that is a mount point (a different
 * filesystem from the folder it sits in), so an empty /media/pi left on
 * the SD card is never mistaken for a stick. It writes
 * carekiosk-<device>-<YYYYMMDD-HHMM>.csv and .json (local time; "-2", "-3"
 * ... added if taken) through temporary names, fsyncs both and the
 * directory, renames them into place and only then marks the leads
 * exported. When any lead is sealed there is no CSV (it could not hold
 * them): the JSON carries every lead as stored. Beside them,
 * carekiosk-...-counts.csv holds the kiosk's anonymous counts per event and
 * hour (export_tally_csv; nothing personal). A one-page
 * carekiosk-...-README.txt beside them tells the office what the files are:
 * how many leads are sealed to which key and how to open them, or, for
 * leads that are not sealed, that the files hold personal data in plain
 * text.
 *
 * Privacy: nothing here logs. Unsealed, the files hold personal data:
 * callers decide where they go.
 */
#ifndef KIOSK_EXPORT_H
#define KIOSK_EXPORT_H

#include "store/store.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

enum export_format {
	EXPORT_CSV,
	EXPORT_JSON,
};

enum export_err {
	EXPORT_OK = 0,
	EXPORT_EMPTY,		/* no leads to export: nothing written */
	EXPORT_NO_DRIVE,	/* no mounted, writable drive under the roots */
	EXPORT_WRITE,		/* a file could not be written (full, read-only, pulled out) */
	EXPORT_STORE,		/* the database failed: see store_err */
	EXPORT_NOMEM,
	EXPORT_INVALID,		/* bad argument */
	EXPORT_SEALED,		/* a CSV was asked for, and a lead is sealed */
	EXPORT_ERR_COUNT
};

/* A short English description for logs and kioskctl; static. */
const char *export_strerror(enum export_err err);

/* Writes s (NULL = empty) as one CSV field: the formula guard, then quotes
 * around it if it holds a comma, quote, CR or LF, quotes doubled. Returns
 * 0, or -1 on a write error. */
int export_csv_field(FILE *f, const char *s);

/* How many CSV columns there are, and the id of column i (< EXPORT_NCOLS). */
#define EXPORT_NCOLS 23
const char *export_column_id(size_t i);

/* Words for people, borrowed, not copied (a NULL struct = ids throughout).
 * col[i] heads column i (NULL: the column id). word, if set, gives the
 * words for an answer's stored id in a column ("home-care-worker" in
 * "roles" -> "Home care worker"), or NULL to keep the id; it is asked
 * about each text answer and each text item of a list, in the answer
 * columns only (never "other"). */
struct export_labels {
	const char *col[EXPORT_NCOLS];
	const char *(*word)(void *ctx, const char *col, const char *id);
	void *word_ctx;
};

/* Fills l from a string table: find(ctx, "export.col.<id>") for each column
 * (find returns NULL when it has no such key). */
void export_labels_from(struct export_labels *l, const char *(*find)(void *ctx, const char *key),
			void *ctx);

/* The byte order mark and the header row (labels may be NULL). 0 or -1. */
int export_csv_header(FILE *f, const struct export_labels *labels);

/* One lead as one CSV row (labels may be NULL). 0, -1 on a write error,
 * -2 out of memory. */
int export_csv_lead(FILE *f, const struct store_lead *lead, const struct export_labels *labels);

/* One lead as a JSON object (no separator around it). 0, -1, -2 as above. */
int export_json_lead(FILE *f, const struct store_lead *lead);

/*
 * The reverse, for the office (kioskctl decrypt): fills *out (zeroed
 * first; release with store_lead_clear()) from one lead object of a JSON
 * export, copying its strings; answers (an object) becomes answers_json.
 * Returns 0, or -1 with why (a short English phrase) when the object is
 * not a lead: no valid id, or neither answers nor sealed with key_id.
 */
struct cJSON;
int export_json_lead_parse(const struct cJSON *o, struct store_lead *out, char *why, size_t n);

/* The anonymous counts (store.h, store_tally_foreach with filter, NULL =
 * all) as CSV: a BOM, then one row per event, hour and counter, columns
 * Event, Date (UTC), Hour (UTC) "10:00", Counter, What (its words),
 * Item, Count. 0; -1 on a write error; -2 when the database failed, with
 * *serr (may be NULL) saying how. Nothing in it is personal. */
int export_tally_csv(FILE *f, struct store *st, const struct store_tally_filter *filter,
		     enum store_err *serr);
/* What a counter name counts, in words ("" for a name it does not know). */
const char *export_tally_words(const char *name);

/* Lead ids collected while writing, for store_mark_exported(). */
struct export_ids {
	char (*id)[STORE_ID_LEN];
	size_t n, cap;
};

void export_ids_free(struct export_ids *ids);

/*
 * Writes every lead matching filter (NULL = all) in one walk: as CSV to csv
 * (header from labels, which may be NULL) and as JSON to json; either may
 * be NULL. Each gets its header or brackets
 * even when no lead matches. ids (may be NULL) collects the ids written;
 * *count (may be NULL) gets how many. Errors: EXPORT_WRITE, EXPORT_NOMEM,
 * EXPORT_STORE with *serr (may be NULL) set, EXPORT_INVALID.
 */
enum export_err export_write(struct store *st, const struct store_filter *filter,
			     const struct export_labels *labels, FILE *csv, FILE *json,
			     struct export_ids *ids, long *count, enum store_err *serr);

/* Finds the first drive under roots (see the top of this file) and writes
 * its path into out. Returns 0, or -1 if there is none (or n is too small). */
int export_find_usb(const char *roots, char *out, size_t n);

struct export_usb_result {
	long count;			/* leads written */
	char dir[PATH_MAX];		/* the drive's folder */
	char csv_name[128], json_name[128];	/* csv_name "" when leads are sealed */
	char readme_name[128];
	char counts_name[128];		/* the anonymous counts (export_tally_csv) */
	long sealed;			/* how many of them are sealed */
	enum store_err store_err;	/* on EXPORT_STORE; or if marking failed */
	int sys_errno;			/* on EXPORT_WRITE */
};

/*
 * Exports every lead on the kiosk to a USB drive at now_ms and marks them
 * exported. device names the files; labels head the CSV's columns (may be
 * NULL). st must be read-write. On EXPORT_OK
 * the files are durably on the drive; if only the marking failed,
 * out->store_err says so. On any other result no final file is left behind.
 */
enum export_err export_usb(struct store *st, const char *roots, const char *device,
			   const struct export_labels *labels, int64_t now_ms,
			   struct export_usb_result *out);

#endif
