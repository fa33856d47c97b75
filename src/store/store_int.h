/*
 * Internals shared by store.c (open, migrations, kv) and store_leads.c /
 * store_export.c. Not for use outside src/store.
 */
#ifndef KIOSK_STORE_INT_H
#define KIOSK_STORE_INT_H

#include "store/seal.h"
#include "store/store.h"

#include <sqlite3.h>

/* "2026-03-03T10:15:02Z" plus the NUL. */
#define STORE_TIME_LEN 21

struct store {
	sqlite3 *db;
	bool read_only;
	bool sealing;		/* new leads are sealed to key */
	struct seal_pub key;
};

/* Maps a SQLite result code (primary or extended) to our error. */
enum store_err store_db_err(int rc);

/* Runs SQL that returns no rows we need. */
enum store_err store_db_exec(struct store *st, const char *sql);

/* Prepares one statement; *out is NULL on failure. */
enum store_err store_db_prepare(struct store *st, const char *sql,
				sqlite3_stmt **out);

/* Binds s as text, or NULL when s is NULL. The text is copied. */
enum store_err store_db_bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Steps a statement that must finish without returning rows. */
enum store_err store_db_step_done(sqlite3_stmt *stmt);

/* Runs sql and reads its one integer into *out: STORE_NOTFOUND when it
 * gives no row or NULL (*out untouched). */
enum store_err store_db_one_int64(struct store *st, const char *sql, int64_t *out);

/* Binds id as ?1 and steps a statement that changes the lead with that id
 * (an UPDATE or DELETE ... WHERE id = ?1): STORE_NOTFOUND when no row
 * changed. The caller resets or finalizes stmt. */
enum store_err store_db_step_id(struct store *st, sqlite3_stmt *stmt, const char *id);

/* BEGIN IMMEDIATE: takes the write lock now, so a transaction never fails
 * half-way for want of it. STORE_INVALID on a read-only store. */
enum store_err store_db_begin(struct store *st);

/* COMMIT; on failure the transaction is rolled back. */
enum store_err store_db_commit(struct store *st);

/* Rolls back if a transaction is open (SQLite may already have done so
 * after SQLITE_FULL or SQLITE_IOERR). Safe to call at any time. */
void store_db_rollback(struct store *st);

/* Formats unix ms as UTC "YYYY-MM-DDTHH:MM:SSZ". STORE_INVALID if ms is
 * negative or beyond year 9999. */
enum store_err store_db_time(int64_t ms, char buf[STORE_TIME_LEN]);

/* Validates a lead id's shape (36 characters of hex and dashes) so bad
 * input fails as STORE_INVALID rather than as a silent STORE_NOTFOUND. */
bool store_db_id_ok(const char *id);

/* The columns store_db_read_lead() expects, in order. */
#define STORE_LEAD_COLUMNS \
	"id, created_at, event, device, app_version, content_version, lang," \
	" answers, status, attempts, last_error, next_attempt_at, sent_at," \
	" exported_at, sealed, key_id, programme, quiz_attached, clock_synced"

/* Copies the current row of a statement selecting STORE_LEAD_COLUMNS into
 * *out, which must be zeroed or cleared. On error *out is cleared. */
enum store_err store_db_read_lead(sqlite3_stmt *stmt, struct store_lead *out);

/* Seals every plaintext lead to st->key in one transaction and scrubs the
 * old text from the files (store_seal.c). */
enum store_err store_db_seal_all(struct store *st);

/* Truncates the WAL so that erased answers do not linger in it. Best
 * effort: a reader in the middle of a transaction can prevent it. */
void store_db_scrub_wal(struct store *st);

#endif
