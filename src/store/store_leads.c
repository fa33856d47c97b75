/*
 * store_leads.c: adding leads and moving them through the upload states
 * (queued -> sent | rejected, rejected -> queued), and erasure.
 */
#include "store/store_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* A random (version 4) UUID from the kernel's CSPRNG, lower-case. */
static enum store_err new_uuid(char out[STORE_ID_LEN])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return STORE_IO;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, STORE_ID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return STORE_OK;
}

/* The answers must be one JSON object and nothing after it. We store the
 * caller's bytes, not a re-serialisation, so what was typed survives as is. */
static enum store_err check_answers(const char *json)
{
	if (!json || strlen(json) > STORE_ANSWERS_MAX)
		return STORE_INVALID;
	cJSON *root = cJSON_ParseWithOpts(json, NULL, 1);
	enum store_err err = cJSON_IsObject(root) ? STORE_OK : STORE_INVALID;
	cJSON_Delete(root);
	return err;
}

/* The column values of a new lead, as text (NULL = SQL NULL). answers and
 * sealed: exactly one is set. */
static enum store_err insert_lead(struct store *st, const struct store_lead_in *in,
				  const char *id, const char *when, const char *sealed)
{
	static const char sql[] =
		"INSERT INTO leads(id, created_at, event, device, app_version,"
		" content_version, lang, answers, sealed, key_id, programme, quiz_attached,"
		" clock_synced, status)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'queued')";
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if ((err = store_db_prepare(st, sql, &stmt)))
		return err;
	const char *vals[] = { id, when, in->event, in->device, in->app_version,
			       in->content_version, in->lang, sealed ? NULL : in->answers_json,
			       sealed, sealed ? st->key.key_id : NULL, in->programme };
	for (int i = 0; i < (int)(sizeof vals / sizeof vals[0]); i++)
		if ((err = store_db_bind_text(stmt, i + 1, vals[i])))
			goto out;
	if ((err = store_db_err(sqlite3_bind_int(stmt, 12, in->quiz_attached ? 1 : 0))))
		goto out;
	if (in->clock != STORE_CLOCK_UNKNOWN &&
	    (err = store_db_err(sqlite3_bind_int(stmt, 13, in->clock == STORE_CLOCK_SYNCED))))
		goto out;
	err = store_db_step_done(stmt);
out:
	sqlite3_finalize(stmt);
	return err;
}

enum store_err store_add_lead(struct store *st, const struct store_lead_in *in,
			      int64_t now_unix_ms, char id_out[STORE_ID_LEN])
{
	char id[STORE_ID_LEN], when[STORE_TIME_LEN];
	char *sealed = NULL;
	enum store_err err;

	if (id_out)
		id_out[0] = '\0';
	if (!st || !in || !id_out || st->read_only)
		return STORE_INVALID;
	if ((err = check_answers(in->answers_json)))
		return err;
	if ((err = store_db_time(now_unix_ms, when)) || (err = new_uuid(id)))
		return err;
	/* Sealed here, before SQLite sees a byte of the answers. */
	if (st->sealing) {
		enum seal_err se = seal_lead(&st->key, id, in->answers_json, &sealed);
		if (se)
			return se == SEAL_NOMEM ? STORE_NOMEM : STORE_KEY;
	}
	if ((err = store_db_begin(st)))
		goto out;
	if ((err = insert_lead(st, in, id, when, sealed)))
		goto out;
	/* synchronous=FULL: COMMIT returns once the WAL is on disk. */
	if ((err = store_db_commit(st)))
		goto out;
	memcpy(id_out, id, STORE_ID_LEN);
out:
	free(sealed);
	if (err)
		store_db_rollback(st);
	return err;
}

static enum store_err dup_col(sqlite3_stmt *stmt, int col, char **out)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	*out = NULL;
	if (!t)
		return sqlite3_column_type(stmt, col) == SQLITE_NULL ? STORE_OK : STORE_NOMEM;
	size_t n = (size_t)sqlite3_column_bytes(stmt, col);
	*out = malloc(n + 1);
	if (!*out)
		return STORE_NOMEM;
	memcpy(*out, t, n);
	(*out)[n] = '\0';
	return STORE_OK;
}

enum store_err store_db_read_lead(sqlite3_stmt *stmt, struct store_lead *out)
{
	char **text[] = {
		NULL, &out->created_at, &out->event, &out->device, &out->app_version,
		&out->content_version, &out->lang, &out->answers_json, &out->status,
		NULL, &out->last_error, NULL, &out->sent_at, &out->exported_at,
		&out->sealed, &out->key_id, &out->programme,
	};
	enum store_err err = STORE_OK;
	const unsigned char *id = sqlite3_column_text(stmt, 0);

	if (!id || sqlite3_column_bytes(stmt, 0) != STORE_ID_LEN - 1) {
		err = id ? STORE_CORRUPT : STORE_NOMEM;
		goto out;
	}
	memcpy(out->id, id, STORE_ID_LEN);
	for (int i = 1; i < (int)(sizeof text / sizeof text[0]); i++)
		if (text[i] && (err = dup_col(stmt, i, text[i])))
			goto out;
	out->attempts = (long)sqlite3_column_int64(stmt, 9);
	out->next_attempt_at = sqlite3_column_int64(stmt, 11);
	out->quiz_attached = sqlite3_column_type(stmt, 17) == SQLITE_NULL
				     ? -1 : sqlite3_column_int(stmt, 17) != 0;
	out->clock = sqlite3_column_type(stmt, 18) == SQLITE_NULL ? STORE_CLOCK_UNKNOWN
		     : sqlite3_column_int(stmt, 18)		   ? STORE_CLOCK_SYNCED
								   : STORE_CLOCK_UNSYNCED;
out:
	if (err)
		store_lead_clear(out);
	return err;
}

void store_lead_clear(struct store_lead *lead)
{
	if (!lead)
		return;
	free(lead->created_at);
	free(lead->event);
	free(lead->device);
	free(lead->app_version);
	free(lead->content_version);
	free(lead->lang);
	if (lead->answers_json)	/* personal data: wiped, not just freed */
		explicit_bzero(lead->answers_json, strlen(lead->answers_json));
	free(lead->answers_json);
	free(lead->status);
	free(lead->last_error);
	free(lead->sent_at);
	free(lead->exported_at);
	free(lead->sealed);
	free(lead->key_id);
	free(lead->programme);
	memset(lead, 0, sizeof *lead);
}

enum store_err store_next_due(struct store *st, int64_t now_ms,
			      struct store_lead *out)
{
	/* rowid breaks ties between leads created in the same second, so the
	 * queue is first in, first out. */
	static const char sql[] =
		"SELECT " STORE_LEAD_COLUMNS " FROM leads"
		" WHERE status = 'queued' AND next_attempt_at <= ?1"
		" ORDER BY created_at, rowid LIMIT 1";
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || !out)
		return STORE_INVALID;
	store_lead_clear(out);
	if ((err = store_db_prepare(st, sql, &stmt)))
		goto out;
	if ((err = store_db_err(sqlite3_bind_int64(stmt, 1, now_ms))))
		goto out;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		err = rc == SQLITE_DONE ? STORE_NOTFOUND : store_db_err(rc);
		goto out;
	}
	err = store_db_read_lead(stmt, out);
out:
	sqlite3_finalize(stmt);
	return err;
}

enum store_err store_next_wake(struct store *st, int64_t *ms_out)
{
	if (!st || !ms_out)
		return STORE_INVALID;
	return store_db_one_int64(
		st, "SELECT min(next_attempt_at) FROM leads WHERE status = 'queued'", ms_out);
}

enum store_err store_pull_retries(struct store *st, int64_t latest_ms)
{
	static const char sql[] =
		"UPDATE leads SET next_attempt_at = ?1"
		" WHERE status = 'queued' AND next_attempt_at > ?1";
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || latest_ms < 0)
		return STORE_INVALID;
	if ((err = store_db_begin(st)))
		goto out;
	if ((err = store_db_prepare(st, sql, &stmt)))
		goto out;
	if ((err = store_db_err(sqlite3_bind_int64(stmt, 1, latest_ms))))
		goto out;
	if ((err = store_db_step_done(stmt)))
		goto out;
	err = store_db_commit(st);
out:
	sqlite3_finalize(stmt);
	store_db_rollback(st);
	return err;
}

/*
 * Runs one state-changing UPDATE in a write transaction. sql binds ?1 = id
 * and, if it uses them, ?2 = text and ?3 = num, and names the state it
 * starts from in its WHERE clause. When no row changed, tells an unknown id
 * (STORE_NOTFOUND) from a lead in another state (STORE_INVALID).
 */
static enum store_err transition(struct store *st, const char *id, const char *sql,
				 const char *text, int64_t num)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || !store_db_id_ok(id))
		return STORE_INVALID;
	if ((err = store_db_begin(st)))
		goto out;
	if ((err = store_db_prepare(st, sql, &stmt)))
		goto out;
	int nparams = sqlite3_bind_parameter_count(stmt);
	if ((err = store_db_bind_text(stmt, 1, id)))
		goto out;
	if (nparams >= 2 && (err = store_db_bind_text(stmt, 2, text)))
		goto out;
	if (nparams >= 3 && (err = store_db_err(sqlite3_bind_int64(stmt, 3, num))))
		goto out;
	if ((err = store_db_step_done(stmt)))
		goto out;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (sqlite3_changes(st->db) == 0) {
		err = store_db_prepare(st, "SELECT 1 FROM leads WHERE id = ?1", &stmt);
		if (err || (err = store_db_bind_text(stmt, 1, id)))
			goto out;
		int rc = sqlite3_step(stmt);
		err = rc == SQLITE_ROW ? STORE_INVALID :
		      rc == SQLITE_DONE ? STORE_NOTFOUND : store_db_err(rc);
		goto out;
	}
	err = store_db_commit(st);
out:
	sqlite3_finalize(stmt);
	store_db_rollback(st);
	return err;
}

enum store_err store_mark_sent(struct store *st, const char *id, int64_t now_ms)
{
	char when[STORE_TIME_LEN];
	enum store_err err = store_db_time(now_ms, when);
	if (err)
		return err;
	return transition(st, id,
			  "UPDATE leads SET status = 'sent', sent_at = ?2, last_error = NULL"
			  " WHERE id = ?1 AND status = 'queued'", when, 0);
}

enum store_err store_mark_retry(struct store *st, const char *id,
				const char *error, int64_t next_attempt_ms)
{
	if (next_attempt_ms < 0)
		return STORE_INVALID;
	return transition(st, id,
			  "UPDATE leads SET attempts = attempts + 1, last_error = ?2,"
			  " next_attempt_at = ?3 WHERE id = ?1 AND status = 'queued'",
			  error, next_attempt_ms);
}

enum store_err store_mark_rejected(struct store *st, const char *id,
				   const char *error)
{
	return transition(st, id,
			  "UPDATE leads SET status = 'rejected', last_error = ?2"
			  " WHERE id = ?1 AND status = 'queued'", error, 0);
}

enum store_err store_requeue(struct store *st, const char *id)
{
	return transition(st, id,
			  "UPDATE leads SET status = 'queued', attempts = 0,"
			  " next_attempt_at = 0, last_error = NULL"
			  " WHERE id = ?1 AND status = 'rejected'", NULL, 0);
}

void store_db_scrub_wal(struct store *st)
{
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

enum store_err store_delete_lead(struct store *st, const char *id)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || !store_db_id_ok(id) || st->read_only)
		return STORE_INVALID;
	if ((err = store_db_prepare(st, "DELETE FROM leads WHERE id = ?1", &stmt)))
		goto out;
	if ((err = store_db_step_id(st, stmt, id)))
		goto out;
	store_db_scrub_wal(st);
out:
	sqlite3_finalize(stmt);
	return err;
}

enum store_err store_newest_time(struct store *st, int64_t *ms_out)
{
	/* The clock "newest seen" is kept in kv clock.newest_ms by the kiosk;
	 * leads' own times count too (a database carried over, an older
	 * kiosk's leads). Text times compare as times: all are UTC "...Z". */
	static const char sql[] =
		"SELECT max(coalesce(CAST(strftime('%s', (SELECT max(created_at) FROM leads))"
		" AS INTEGER) * 1000, -1), coalesce(CAST(strftime('%s', (SELECT max(sent_at)"
		" FROM leads)) AS INTEGER) * 1000, -1), coalesce((SELECT CAST(value AS INTEGER)"
		" FROM kv WHERE key = 'clock.newest_ms'), -1))";
	if (!st || !ms_out)
		return STORE_INVALID;
	enum store_err err = store_db_one_int64(st, sql, ms_out);
	if (!err && *ms_out < 0)
		err = STORE_NOTFOUND;
	return err;
}
