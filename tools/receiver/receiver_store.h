/*
 * receiver_store: where the reference receiver keeps leads, behind a small
 * table of operations: SQLite (one office PC, the default) and PostgreSQL
 * (a fleet of kiosks feeding one database). The HTTP side never knows which.
 * Owned by tools/receiver.
 *
 * Contract for every backend:
 * - put() is called from many threads at once. Deciding "new, same or
 *   different" and inserting is the database's job (a primary key and
 *   INSERT ... ON CONFLICT DO NOTHING in one transaction): two concurrent
 *   puts of one id store one row, whichever receiver process they reach.
 * - STORED is returned only once the row is committed.
 * - "Same" compares the canonical body (receiver_check.h): what the kiosk
 *   sent, keys sorted, no white space.
 * - UNAVAILABLE means the database cannot be reached right now (restarting,
 *   network): the caller answers 503 with Retry-After; the backend
 *   reconnects by itself on a later call.
 * - The schema is versioned (RSTORE_SCHEMA_VERSION): opening runs the
 *   missing migrations in one transaction, and refuses a database whose
 *   schema is newer than this receiver knows.
 * - Errors never carry a lead's content, nor a database password.
 */
#ifndef RECEIVER_STORE_H
#define RECEIVER_STORE_H

#include <stdbool.h>
#include <stddef.h>

/* The schema version this receiver writes; both backends have exactly this
 * many migrations (receiver_store_sqlite.c, receiver_store_pg.c). */
#define RSTORE_SCHEMA_VERSION 8

/* One stored lead. Strings are borrowed; optional ones may be NULL.
 * Schema 1 has answers; schema 2 (sealed) has sealed and key_id instead,
 * stored as they came: the receiver cannot read them, only an export
 * given the office key can (docs/upload-protocol.md). */
struct rlead {
	const char *id;			/* lower-case UUID: the key */
	const char *created_at;		/* when the visitor saved it (kiosk clock) */
	const char *received_at;	/* when this receiver first stored it (UTC) */
	const char *device, *event, *app_version, *content_version, *lang;
	const char *kiosk;		/* the name of the token that sent it; NULL for
					 * a token from --token-file */
	const char *answers;		/* the answers object, canonical JSON; NULL if sealed */
	const char *body;		/* the whole canonical body */
	int schema;			/* 1 or 2 (0 is taken as 1) */
	const char *sealed;		/* schema 2: base64 crypto_box_seal of the answers */
	const char *key_id;		/* schema 2: the office key it is sealed to */
	const char *programme;		/* schema 2: readable routing (may be NULL) */
	int quiz_attached;		/* schema 2: 1, 0, or -1 (null / schema 1) */
	int clock_synced;		/* the kiosk's clock was synchronised when the
					 * lead was made: 1, 0, or -1 not known */
};

enum rstore_put {
	RSTORE_STORED,		/* new: now stored */
	RSTORE_SAME,		/* this id was stored before with identical content */
	RSTORE_CONFLICT,	/* this id is stored with different content */
	RSTORE_FAILED,		/* could not store; err says why */
	RSTORE_UNAVAILABLE,	/* the database is unreachable now; try again later */
};

/* One kiosk's token, as `token list` shows it (times UTC, NULL = never). */
struct rtoken {
	const char *name, *created_at, *last_used_at, *revoked_at;
};

/* A kiosk's latest heartbeat (receiver_status.c), every field as text
 * (NULL = not given): the columns of kiosk_status, in this order. */
enum {
	RS_KIOSK,		/* the token's name, or the device name (--token-file) */
	RS_SEEN_AT,		/* when this receiver got it (UTC) */
	RS_DEVICE, RS_APP_VERSION, RS_CONTENT_VERSION,
	RS_QUEUED, RS_REJECTED,	/* integers */
	RS_LAST_UPLOAD, RS_LAST_ERROR,
	RS_FREE_DISK_MB,	/* integer */
	RS_CLOCK,		/* the kiosk's clock as it sent it */
	RS_CLOCK_OFFSET_S,	/* kiosk clock minus ours, seconds (real) */
	RS_CLOCK_SYNCED,	/* 1 or 0 */
	RS_CONTENT_REFUSED,	/* why the kiosk last refused new content (schema 8) */
	RS_COUNT
};
struct rstatus {
	const char *v[RS_COUNT];
	/* The kiosk's anonymous counts, checked (receiver_status.c): a JSON
	 * array of {"event","hour","name","item","n"}, each hour's total, or
	 * NULL. status_put sets each (kiosk, event, hour, name, item) to n. */
	const char *counts;
};

/* An office user (receiver_office_users.c). */
#define RUSER_HASH_MAX 128	/* libsodium's crypto_pwhash_STRBYTES */
struct ruser {
	char hash[RUSER_HASH_MAX];	/* crypto_pwhash_str's text */
	int failures;		/* wrong passwords since the last right one */
	long long locked_until;	/* unix seconds; 0 = not locked */
};

/* A lead's call status (the office page), every field text. */
struct rcall {
	const char *lead_id, *status, *note, *set_by, *set_at;
};

struct rstore;

struct rstore_ops {
	const char *name;
	/* Stores lead (its received_at is set by the backend). */
	enum rstore_put (*put)(struct rstore *s, const struct rlead *lead, char *err, size_t n);
	/* Calls cb for every lead, oldest received first; a non-zero return
	 * stops and is returned. -1 on a storage error (err filled). */
	int (*each)(struct rstore *s, int (*cb)(void *ctx, const struct rlead *lead), void *ctx,
		    char *err, size_t n);

	/* Per-kiosk tokens (receiver_tokens.c). The store sees only the keyed
	 * hash of a token (64 hex digits), never the token. */
	/* 0 added (a revoked token of that name is replaced), 1 the name has a
	 * live token already, -1 error. */
	int (*token_add)(struct rstore *s, const char *name, const char *hash, char *err, size_t n);
	/* 0 revoked, 1 no live token has that name, -1 error. */
	int (*token_revoke)(struct rstore *s, const char *name, char *err, size_t n);
	/* Calls cb for every token, by name; as each() otherwise. */
	int (*token_each)(struct rstore *s, int (*cb)(void *ctx, const struct rtoken *t), void *ctx,
			  char *err, size_t n);
	/* Is hash a live token? 1 yes (its name copied to name, and its last
	 * use noted, at most once a minute), 0 no, -1 the database cannot be
	 * asked now (err filled). Never cached: a revoke works at once. */
	int (*token_check)(struct rstore *s, const char *hash, char *name, size_t name_n, char *err,
			   size_t n);

	/* Kiosk status: keeps the latest heartbeat per kiosk, and sets its
	 * counts (st->counts) to the totals sent, in the same transaction: a
	 * heartbeat stored twice counts once. 0 or -1. */
	int (*status_put)(struct rstore *s, const struct rstatus *st, char *err, size_t n);
	/* Calls cb for every kiosk, by name; as each() otherwise. */
	int (*status_each)(struct rstore *s, int (*cb)(void *ctx, const struct rstatus *st),
			   void *ctx, char *err, size_t n);
	/* The counts summed over kiosks, hours and items: cb once per event
	 * tag and counter name, by event; as each() otherwise. */
	int (*counts_each)(struct rstore *s,
			   int (*cb)(void *ctx, const char *event, const char *name, long long n),
			   void *ctx, char *err, size_t n);

	/* Office users, call statuses and the audit log (receiver_office*.c).
	 * user_add: 0 added, 1 the name is taken, -1 error. */
	int (*user_add)(struct rstore *s, const char *name, const char *hash, char *err, size_t n);
	/* 1 found (out filled), 0 no such user, -1 error. */
	int (*user_get)(struct rstore *s, const char *name, struct ruser *out, char *err, size_t n);
	/* Records the count of wrong passwords and the lock. 0 or -1. */
	int (*user_set_lock)(struct rstore *s, const char *name, int failures,
			     long long locked_until, char *err, size_t n);
	/* Sets a lead's call status (set_at is now). 0 or -1. */
	int (*call_put)(struct rstore *s, const struct rcall *c, char *err, size_t n);
	/* Calls cb for every call status; as each() otherwise. */
	int (*call_each)(struct rstore *s, int (*cb)(void *ctx, const struct rcall *c), void *ctx,
			 char *err, size_t n);
	/* "Asked to be deleted": the lead keeps only what counts need (id,
	 * times, event, kiosk, device, versions, programme); its answers,
	 * sealed text, body and call note are gone. 0, 1 no such lead, -1. */
	int (*lead_forget)(struct rstore *s, const char *id, char *err, size_t n);
	/* One audit row: who did what (view, export, change, delete) to
	 * which leads (ids separated by spaces, never names). 0 or -1. */
	int (*audit_add)(struct rstore *s, const char *user, const char *action, const char *ids,
			 char *err, size_t n);

	void (*close)(struct rstore *s);
};

struct rstore {
	const struct rstore_ops *ops;
};

struct rstore_options {
	int pool;		/* PostgreSQL: connections kept open (1..64) */
	int wait_ms;		/* PostgreSQL: longest wait for a free connection */
};

/* Opens the store named by where: "postgresql://..." (or "postgres://...",
 * libpq's URI) or a SQLite file path (created with mode 0600), and brings
 * its schema up to date. NULL on failure with err filled (never the
 * password). opt may be NULL for the defaults. */
struct rstore *rstore_open(const char *where, const struct rstore_options *opt, char *err,
			   size_t n);

/* The backends (receiver_store_sqlite.c, receiver_store_pg.c). */
struct rstore *rstore_sqlite_open(const char *path, char *err, size_t n);
struct rstore *rstore_pg_open(const char *uri, const struct rstore_options *opt, char *err,
			      size_t n);

/* For the backends: the message for a schema newer than this receiver. */
void rstore_too_new(char *err, size_t n, const char *where, long have);

/* For the backends: now in UTC as 2026-03-03T10:15:02.123Z. */
void rstore_now_utc(char out[32]);

/* For the backends: now minus seconds, in the same form. */
void rstore_utc_ago(int seconds, char out[32]);

/* where with any password and query replaced by "...", for messages. */
void rstore_redact(const char *where, char *out, size_t n);

#endif
