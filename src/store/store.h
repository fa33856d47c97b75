/*
 * store: the local leads queue, a SQLite database at <data_dir>/leads.db.
 *
 * Every expression of interest a visitor submits becomes a "lead" row. A lead
 * is queued until the uploader has a real acknowledgement for it (sent), or
 * the office system refused it for good (rejected). Staff export leads as CSV
 * and may erase one on request. Nothing here ever deletes a queued or
 * rejected lead except store_delete_lead().
 *
 * Threads: a struct store is one SQLite connection and must be used by one
 * thread at a time. The kiosk's main loop and the uploader thread each open
 * their own; WAL mode lets them (and a read-only staff tool) work side by
 * side, a writer waiting up to 5 s for another writer before STORE_BUSY.
 *
 * Time: every function that needs "now" takes it as unix milliseconds from
 * the caller, so tests and the kiosk's virtual clock decide what time it is.
 * Stored timestamps are UTC text, "2026-03-03T10:15:02Z".
 *
 * Sealing: opened with an office public key (store_opts.office_public_key),
 * the store seals each lead's answers with crypto_box_seal (src/store/seal.h)
 * before they reach the database, and seals the plaintext leads already
 * queued at open (see store_open). A sealed lead keeps readable only what
 * counts and uploads need: id, times, event, device, app and content
 * versions, language, status, upload bookkeeping, whether quiz results are
 * attached, the programme it routes to, and the key id it is sealed to.
 * Such a lead reads back with answers_json NULL and sealed set: the kiosk
 * cannot read it again; only the office's secret key opens it.
 *
 * Privacy: the library prints nothing and its errors never carry answers.
 * Callers must keep answers and names out of logs, and must not put personal
 * data into the error texts given to store_mark_retry()/store_mark_rejected().
 */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A lead id: a lower-case UUID v4 (36 characters) plus the NUL. */
#define STORE_ID_LEN 37

/* The schema version this build creates and understands. */
#define STORE_SCHEMA_VERSION 4

/* Largest answers_json accepted by store_add_lead(), in bytes. */
#define STORE_ANSWERS_MAX (64 * 1024)

enum store_err {
	STORE_OK = 0,
	STORE_NOTFOUND,	/* no such lead or key, or nothing due */
	STORE_FULL,	/* disk or database full (or max_page_count reached) */
	STORE_IO,	/* cannot open, create or write: permissions, missing dir */
	STORE_BUSY,	/* another connection held the lock for too long */
	STORE_CORRUPT,	/* the file is damaged or is not a leads database */
	STORE_INVALID,	/* bad argument, or the lead is not in a state that allows it */
	STORE_NOMEM,	/* out of memory */
	STORE_VERSION,	/* the database was written by a newer (or, read-only, other) schema */
	STORE_KEY,	/* the office public key is not valid */
	STORE_ERR_COUNT
};

/* A short English description of err for logs and staff screens, never for
 * visitors. Always returns a static string, also for out-of-range values. */
const char *store_strerror(enum store_err err);

struct store;

struct store_opts {
	/* Open an existing database without writing to it (staff tools reading
	 * while the kiosk runs). No directory is created and no migration runs;
	 * STORE_NOTFOUND if there is no leads.db yet, STORE_VERSION if its schema
	 * is not exactly STORE_SCHEMA_VERSION. Write calls return STORE_INVALID. */
	bool read_only;
	/* 0 = unlimited. Otherwise the database may not grow beyond this many
	 * pages, so tests can simulate a full disk. */
	long max_page_count;
	/* NULL or "": leads are stored unsealed. Otherwise the office's public
	 * key (base64, privacy.office_public_key): new leads are sealed to it,
	 * and (read-write) every lead still in plain text is sealed at open. */
	const char *office_public_key;
};

/*
 * Opens (creating if needed) <data_dir>/leads.db. opts may be NULL for the
 * defaults (read-write, unlimited).
 *
 * Read-write: creates data_dir and missing parents with mode 0700, the
 * database file with mode 0600 (SQLite gives its -wal and -shm files the
 * same mode), switches to WAL with synchronous=FULL, and applies each
 * pending migration in its own transaction, keyed on PRAGMA user_version.
 * A schema newer than STORE_SCHEMA_VERSION is refused with STORE_VERSION.
 *
 * With an office key (read-write): every plaintext lead is sealed in one
 * transaction, then the old text is scrubbed: secure_delete has zeroed the
 * freed space, the WAL is checkpointed and truncated, the file VACUUMed
 * and the WAL truncated again. A bad key is STORE_KEY, and nothing opens.
 *
 * On success *out owns the connection; release it with store_close(). On
 * failure *out is NULL and nothing is left open.
 * Errors: STORE_INVALID (NULL or empty argument, negative max_page_count),
 * STORE_KEY, STORE_IO, STORE_FULL, STORE_CORRUPT, STORE_BUSY, STORE_VERSION,
 * STORE_NOTFOUND (read-only and no database), STORE_NOMEM.
 */
enum store_err store_open(const char *data_dir, const struct store_opts *opts,
			  struct store **out);

/* Closes the connection and frees st. NULL is a no-op. */
void store_close(struct store *st);

/* Whether the kiosk's clock was synchronised (systemd-timedated's
 * NTPSynchronized) when a lead was made: a Raspberry Pi has no real-time
 * clock, so the office knows how far to trust created_at. */
enum store_clock {
	STORE_CLOCK_UNKNOWN = 0,	/* not known (no timedated, not asked yet) */
	STORE_CLOCK_UNSYNCED,
	STORE_CLOCK_SYNCED,
};

/* What a kiosk records with a lead. The strings are borrowed for the call.
 * answers_json is required and must be a JSON object no larger than
 * STORE_ANSWERS_MAX; it is stored byte for byte as given, or sealed (see
 * the top of this file). The other fields may be NULL (stored as NULL);
 * they always stay readable, so they must never name or reach a person. */
struct store_lead_in {
	const char *event;
	const char *device;
	const char *app_version;
	const char *content_version;
	const char *lang;
	const char *programme;	/* the programme the answers route to (an id) */
	bool quiz_attached;	/* quiz results are among the answers */
	enum store_clock clock;	/* was the kiosk's clock synchronised? */
	const char *answers_json;
};

/*
 * Queues a new lead (status queued, due at once) and writes its new id to
 * id_out. Returns STORE_OK only after the row is durably committed: the kiosk
 * may thank the visitor then, and not before.
 *
 * On any error nothing is inserted, every earlier lead is intact and id_out
 * is set to "". Errors: STORE_INVALID (missing or non-object answers, a
 * negative time, a read-only store), STORE_FULL, STORE_BUSY, STORE_IO,
 * STORE_CORRUPT, STORE_NOMEM.
 */
enum store_err store_add_lead(struct store *st, const struct store_lead_in *in,
			      int64_t now_unix_ms, char id_out[STORE_ID_LEN]);

/* One lead as read back. Every pointer is owned by the struct and is NULL
 * when the column is NULL; release them with store_lead_clear(). */
struct store_lead {
	char id[STORE_ID_LEN];
	char *created_at;
	char *event;
	char *device;
	char *app_version;
	char *content_version;
	char *lang;
	char *answers_json;	/* NULL when sealed */
	char *sealed;		/* base64 crypto_box_seal of the answers, or NULL */
	char *key_id;		/* the office key sealed is sealed to, or NULL */
	char *programme;
	int quiz_attached;	/* 1, 0, or -1 when not recorded */
	enum store_clock clock;	/* was the clock synchronised (0: not known) */
	char *status;		/* "queued", "sent" or "rejected" */
	long attempts;
	char *last_error;
	int64_t next_attempt_at; /* unix ms */
	char *sent_at;
	char *exported_at;
};

/* Frees the strings of lead and zeroes it, so it can be reused or cleared
 * again. A zeroed (= {0}) lead may be cleared safely. */
void store_lead_clear(struct store_lead *lead);

/*
 * For the uploader. Fills *out (which it clears first) with the oldest queued
 * lead whose next_attempt_at <= now_ms. STORE_NOTFOUND when none is due;
 * then *out is zeroed. The caller must store_lead_clear(out) after STORE_OK.
 */
enum store_err store_next_due(struct store *st, int64_t now_ms,
			      struct store_lead *out);

/* Sets *ms_out to the earliest next_attempt_at among queued leads, so the
 * uploader knows how long it may sleep. STORE_NOTFOUND if nothing is queued. */
enum store_err store_next_wake(struct store *st, int64_t *ms_out);

/* Brings every queued lead's next_attempt_at later than latest_ms back to
 * latest_ms: for the uploader when the clock has gone back (staff set the
 * time, NTP corrected a clock that ran ahead), which would otherwise hold
 * a lead for as long as the jump. */
enum store_err store_pull_retries(struct store *st, int64_t latest_ms);

/* The newest wall time this database has seen, unix ms: the latest of
 * any lead's created_at and sent_at and of kv "clock.newest_ms" (which
 * the kiosk keeps up to date while it runs). A clock earlier than this
 * went back. STORE_NOTFOUND when there is none. */
enum store_err store_newest_time(struct store *st, int64_t *ms_out);

/*
 * State changes for the uploader and staff. Each is one transaction.
 * id is a lead id as store_add_lead() wrote it (lower-case UUID); any other
 * shape is STORE_INVALID. All return STORE_NOTFOUND for an unknown id and
 * STORE_INVALID when the lead is not in the state the change starts from,
 * or on a read-only store.
 *
 * store_mark_sent: queued -> sent, sent_at = now_ms, last_error cleared.
 * store_mark_retry: stays queued, attempts + 1, last_error = error (may be
 *   NULL), next_attempt_at = next_attempt_ms.
 * store_mark_rejected: queued -> rejected, last_error = error (may be NULL).
 *   A rejected lead is never due again until requeued.
 * store_requeue: rejected -> queued, due at once, attempts reset to 0
 *   (staff resend after fixing whatever the office system refused).
 */
enum store_err store_mark_sent(struct store *st, const char *id, int64_t now_ms);
enum store_err store_mark_retry(struct store *st, const char *id,
				const char *error, int64_t next_attempt_ms);
enum store_err store_mark_rejected(struct store *st, const char *id,
				   const char *error);
enum store_err store_requeue(struct store *st, const char *id);

/* Erases one lead whatever its state (a visitor's right to erasure). The
 * database runs with secure_delete, and the WAL is checkpointed and
 * truncated afterwards where no reader prevents it, so the answers do not
 * linger in the files. STORE_NOTFOUND for an unknown id. */
enum store_err store_delete_lead(struct store *st, const char *id);

/* Numbers for the staff screen. today counts leads created on the UTC date
 * of now_ms; event counts leads whose event equals event (0 if event is
 * NULL); exported counts leads with an exported_at; sealed those whose
 * answers are sealed. */
struct store_counts {
	long total, today, event, queued, sent, rejected, exported, sealed;
};

enum store_err store_counts(struct store *st, const char *event, int64_t now_ms,
			    struct store_counts *out);

/* Whether new leads are sealed, and to which key (key_id may be NULL;
 * it gets "" when not sealing). */
bool store_sealing(const struct store *st, char key_id[17]);

/* How many leads are under each key: calls cb once per key id (NULL for
 * the leads stored unsealed) with its count, most leads first. */
enum store_err store_key_counts(struct store *st,
				void (*cb)(void *ctx, const char *key_id, long n), void *ctx);

/* Which leads store_foreach() visits. Every field may be NULL (no filter);
 * a NULL filter visits all leads. status must be "queued", "sent" or
 * "rejected"; since is a UTC date "YYYY-MM-DD" and is inclusive. */
struct store_filter {
	const char *status;
	const char *event;
	const char *since;
};

/* True for a date as store_filter.since takes it: "YYYY-MM-DD", month 1 to
 * 12, day 1 to 31 (2026-02-31 passes: it still compares sensibly against
 * created_at). kioskctl checks --since with it. */
bool store_date_ok(const char *s);

/*
 * Calls cb once per matching lead, ordered by created_at then id. The lead
 * is owned by store_foreach and valid only during the call. A non-zero
 * return from cb stops the walk and is returned as is (so callbacks should
 * return values that do not clash with enum store_err, e.g. negative ones).
 * cb must not write through the same st; collect ids and call
 * store_mark_exported() afterwards. Errors: STORE_INVALID (bad filter),
 * and the usual database errors.
 */
int store_foreach(struct store *st, const struct store_filter *filter,
		  int (*cb)(void *ctx, const struct store_lead *lead), void *ctx);

/* Sets exported_at = now_ms on the n leads in ids, all or none, in one
 * transaction. STORE_NOTFOUND (and nothing marked) if any id is unknown,
 * e.g. because it was erased since the export began. n == 0 is a no-op. */
enum store_err store_mark_exported(struct store *st, const char *const *ids,
				   size_t n, int64_t now_ms);

/* Deletes sent leads whose sent_at is more than days before now_ms, and
 * writes how many to *purged (may be NULL). Queued and rejected leads are
 * never touched. days 0 deletes every sent lead (times are whole seconds:
 * one sent earlier in the same second as now_ms counts). STORE_INVALID for
 * negative days. */
enum store_err store_purge_sent(struct store *st, int days, int64_t now_ms,
				long *purged);

/* Small settings (event tag override, uploader status, PIN lockout).
 * store_kv_get: on STORE_OK *value_out is a malloc'd copy the caller frees
 *   (a stored NULL reads back as ""); STORE_NOTFOUND if the key is absent,
 *   and then *value_out is NULL.
 * store_kv_set: inserts or replaces; a NULL value deletes the key. */
enum store_err store_kv_get(struct store *st, const char *key, char **value_out);
enum store_err store_kv_set(struct store *st, const char *key, const char *value);

/*
 * Anonymous counts (issue 18): how many visits, previews, quiz plays, form
 * steps, leads, QR codes, slips and idle resets, per event tag and UTC
 * hour. A row holds only those four keys and a number: no lead id, no
 * answer, no time finer than the hour ("2026-03-03T10"), so nothing in
 * the table can be joined to a lead. src/report batches them in memory
 * and writes them off the UI thread.
 */
#define STORE_TALLY_HOUR_LEN 14	/* "YYYY-MM-DDTHH" plus the NUL */
#define STORE_TALLY_NAME_MAX 32	/* longest name, bytes */
#define STORE_TALLY_ITEM_MAX 64	/* longest item, bytes */

struct store_tally {
	const char *event;	/* the event tag ("" = none; NULL reads as "") */
	const char *hour;	/* UTC "YYYY-MM-DDTHH" */
	const char *name;	/* e.g. "visit.start", "role.preview" */
	const char *item;	/* what within name ("" or NULL = nothing), e.g. a role id */
	long n;			/* >= 0 */
};

/* Formats unix ms as the UTC hour "YYYY-MM-DDTHH". STORE_INVALID if ms is
 * negative or beyond year 9999. */
enum store_err store_tally_hour(int64_t ms, char out[STORE_TALLY_HOUR_LEN]);

/* Adds each row's n to its count (creating it), all rows in one
 * transaction: all or none. STORE_INVALID (nothing written) for a bad
 * hour, an empty or over-long name, an over-long event or item, or a
 * negative n. nrows == 0 is a no-op. */
enum store_err store_tally_add(struct store *st, const struct store_tally *rows, size_t nrows);

/* Which counts store_tally_foreach visits; NULL fields do not filter.
 * since and until are UTC dates "YYYY-MM-DD", both inclusive. */
struct store_tally_filter {
	const char *event;
	const char *since;
	const char *until;
	const char *name;
};

/* Calls cb once per count, ordered by event, hour, name, item; the row is
 * valid only during the call. A non-zero return from cb stops the walk
 * and is returned. */
int store_tally_foreach(struct store *st, const struct store_tally_filter *f,
			int (*cb)(void *ctx, const struct store_tally *row), void *ctx);

/* Calls cb once per count of from_hour ("YYYY-MM-DDTHH", NULL = all) and
 * later, ordered by hour, event, name, item (the heartbeat sends them to
 * the office in that order, oldest first). As store_tally_foreach
 * otherwise; STORE_INVALID for a malformed from_hour. */
int store_tally_from_hour(struct store *st, const char *from_hour,
			  int (*cb)(void *ctx, const struct store_tally *row), void *ctx);

/* Deletes the counts of hours that ended more than days before now_ms (the
 * leads' retention_days), and writes how many rows to *purged (may be
 * NULL). STORE_INVALID for negative days. */
enum store_err store_tally_purge(struct store *st, int days, int64_t now_ms, long *purged);

/* The data folder used when none is given: $XDG_DATA_HOME/carekiosk, else
 * ~/.local/share/carekiosk. Shared by the kiosk and kioskctl. */
void store_default_dir(char *out, size_t n);

#endif
