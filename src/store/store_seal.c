/*
 * store_seal.c: sealing the leads a database already holds in plain text
 * (a kiosk given an office key for the first time), and counting leads by
 * the key they are sealed to.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

/* Seals one row's answers in place (inside the caller's transaction). */
static enum store_err seal_row(struct store *st, sqlite3_stmt *upd, const char *id,
			       const char *answers)
{
	char *sealed = NULL;
	enum seal_err se = seal_lead(&st->key, id, answers, &sealed);
	if (se)
		return se == SEAL_NOMEM ? STORE_NOMEM : STORE_KEY;
	enum store_err err;
	if (!(err = store_db_bind_text(upd, 1, id)) &&
	    !(err = store_db_bind_text(upd, 2, sealed)) &&
	    !(err = store_db_bind_text(upd, 3, st->key.key_id)))
		err = store_db_step_done(upd);
	sqlite3_reset(upd);
	free(sealed);
	return err;
}

static enum store_err seal_rows(struct store *st, long *n)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	enum store_err err;

	*n = 0;
	if ((err = store_db_prepare(st, "SELECT id, answers FROM leads WHERE sealed IS NULL",
				    &sel)) ||
	    (err = store_db_prepare(st, "UPDATE leads SET sealed = ?2, key_id = ?3,"
				    " answers = NULL WHERE id = ?1", &upd)))
		goto out;
	for (;;) {
		int rc = sqlite3_step(sel);
		if (rc != SQLITE_ROW) {
			err = store_db_err(rc);
			break;
		}
		const char *id = (const char *)sqlite3_column_text(sel, 0);
		const char *answers = (const char *)sqlite3_column_text(sel, 1);
		if (!id || !answers) {
			err = STORE_NOMEM;
			break;
		}
		if ((err = seal_row(st, upd, id, answers)))
			break;
		++*n;
	}
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return err;
}

enum store_err store_db_seal_all(struct store *st)
{
	long n = 0;
	enum store_err err;

	if ((err = store_db_begin(st)))
		return err;
	if ((err = seal_rows(st, &n)) || (err = store_db_commit(st))) {
		store_db_rollback(st);
		return err;
	}
	if (n == 0)
		return STORE_OK;
	/* secure_delete zeroed the cells the answers were in, but the WAL
	 * still has the old pages, and the free list the old text: copy the
	 * WAL in and empty it, rebuild the file, empty the WAL again. */
	store_db_scrub_wal(st);
	if ((err = store_db_exec(st, "VACUUM")))
		return err;
	store_db_scrub_wal(st);
	return STORE_OK;
}

enum store_err store_key_counts(struct store *st,
				void (*cb)(void *ctx, const char *key_id, long n), void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || !cb)
		return STORE_INVALID;
	if ((err = store_db_prepare(st, "SELECT key_id, count(*) AS n FROM leads"
				    " GROUP BY key_id ORDER BY n DESC, key_id", &stmt)))
		return err;
	for (;;) {
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			err = store_db_err(rc);
			break;
		}
		cb(ctx, (const char *)sqlite3_column_text(stmt, 0),
		   (long)sqlite3_column_int64(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return err;
}
