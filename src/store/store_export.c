/*
 * store_export.c: what staff see and take away: counts, walking leads for
 * CSV export, marking them exported, and purging old sent leads.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

enum store_err store_counts(struct store *st, const char *event, int64_t now_ms,
			    struct store_counts *out)
{
	/* count(CASE ...) is 0, not NULL, on an empty table. event = NULL is
	 * never true, so a NULL event counts 0. */
	static const char sql[] =
		"SELECT count(*),"
		" count(CASE WHEN substr(created_at, 1, 10) = ?1 THEN 1 END),"
		" count(CASE WHEN event = ?2 THEN 1 END),"
		" count(CASE WHEN status = 'queued' THEN 1 END),"
		" count(CASE WHEN status = 'sent' THEN 1 END),"
		" count(CASE WHEN status = 'rejected' THEN 1 END),"
		" count(exported_at), count(sealed)"
		" FROM leads";
	sqlite3_stmt *stmt = NULL;
	char now[STORE_TIME_LEN];
	enum store_err err;

	if (!st || !out)
		return STORE_INVALID;
	memset(out, 0, sizeof *out);
	if ((err = store_db_time(now_ms, now)))
		return err;
	now[10] = '\0';		/* the date part */
	if ((err = store_db_prepare(st, sql, &stmt)))
		goto out;
	if ((err = store_db_bind_text(stmt, 1, now)) ||
	    (err = store_db_bind_text(stmt, 2, event)))
		goto out;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		err = store_db_err(rc);
		goto out;
	}
	long *fields[] = { &out->total, &out->today, &out->event, &out->queued,
			   &out->sent, &out->rejected, &out->exported, &out->sealed };
	for (int i = 0; i < (int)(sizeof fields / sizeof fields[0]); i++)
		*fields[i] = (long)sqlite3_column_int64(stmt, i);
out:
	sqlite3_finalize(stmt);
	return err;
}

static bool status_ok(const char *s)
{
	return !strcmp(s, "queued") || !strcmp(s, "sent") || !strcmp(s, "rejected");
}

bool store_date_ok(const char *s)
{
	if (!s || strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int store_foreach(struct store *st, const struct store_filter *filter,
		  int (*cb)(void *ctx, const struct store_lead *lead), void *ctx)
{
	/* A NULL parameter disables its condition, so one statement serves
	 * every combination of filters. */
	static const char sql[] =
		"SELECT " STORE_LEAD_COLUMNS " FROM leads"
		" WHERE (?1 IS NULL OR status = ?1)"
		" AND (?2 IS NULL OR event = ?2)"
		" AND (?3 IS NULL OR created_at >= ?3)"
		" ORDER BY created_at, id";
	static const struct store_filter all;
	struct store_lead lead = { 0 };
	sqlite3_stmt *stmt = NULL;
	int ret;

	if (!filter)
		filter = &all;
	if (!st || !cb || (filter->status && !status_ok(filter->status)) ||
	    (filter->since && !store_date_ok(filter->since)))
		return STORE_INVALID;
	if ((ret = store_db_prepare(st, sql, &stmt)))
		goto out;
	if ((ret = store_db_bind_text(stmt, 1, filter->status)) ||
	    (ret = store_db_bind_text(stmt, 2, filter->event)) ||
	    (ret = store_db_bind_text(stmt, 3, filter->since)))
		goto out;
	for (;;) {
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			ret = store_db_err(rc);
			goto out;
		}
		if ((ret = store_db_read_lead(stmt, &lead)))
			goto out;
		ret = cb(ctx, &lead);
		store_lead_clear(&lead);
		if (ret)
			goto out;
	}
out:
	store_lead_clear(&lead);
	sqlite3_finalize(stmt);
	return ret;
}

enum store_err store_mark_exported(struct store *st, const char *const *ids,
				   size_t n, int64_t now_ms)
{
	sqlite3_stmt *stmt = NULL;
	char when[STORE_TIME_LEN];
	enum store_err err;

	if (!st || (n && !ids) || st->read_only)
		return STORE_INVALID;
	if ((err = store_db_time(now_ms, when)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (!store_db_id_ok(ids[i]))
			return STORE_INVALID;
	if (n == 0)
		return STORE_OK;

	if ((err = store_db_begin(st)))
		goto out;
	err = store_db_prepare(st, "UPDATE leads SET exported_at = ?2 WHERE id = ?1",
			       &stmt);
	if (err || (err = store_db_bind_text(stmt, 2, when)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if ((err = store_db_step_id(st, stmt, ids[i])))
			goto out;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	err = store_db_commit(st);
out:
	sqlite3_finalize(stmt);
	store_db_rollback(st);
	return err;
}

enum store_err store_purge_sent(struct store *st, int days, int64_t now_ms,
				long *purged)
{
	sqlite3_stmt *stmt = NULL;
	char cutoff[STORE_TIME_LEN];
	enum store_err err;

	if (purged)
		*purged = 0;
	if (!st || days < 0 || now_ms < 0 || st->read_only)
		return STORE_INVALID;
	int64_t limit = now_ms - (int64_t)days * 86400000;
	if (limit < 0)
		return STORE_OK;	/* nothing was sent before 1970 */
	/* sent_at is kept to the second, so a lead sent at 10:00:00.9 reads
	 * 10:00:00: the cutoff rounds up to a whole second to count it as
	 * sent before 10:00:00.95. 0 days is every sent lead, also one dated
	 * after now by a clock that has since gone back. */
	if ((err = store_db_time(days ? (limit + 999) / 1000 * 1000 : INT64_C(253402300799000),
				 cutoff)))
		return err;

	/* Same text format on both sides, so text order is time order. */
	err = store_db_prepare(st, "DELETE FROM leads WHERE status = 'sent'"
			       " AND sent_at IS NOT NULL AND sent_at < ?1", &stmt);
	if (err || (err = store_db_bind_text(stmt, 1, cutoff)))
		goto out;
	if ((err = store_db_step_done(stmt)))
		goto out;
	long n = (long)sqlite3_changes(st->db);
	if (purged)
		*purged = n;
	if (n > 0)
		store_db_scrub_wal(st);
out:
	sqlite3_finalize(stmt);
	return err;
}
