/*
 * store_tally.c: the anonymous counts table (store.h, "Anonymous counts").
 * Rows are keyed by event tag, UTC hour, name and item and hold a number;
 * adding is an upsert, so a batch of any size is one short transaction.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum store_err store_tally_hour(int64_t ms, char out[STORE_TALLY_HOUR_LEN])
{
	char t[STORE_TIME_LEN];
	enum store_err err = store_db_time(ms, t);
	out[0] = '\0';
	if (err)
		return err;
	memcpy(out, t, STORE_TALLY_HOUR_LEN - 1);	/* "YYYY-MM-DDTHH" */
	out[STORE_TALLY_HOUR_LEN - 1] = '\0';
	return STORE_OK;
}

static bool hour_ok(const char *h)
{
	static const char shape[] = "dddd-dd-ddTdd";
	if (!h || strlen(h) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? h[i] < '0' || h[i] > '9' : h[i] != shape[i])
			return false;
	return true;
}

static bool row_ok(const struct store_tally *r)
{
	return hour_ok(r->hour) && r->name && *r->name &&
	       strlen(r->name) <= STORE_TALLY_NAME_MAX && r->n >= 0 &&
	       (!r->item || strlen(r->item) <= STORE_TALLY_ITEM_MAX) &&
	       (!r->event || strlen(r->event) <= 255);
}

/* "YYYY-MM-DDTHH" (checked) as hours since 1970. */
static int64_t hour_number(const char *h)
{
	int y = atoi(h), m = atoi(h + 5), d = atoi(h + 8), hh = atoi(h + 11);
	/* Days from civil (Howard Hinnant's algorithm): no timegm, no TZ. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 24 + hh;
}

static const char *const add_sql[] = {
	"INSERT OR IGNORE INTO tally_events(tag) VALUES (?1)",
	"INSERT OR IGNORE INTO tally_keys(name, item) VALUES (?3, ?4)",
	"INSERT INTO tally(event, hour, key, n) VALUES"
	" ((SELECT id FROM tally_events WHERE tag = ?1), ?2,"
	" (SELECT id FROM tally_keys WHERE name = ?3 AND item = ?4), ?5)"
	" ON CONFLICT(event, hour, key) DO UPDATE SET n = n + excluded.n",
};

/* Binds what statement s uses of ?1..?5 (event, hour, name, item, n). */
static enum store_err bind_row(sqlite3_stmt *s, const struct store_tally *r)
{
	int np = sqlite3_bind_parameter_count(s);
	enum store_err err = STORE_OK;
	if (!err && np >= 1)
		err = store_db_bind_text(s, 1, r->event ? r->event : "");
	if (!err && np >= 2)
		err = store_db_err(sqlite3_bind_int64(s, 2, hour_number(r->hour)));
	if (!err && np >= 3)
		err = store_db_bind_text(s, 3, r->name);
	if (!err && np >= 4)
		err = store_db_bind_text(s, 4, r->item ? r->item : "");
	if (!err && np >= 5)
		err = store_db_err(sqlite3_bind_int64(s, 5, r->n));
	return err;
}

static enum store_err add_one(sqlite3_stmt *const *stmt, const struct store_tally *r)
{
	enum store_err err = STORE_OK;
	for (int i = 0; !err && i < 3; i++) {
		sqlite3_reset(stmt[i]);
		if (!(err = bind_row(stmt[i], r)))
			err = store_db_step_done(stmt[i]);
	}
	return err;
}

enum store_err store_tally_add(struct store *st, const struct store_tally *rows, size_t nrows)
{
	sqlite3_stmt *stmt[3] = {NULL, NULL, NULL};
	enum store_err err = STORE_OK;

	if (!st || (nrows && !rows) || st->read_only)
		return STORE_INVALID;
	for (size_t i = 0; i < nrows; i++)
		if (!row_ok(&rows[i]))
			return STORE_INVALID;
	if (!nrows)
		return STORE_OK;
	if ((err = store_db_begin(st)))
		return err;
	for (int i = 0; !err && i < 3; i++)
		err = store_db_prepare(st, add_sql[i], &stmt[i]);
	for (size_t i = 0; !err && i < nrows; i++)
		err = add_one(stmt, &rows[i]);
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(stmt[i]);
	if (!err)
		return store_db_commit(st);
	store_db_rollback(st);
	return err;
}

static bool date_ok(const char *d)
{
	char h[STORE_TALLY_HOUR_LEN];
	if (!d || strlen(d) != 10)
		return false;
	snprintf(h, sizeof h, "%sT00", d);
	return hour_ok(h);
}

/* Hands each row of stmt (event, hour, name, item, n) to cb; the hour is
 * either its text or, where hour_is_number, hours since the epoch. */
static int each_row(sqlite3_stmt *stmt, bool hour_is_number,
		    int (*cb)(void *ctx, const struct store_tally *row), void *ctx)
{
	int s, rc;
	while ((s = sqlite3_step(stmt)) == SQLITE_ROW) {
		char hour[STORE_TALLY_HOUR_LEN];
		const char *h = (const char *)sqlite3_column_text(stmt, 1);
		if (hour_is_number) {
			int64_t ms = sqlite3_column_int64(stmt, 1) * 3600000;
			enum store_err err = store_tally_hour(ms, hour);
			if (err)
				return err;
			h = hour;
		}
		const struct store_tally row = {
			.event = (const char *)sqlite3_column_text(stmt, 0),
			.hour = h,
			.name = (const char *)sqlite3_column_text(stmt, 2),
			.item = (const char *)sqlite3_column_text(stmt, 3),
			.n = (long)sqlite3_column_int64(stmt, 4),
		};
		if (!row.event || !row.hour || !row.name || !row.item)
			return STORE_NOMEM;
		if ((rc = cb(ctx, &row)))
			return rc;
	}
	return store_db_err(s);
}

int store_tally_foreach(struct store *st, const struct store_tally_filter *f,
			int (*cb)(void *ctx, const struct store_tally *row), void *ctx)
{
	static const struct store_tally_filter none;
	sqlite3_stmt *stmt = NULL;
	char since[STORE_TALLY_HOUR_LEN] = "", until[STORE_TALLY_HOUR_LEN] = "";
	int rc = STORE_OK;

	if (!f)
		f = &none;
	if (!st || !cb || (f->since && !date_ok(f->since)) || (f->until && !date_ok(f->until)))
		return STORE_INVALID;
	if (f->since)
		snprintf(since, sizeof since, "%sT00", f->since);
	if (f->until)
		snprintf(until, sizeof until, "%sT23", f->until);
	enum store_err err = store_db_prepare(
		st, "SELECT event, hour, name, item, n FROM tally_hours"
		    " WHERE (?1 IS NULL OR event = ?1) AND (?2 IS NULL OR hour >= ?2)"
		    " AND (?3 IS NULL OR hour <= ?3) AND (?4 IS NULL OR name = ?4)"
		    " ORDER BY event, hour, name, item", &stmt);
	if (err || (err = store_db_bind_text(stmt, 1, f->event)) ||
	    (err = store_db_bind_text(stmt, 2, f->since ? since : NULL)) ||
	    (err = store_db_bind_text(stmt, 3, f->until ? until : NULL)) ||
	    (err = store_db_bind_text(stmt, 4, f->name))) {
		rc = err;
		goto out;
	}
	rc = each_row(stmt, false, cb, ctx);
out:
	sqlite3_finalize(stmt);
	return rc;
}

enum store_err store_tally_purge(struct store *st, int days, int64_t now_ms, long *purged)
{
	sqlite3_stmt *stmt = NULL;
	char cutoff[STORE_TALLY_HOUR_LEN];
	enum store_err err;

	if (purged)
		*purged = 0;
	if (!st || days < 0 || now_ms < 0 || st->read_only)
		return STORE_INVALID;
	int64_t limit = now_ms - (int64_t)days * 86400000;
	if (limit < 0)
		return STORE_OK;
	/* An hour ended before limit exactly when it began before limit's
	 * own hour; the text compares in time order. */
	if ((err = store_tally_hour(limit, cutoff)))
		return err;
	/* Tags and names no count uses any more go too: an event's tag is
	 * kept no longer than its counts. */
	if ((err = store_db_begin(st)))
		return err;
	err = store_db_prepare(st, "DELETE FROM tally WHERE hour < ?1", &stmt);
	if (err || (err = store_db_err(sqlite3_bind_int64(stmt, 1, hour_number(cutoff)))) ||
	    (err = store_db_step_done(stmt)))
		goto out;
	long n = (long)sqlite3_changes(st->db);
	if (n > 0 && ((err = store_db_exec(st, "DELETE FROM tally_events WHERE id NOT IN"
					   " (SELECT event FROM tally)")) ||
		      (err = store_db_exec(st, "DELETE FROM tally_keys WHERE id NOT IN"
					   " (SELECT key FROM tally)"))))
		goto out;
	if ((err = store_db_commit(st)))
		goto out;
	if (purged)
		*purged = n;
out:
	sqlite3_finalize(stmt);
	store_db_rollback(st);
	return err;
}

int store_tally_from_hour(struct store *st, const char *from_hour,
			  int (*cb)(void *ctx, const struct store_tally *row), void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	int rc = STORE_OK;

	if (!st || !cb || (from_hour && !hour_ok(from_hour)))
		return STORE_INVALID;
	enum store_err err = store_db_prepare(
		st, "SELECT e.tag, t.hour, k.name, k.item, t.n FROM tally t"
		    " JOIN tally_events e ON e.id = t.event JOIN tally_keys k ON k.id = t.key"
		    " WHERE t.hour >= ?1 ORDER BY t.hour, e.tag, k.name, k.item", &stmt);
	if (err || (err = store_db_err(sqlite3_bind_int64(stmt, 1, from_hour
									? hour_number(from_hour)
									: 0)))) {
		rc = err;
		goto out;
	}
	rc = each_row(stmt, true, cb, ctx);
out:
	sqlite3_finalize(stmt);
	return rc;
}
