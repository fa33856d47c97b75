/*
 * seal: sealing and opening leads, the office key file, and the store's
 * lead API with a key (sealed on add, readable fields kept, a v1 database
 * migrated). The e2e tests (tests/e2e/test_seal.py) search the files.
 */
#include "store/seal.h"
#include "testutil.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PASS "correct horse battery staple"
#define ID1 "0b9b0c4e-7d1a-4a52-9c0e-3f1f5c1e2a01"
#define ID2 "0b9b0c4e-7d1a-4a52-9c0e-3f1f5c1e2a02"
#define ANSWERS "{\"first_name\":\"Zoë\",\"last_name\":\"Quillfeather\",\"phone\":\"07700 900461\"}"

struct fx {
	char *dir, *keyfile;
	char pub[SEAL_PK_B64_LEN], kid[SEAL_KEY_ID_LEN];
	struct seal_office *office;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	f->keyfile = tu_join(f->dir, "office.key");
	assert_int_equal(seal_keygen(f->keyfile, PASS, strlen(PASS), f->pub, f->kid), SEAL_OK);
	assert_int_equal(seal_office_load(f->keyfile, PASS, strlen(PASS), &f->office, NULL, 0),
			 SEAL_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	seal_office_free(f->office);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f->keyfile);
	free(f);
	return 0;
}

static void test_keygen_file(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	struct seal_pub pub;
	char pub2[SEAL_PK_B64_LEN], kid2[SEAL_KEY_ID_LEN];

	assert_int_equal(stat(f->keyfile, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(seal_pub_parse(f->pub, &pub), SEAL_OK);
	assert_string_equal(pub.key_id, f->kid);
	assert_string_equal(seal_office_key_id(f->office), f->kid);
	assert_true(seal_key_id_ok(f->kid));
	/* Never overwrites; a short passphrase is refused. */
	assert_int_equal(seal_keygen(f->keyfile, PASS, strlen(PASS), pub2, kid2), SEAL_IO);
	char *other = tu_join(f->dir, "short.key");
	assert_int_equal(seal_keygen(other, "short", 5, pub2, kid2), SEAL_INVALID);
	free(other);
}

static void test_bad_public_keys(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "bm90IGEga2V5", "m4FV8nTbeKrTU5LD6o88xvcVeQzgIhZ5EuNpzRPmrF==",
		"m4FV8nTbeKrTU5LD6o88xvcVeQzgIhZ5EuNpzRPmrFEAAA==", "not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!",
	};
	struct seal_pub pub;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(seal_pub_parse(bad[i], &pub), SEAL_BAD_PUBLIC_KEY);
	assert_int_equal(seal_pub_parse(" m4FV8nTbeKrTU5LD6o88xvcVeQzgIhZ5EuNpzRPmrFE=\n", &pub),
			 SEAL_OK);
}

static void test_round_trip_and_tamper(void **state)
{
	struct fx *f = *state;
	struct seal_pub pub;
	char *sealed = NULL, *back = NULL;

	assert_int_equal(seal_pub_parse(f->pub, &pub), SEAL_OK);
	assert_int_equal(seal_lead(&pub, ID1, ANSWERS, &sealed), SEAL_OK);
	assert_null(strstr(sealed, "Quillfeather"));
	assert_int_equal(seal_open_lead(f->office, f->kid, ID1, sealed, &back), SEAL_OK);
	assert_string_equal(back, ANSWERS);
	seal_wipe_free(back);

	/* Each way a sealed lead can be wrong, and what it is called. */
	char *flipped = strdup(sealed);
	flipped[40] = flipped[40] == 'A' ? 'B' : 'A';
	char *cut = strdup(sealed);
	cut[strlen(cut) / 2] = '\0';
	const struct {
		const char *key_id, *id, *b64;
		enum seal_err want;
	} rows[] = {
		{f->kid, ID1, flipped, SEAL_TAMPERED},
		{f->kid, ID1, cut, SEAL_TAMPERED},
		{f->kid, ID1, "not base64", SEAL_TAMPERED},
		{f->kid, ID2, sealed, SEAL_OTHER_LEAD},
		{"0123456789abcdef", ID1, sealed, SEAL_WRONG_KEY},
		{NULL, ID1, sealed, SEAL_OK},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		assert_int_equal(seal_open_lead(f->office, rows[i].key_id, rows[i].id, rows[i].b64,
						&back), rows[i].want);
		assert_true(rows[i].want == SEAL_OK ? back != NULL : back == NULL);
		seal_wipe_free(back);
	}
	/* Sealed to another key, with this key's id claimed: still refused. */
	char *k2 = tu_join(f->dir, "other.key"), pub2[SEAL_PK_B64_LEN], kid2[SEAL_KEY_ID_LEN];
	struct seal_pub p2;
	char *s2 = NULL;
	assert_int_equal(seal_keygen(k2, PASS, strlen(PASS), pub2, kid2), SEAL_OK);
	assert_int_equal(seal_pub_parse(pub2, &p2), SEAL_OK);
	assert_int_equal(seal_lead(&p2, ID1, ANSWERS, &s2), SEAL_OK);
	assert_int_equal(seal_open_lead(f->office, f->kid, ID1, s2, &back), SEAL_TAMPERED);
	free(s2);
	free(k2);
	free(flipped);
	free(cut);
	free(sealed);
}

static void test_padding_hides_length(void **state)
{
	struct fx *f = *state;
	struct seal_pub pub;
	char *a = NULL, *b = NULL;
	assert_int_equal(seal_pub_parse(f->pub, &pub), SEAL_OK);
	assert_int_equal(seal_lead(&pub, ID1, "{\"first_name\":\"Al\"}", &a), SEAL_OK);
	assert_int_equal(seal_lead(&pub, ID1, "{\"first_name\":\"Bartholomew-Jones\"}", &b),
			 SEAL_OK);
	assert_int_equal(strlen(a), strlen(b));
	free(a);
	free(b);
}

static void test_key_file_errors(void **state)
{
	struct fx *f = *state;
	struct seal_office *k = NULL;
	char msg[300];
	assert_int_equal(seal_office_load(f->keyfile, "wrong passphrase", 16, &k, msg, sizeof msg),
			 SEAL_BAD_PASSPHRASE);
	assert_null(k);
	assert_non_null(strstr(msg, "wrong passphrase"));
	assert_non_null(strstr(msg, f->keyfile));

	char *junk = tu_join(f->dir, "junk.key");
	FILE *fp = fopen(junk, "w");
	fputs("{\"carekiosk_office_key\": 1, \"public_key\": \"x\"}", fp);
	fclose(fp);
	assert_int_equal(seal_office_load(junk, PASS, strlen(PASS), &k, msg, sizeof msg),
			 SEAL_BAD_KEY_FILE);
	char *missing = tu_join(f->dir, "missing.key");
	assert_int_equal(seal_office_load(missing, PASS, strlen(PASS), &k, msg, sizeof msg),
			 SEAL_IO);
	free(junk);
	free(missing);
}

/* The store with a key: sealed on add, only the readable fields readable. */
static void test_store_seals(void **state)
{
	struct fx *f = *state;
	char *data = tu_join(f->dir, "data"), id[STORE_ID_LEN], *back = NULL;
	const struct store_opts o = {.office_public_key = f->pub};
	struct store *st = tu_open(data, &o);
	const struct store_lead_in in = {.event = "Fair", .device = "kiosk-1", .lang = "en",
					 .programme = "sbwa", .quiz_attached = true,
					 .answers_json = ANSWERS};
	struct store_lead lead = {0};
	char kid[17];

	assert_true(store_sealing(st, kid));
	assert_string_equal(kid, f->kid);
	assert_int_equal(store_add_lead(st, &in, T0, id), STORE_OK);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_null(lead.answers_json);
	assert_string_equal(lead.key_id, f->kid);
	assert_string_equal(lead.programme, "sbwa");
	assert_int_equal(lead.quiz_attached, 1);
	assert_string_equal(lead.event, "Fair");
	assert_int_equal(seal_open_lead(f->office, lead.key_id, lead.id, lead.sealed, &back),
			 SEAL_OK);
	assert_string_equal(back, ANSWERS);
	seal_wipe_free(back);
	store_lead_clear(&lead);
	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.sealed, 1);
	store_close(st);

	const struct store_opts bad = {.office_public_key = "bm90IGEga2V5"};
	assert_int_equal(store_open(data, &bad, &st), STORE_KEY);
	assert_null(st);
	free(data);
}

/* A database made by schema 1 (before sealing) opens as schema 2 with its
 * leads intact, then seals them when a key is given. */
static void test_v1_database(void **state)
{
	struct fx *f = *state;
	char *data = tu_join(f->dir, "v1"), *path = tu_join(data, "leads.db");
	sqlite3 *db = NULL;
	assert_int_equal(mkdir(data, 0700), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE TABLE leads (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, event TEXT,"
		" device TEXT, app_version TEXT, content_version TEXT, lang TEXT,"
		" answers TEXT NOT NULL, status TEXT NOT NULL CHECK(status IN"
		" ('queued','sent','rejected')), attempts INTEGER NOT NULL DEFAULT 0,"
		" last_error TEXT, next_attempt_at INTEGER NOT NULL DEFAULT 0, sent_at TEXT,"
		" exported_at TEXT);"
		"CREATE INDEX leads_due ON leads(status, next_attempt_at);"
		"CREATE INDEX leads_created ON leads(created_at);"
		"CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT);"
		"INSERT INTO leads(id, created_at, answers, status) VALUES"
		" ('" ID1 "', '2026-03-03T10:15:02Z', '{\"include_quiz\":true,\"last_name\":"
		"\"Quillfeather\"}', 'sent'),"
		" ('" ID2 "', '2026-03-03T10:15:03Z', '{\"include_quiz\":false}', 'queued');"
		"PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	struct store *st = tu_open(data, NULL);
	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.total, 2);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.sealed, 0);
	store_close(st);

	const struct store_opts o = {.office_public_key = f->pub};
	st = tu_open(data, &o);
	struct store_lead lead = {0};
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, ID2);
	assert_int_equal(lead.quiz_attached, 0);
	assert_null(lead.answers_json);
	store_lead_clear(&lead);
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.sealed, 2);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT quiz_attached FROM leads WHERE id = '"
					    ID1 "'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(path);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_public_keys),
		cmocka_unit_test_setup_teardown(test_keygen_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_and_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_padding_hides_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_seals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_database, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
