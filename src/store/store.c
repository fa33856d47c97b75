/*
 * store.c: opening the leads database, migrations, small helpers and the kv
 * table. Leads themselves are in store_leads.c and store_export.c.
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The leads table as of schema 2 (what follows "CREATE TABLE name ("). */
#define LEADS_V2_COLUMNS                                                        \
	" id TEXT PRIMARY KEY,"                                                 \
	" created_at TEXT NOT NULL,"                                            \
	" event TEXT,"                                                          \
	" device TEXT,"                                                         \
	" app_version TEXT,"                                                    \
	" content_version TEXT,"                                                \
	" lang TEXT,"                                                           \
	" answers TEXT,"                                                        \
	" status TEXT NOT NULL CHECK(status IN ('queued','sent','rejected')),"  \
	" attempts INTEGER NOT NULL DEFAULT 0,"                                 \
	" last_error TEXT,"                                                     \
	" next_attempt_at INTEGER NOT NULL DEFAULT 0,"                          \
	" sent_at TEXT,"                                                        \
	" exported_at TEXT,"                                                    \
	" sealed TEXT,"                                                         \
	" key_id TEXT,"                                                         \
	" programme TEXT,"                                                      \
	" quiz_attached INTEGER,"                                               \
	" CHECK((answers IS NULL) <> (sealed IS NULL)),"                        \
	" CHECK((sealed IS NULL) = (key_id IS NULL)));"

/* The counts (store_tally.c): per event tag, UTC hour (hours since 1970,
 * never finer), counter and a number; tags and counter names are kept
 * once each, so a year of hourly counts stays small. No rowid, nothing
 * else: nothing in them can be joined to a lead. tally_hours shows them
 * as text, for people with the sqlite3 shell. */
#define TALLY_TABLE                                                             \
	"CREATE TABLE tally_events (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE);" \
	"CREATE TABLE tally_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"  \
	" item TEXT NOT NULL, UNIQUE(name, item));"                             \
	"CREATE TABLE tally ("                                                  \
	" event INTEGER NOT NULL REFERENCES tally_events(id),"                  \
	" hour INTEGER NOT NULL CHECK(hour >= 0),"                              \
	" key INTEGER NOT NULL REFERENCES tally_keys(id),"                      \
	" n INTEGER NOT NULL CHECK(n >= 0),"                                    \
	" PRIMARY KEY(event, hour, key)) WITHOUT ROWID;"                        \
	"CREATE VIEW tally_hours AS SELECT e.tag AS event,"                     \
	" strftime('%Y-%m-%dT%H', t.hour * 3600, 'unixepoch') AS hour,"         \
	" k.name AS name, k.item AS item, t.n AS n FROM tally t"                \
	" JOIN tally_events e ON e.id = t.event JOIN tally_keys k ON k.id = t.key;"

/*
 * Migrations, applied in order: migrations[i] takes user_version i to i + 1.
 * Never edit one that has shipped; append a new one instead.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the leads queue and settings (the record of what shipped; a new
	 * database gets fresh_schema below instead). */
	"CREATE TABLE leads ("
	" id TEXT PRIMARY KEY,"
	" created_at TEXT NOT NULL,"
	" event TEXT,"
	" device TEXT,"
	" app_version TEXT,"
	" content_version TEXT,"
	" lang TEXT,"
	" answers TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK(status IN ('queued','sent','rejected')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" next_attempt_at INTEGER NOT NULL DEFAULT 0,"
	" sent_at TEXT,"
	" exported_at TEXT);"
	"CREATE INDEX leads_due ON leads(status, next_attempt_at);"
	"CREATE INDEX leads_created ON leads(created_at);"
	"CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT);",
	/* 1 -> 2: sealed leads. answers becomes NULL-able: a lead has either
	 * its answers in plain text or sealed (base64) with the key id it is
	 * sealed to. programme and quiz_attached stay readable for counts;
	 * older leads get quiz_attached from their answers, programme NULL. */
	"CREATE TABLE leads2 (" LEADS_V2_COLUMNS
	"INSERT INTO leads2(id, created_at, event, device, app_version, content_version, lang,"
	" answers, status, attempts, last_error, next_attempt_at, sent_at, exported_at,"
	" quiz_attached)"
	" SELECT id, created_at, event, device, app_version, content_version, lang, answers,"
	" status, attempts, last_error, next_attempt_at, sent_at, exported_at,"
	" CASE WHEN json_valid(answers) AND json_extract(answers, '$.include_quiz') = 1"
	" THEN 1 ELSE 0 END FROM leads ORDER BY rowid;"
	"DROP TABLE leads;"
	"ALTER TABLE leads2 RENAME TO leads;"
	"CREATE INDEX leads_due ON leads(status, next_attempt_at);"
	"CREATE INDEX leads_created ON leads(created_at);",
	/* 2 -> 3: anonymous counts (store_tally.c). */
	TALLY_TABLE,
	/* 3 -> 4: whether the kiosk's clock was synchronised (timedated's
	 * NTPSynchronized) when the lead was made: 1, 0, NULL not known (and
	 * for every lead made before). */
	"ALTER TABLE leads ADD COLUMN clock_synced INTEGER CHECK(clock_synced IN (0, 1));",
};

/* A new database gets the current schema in one step (as the migrations
 * would leave it), so it never holds two copies of the leads table at
 * once: a nearly full disk still gets a working queue. */
static const char fresh_schema[] =
	"CREATE TABLE leads (" LEADS_V2_COLUMNS
	"ALTER TABLE leads ADD COLUMN clock_synced INTEGER CHECK(clock_synced IN (0, 1));"
	"CREATE INDEX leads_due ON leads(status, next_attempt_at);"
	"CREATE INDEX leads_created ON leads(created_at);"
	"CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT);" TALLY_TABLE;

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

static const char *const err_text[STORE_ERR_COUNT] = {
	[STORE_OK] = "no error",
	[STORE_NOTFOUND] = "not found",
	[STORE_FULL] = "disk or database full",
	[STORE_IO] = "cannot open or write the database (permissions or missing directory?)",
	[STORE_BUSY] = "database locked by another program for too long",
	[STORE_CORRUPT] = "database file is damaged or is not a leads database",
	[STORE_INVALID] = "invalid argument or lead state",
	[STORE_NOMEM] = "out of memory",
	[STORE_VERSION] = "database schema version not supported by this program",
	[STORE_KEY] = "the office public key (privacy.office_public_key) is not valid",
};

const char *store_strerror(enum store_err err)
{
	if ((unsigned)err >= STORE_ERR_COUNT)
		return "unknown store error";
	return err_text[err];
}

enum store_err store_db_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_FULL:
		return STORE_FULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_FORMAT:
		return STORE_CORRUPT;
	case SQLITE_NOMEM:
		return STORE_NOMEM;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
	case SQLITE_TOOBIG:
	case SQLITE_MISUSE:
		return STORE_INVALID;
	default:		/* CANTOPEN, IOERR, PERM, READONLY, ERROR, ... */
		return STORE_IO;
	}
}

enum store_err store_db_exec(struct store *st, const char *sql)
{
	return store_db_err(sqlite3_exec(st->db, sql, NULL, NULL, NULL));
}

enum store_err store_db_prepare(struct store *st, const char *sql,
				sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*out);
		*out = NULL;
	}
	return store_db_err(rc);
}

enum store_err store_db_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (!s)
		return store_db_err(sqlite3_bind_null(stmt, idx));
	return store_db_err(sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT));
}

enum store_err store_db_step_done(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return STORE_INVALID;
	return store_db_err(rc);
}

enum store_err store_db_one_int64(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err = store_db_prepare(st, sql, &stmt);
	if (err)
		goto out;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW)
		err = rc == SQLITE_DONE ? STORE_NOTFOUND : store_db_err(rc);
	else if (sqlite3_column_type(stmt, 0) == SQLITE_NULL)
		err = STORE_NOTFOUND;
	else
		*out = sqlite3_column_int64(stmt, 0);
out:
	sqlite3_finalize(stmt);
	return err;
}

enum store_err store_db_step_id(struct store *st, sqlite3_stmt *stmt, const char *id)
{
	enum store_err err;
	if ((err = store_db_bind_text(stmt, 1, id)) || (err = store_db_step_done(stmt)))
		return err;
	return sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
}

enum store_err store_db_begin(struct store *st)
{
	if (st->read_only)
		return STORE_INVALID;
	return store_db_exec(st, "BEGIN IMMEDIATE");
}

enum store_err store_db_commit(struct store *st)
{
	enum store_err err = store_db_exec(st, "COMMIT");
	if (err)
		store_db_rollback(st);
	return err;
}

void store_db_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

enum store_err store_db_time(int64_t ms, char buf[STORE_TIME_LEN])
{
	/* 253402300799 s is 9999-12-31T23:59:59Z. */
	if (ms < 0 || ms / 1000 > INT64_C(253402300799))
		return STORE_INVALID;
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return STORE_INVALID;
	if (strftime(buf, STORE_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) != STORE_TIME_LEN - 1)
		return STORE_INVALID;
	return STORE_OK;
}

bool store_db_id_ok(const char *id)
{
	if (!id || strlen(id) != STORE_ID_LEN - 1)
		return false;
	for (size_t i = 0; i < STORE_ID_LEN - 1; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = id[i];
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

static enum store_err errno_err(int e)
{
	switch (e) {
	case ENOMEM:
		return STORE_NOMEM;
	case ENOSPC:
	case EDQUOT:
		return STORE_FULL;
	default:
		return STORE_IO;
	}
}

/* Makes a new directory entry durable; best effort (some filesystems refuse
 * fsync on a directory, and then there is nothing more we can do). */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* mkdir -p with mode 0700 for every directory it creates. */
static enum store_err make_dirs(const char *dir)
{
	enum store_err err = STORE_OK;
	char *p = strdup(dir);
	struct stat sb;

	if (!p)
		return STORE_NOMEM;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) == 0) {
			char *slash = strrchr(p, '/');
			if (slash && slash != p) {
				*slash = '\0';
				sync_dir(p);
				*slash = '/';
			}
		} else if (errno != EEXIST) {
			err = errno_err(errno);
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		err = STORE_IO;
out:
	free(p);
	return err;
}

static enum store_err migrate(struct store *st);

/* Builds a new database under a temporary name (mkstemp: 0600 whatever the
 * umask; SQLite copies that mode to the -wal and -shm files later), with
 * its schema, and only then links it in as path: a full disk or a crash
 * part way leaves no empty or half-made leads.db to trip over, only
 * nothing. Rollback journal here; the first open by store_open switches
 * the finished file to WAL. If another connection made path meanwhile,
 * that one is kept. */
static enum store_err create_db_file(const char *dir, const char *path,
				     const struct store_opts *o)
{
	struct stat sb;
	if (stat(path, &sb) == 0)
		return STORE_OK;
	if (errno != ENOENT)
		return errno_err(errno);
	size_t n = strlen(dir) + sizeof "/.leads.db.XXXXXX-journal";
	char *tmp = malloc(n);
	if (!tmp)
		return STORE_NOMEM;
	snprintf(tmp, n, "%s/.leads.db.XXXXXX", dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return errno_err(errno);
	}
	close(fd);
	struct store t = {0};
	char sql[64];
	int rc = sqlite3_open_v2(tmp, &t.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	enum store_err err = rc == SQLITE_OK ? STORE_OK : t.db ? store_db_err(rc) : STORE_NOMEM;
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", o->max_page_count);
	if (!err)
		err = store_db_exec(&t, "PRAGMA synchronous=FULL");
	if (!err && o->max_page_count)
		err = store_db_exec(&t, sql);
	if (!err)
		err = migrate(&t);
	if (sqlite3_close(t.db) != SQLITE_OK && !err)
		err = STORE_IO;
	/* link() will not replace a leads.db made meanwhile; a filesystem
	 * without hard links gets a rename. */
	if (!err && link(tmp, path) != 0 && errno != EEXIST &&
	    ((errno != EPERM && errno != ENOTSUP) || rename(tmp, path) != 0))
		err = errno_err(errno);
	unlink(tmp);
	strcat(tmp, "-journal");
	unlink(tmp);
	free(tmp);
	if (!err)
		sync_dir(dir);
	return err;
}

static enum store_err user_version(struct store *st, long *out)
{
	int64_t v = 0;
	enum store_err err = store_db_one_int64(st, "PRAGMA user_version", &v);
	if (err == STORE_NOTFOUND)
		return STORE_CORRUPT;
	*out = (long)v;
	return err;
}

/* Applies each pending migration in its own write transaction (a new
 * database: fresh_schema at once). The version
 * is read inside the transaction, so two programs opening the same database
 * at once cannot both apply a step. */
static enum store_err migrate(struct store *st)
{
	enum store_err err = STORE_OK;
	char sql[64];
	long v;

	for (;;) {
		if ((err = store_db_begin(st)))
			goto out;
		if ((err = user_version(st, &v)))
			goto out;
		if (v > STORE_SCHEMA_VERSION) {
			err = STORE_VERSION;
			goto out;
		}
		if (v == STORE_SCHEMA_VERSION)
			break;
		long to = v == 0 ? STORE_SCHEMA_VERSION : v + 1;
		if ((err = store_db_exec(st, v == 0 ? fresh_schema : migrations[v])))
			goto out;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %ld", to);
		if ((err = store_db_exec(st, sql)))
			goto out;
		if ((err = store_db_commit(st)))
			goto out;
	}
	err = store_db_commit(st);
out:
	store_db_rollback(st);
	return err;
}

/* Per-connection settings. journal_mode is stored in the file, so a
 * read-only connection just uses what the writer set. */
static enum store_err configure(struct store *st, const struct store_opts *o)
{
	enum store_err err;
	char sql[64];

	sqlite3_extended_result_codes(st->db, 1);
	if ((err = store_db_err(sqlite3_busy_timeout(st->db, 5000))))
		return err;
	if (!o->read_only) {
		sqlite3_stmt *stmt = NULL;
		if ((err = store_db_prepare(st, "PRAGMA journal_mode=WAL", &stmt)))
			return err;
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW)
			err = store_db_err(rc);
		else if (!sqlite3_column_text(stmt, 0))
			err = STORE_NOMEM;
		else if (strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0)
			err = STORE_IO;	/* e.g. a filesystem without shared memory */
		sqlite3_finalize(stmt);
		if (err)
			return err;
	}
	/* temp_store=MEMORY: sorts and VACUUM never spill lead data into
	 * temporary files outside the data folder. */
	err = store_db_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			    " PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY");
	if (err || o->max_page_count == 0)
		return err;
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", o->max_page_count);
	return store_db_exec(st, sql);
}

static enum store_err open_db(struct store *st, const char *dir, const char *path,
			      const struct store_opts *o)
{
	enum store_err err;
	struct stat sb;
	int flags = SQLITE_OPEN_NOMUTEX;

	if (o->read_only) {
		if (stat(path, &sb) != 0)
			return errno == ENOENT ? STORE_NOTFOUND : errno_err(errno);
		flags |= SQLITE_OPEN_READONLY;
	} else {
		if ((err = make_dirs(dir)) || (err = create_db_file(dir, path, o)))
			return err;
		flags |= SQLITE_OPEN_READWRITE;
	}
	int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc != SQLITE_OK)
		return st->db ? store_db_err(rc) : STORE_NOMEM;
	if ((err = configure(st, o)))
		return err;
	if (!o->read_only) {
		if ((err = migrate(st)))
			return err;
		return st->sealing ? store_db_seal_all(st) : STORE_OK;
	}

	long v;
	if ((err = user_version(st, &v)))
		return err;
	if (v == 0)
		return STORE_NOTFOUND;	/* created but never migrated: no leads */
	return v == STORE_SCHEMA_VERSION ? STORE_OK : STORE_VERSION;
}

enum store_err store_open(const char *data_dir, const struct store_opts *opts,
			  struct store **out)
{
	static const struct store_opts defaults;
	enum store_err err;
	struct store *st = NULL;
	char *path = NULL;

	if (out)
		*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!data_dir || !*data_dir || !out || opts->max_page_count < 0)
		return STORE_INVALID;

	st = calloc(1, sizeof *st);
	path = malloc(strlen(data_dir) + sizeof "/leads.db");
	if (!st || !path) {
		err = STORE_NOMEM;
		goto out;
	}
	strcpy(path, data_dir);
	strcat(path, "/leads.db");
	st->read_only = opts->read_only;
	if (opts->office_public_key && *opts->office_public_key) {
		if (seal_pub_parse(opts->office_public_key, &st->key) != SEAL_OK) {
			err = STORE_KEY;
			goto out;
		}
		st->sealing = true;
	}
	if ((err = open_db(st, data_dir, path, opts)))
		goto out;
	*out = st;
	st = NULL;
out:
	store_close(st);
	free(path);
	return err;
}

bool store_sealing(const struct store *st, char key_id[17])
{
	bool on = st && st->sealing;
	if (key_id)
		snprintf(key_id, SEAL_KEY_ID_LEN, "%s", on ? st->key.key_id : "");
	return on;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

enum store_err store_kv_get(struct store *st, const char *key, char **value_out)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (value_out)
		*value_out = NULL;
	if (!st || !key || !value_out)
		return STORE_INVALID;
	if ((err = store_db_prepare(st, "SELECT value FROM kv WHERE key = ?1", &stmt)))
		goto out;
	if ((err = store_db_bind_text(stmt, 1, key)))
		goto out;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		err = rc == SQLITE_DONE ? STORE_NOTFOUND : store_db_err(rc);
		goto out;
	}
	const char *v = (const char *)sqlite3_column_text(stmt, 0);
	*value_out = strdup(v ? v : "");
	if (!*value_out)
		err = STORE_NOMEM;
out:
	sqlite3_finalize(stmt);
	return err;
}

enum store_err store_kv_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt = NULL;
	enum store_err err;

	if (!st || !key)
		return STORE_INVALID;
	if (st->read_only)
		return STORE_INVALID;
	err = store_db_prepare(st, value ?
			       "INSERT OR REPLACE INTO kv(key, value) VALUES (?1, ?2)" :
			       "DELETE FROM kv WHERE key = ?1", &stmt);
	if (err)
		goto out;
	if ((err = store_db_bind_text(stmt, 1, key)))
		goto out;
	if (value && (err = store_db_bind_text(stmt, 2, value)))
		goto out;
	err = store_db_step_done(stmt);
out:
	sqlite3_finalize(stmt);
	return err;
}
