/*
 * The upload queue: adding leads, what is due when, retries, sent,
 * rejected and requeued leads, erasure, the kv table, and that answers
 * come back byte for byte.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(state) ((struct tu_fixture *)*(state))

static long total(struct store *st)
{
	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	return c.total;
}

static void assert_uuid_v4(const char *id)
{
	assert_int_equal(strlen(id), 36);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(id[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", id[i]));
	}
	assert_int_equal(id[14], '4');
	assert_non_null(strchr("89ab", id[19]));
}

static void test_add_fields_round_trip(void **state)
{
	struct store *st = F(state)->st;
	struct store_lead lead = { 0 };
	char id[STORE_ID_LEN], id2[STORE_ID_LEN];
	const struct store_lead_in in = {
		.event = "Leeds Careers Fair 2026-03",
		.device = "kiosk-07",
		.app_version = "0.1.0",
		.content_version = "2026.03.1",
		.lang = "ar",
		.answers_json = "{\"roles\":[\"home care\"]}",
	};

	assert_int_equal(store_add_lead(st, &in, T0, id), STORE_OK);
	assert_uuid_v4(id);
	assert_int_equal(store_add_lead(st, &in, T0, id2), STORE_OK);
	assert_string_not_equal(id, id2);

	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, id);
	assert_string_equal(lead.created_at, "2026-03-03T10:15:02Z");
	assert_string_equal(lead.event, in.event);
	assert_string_equal(lead.device, in.device);
	assert_string_equal(lead.app_version, in.app_version);
	assert_string_equal(lead.content_version, in.content_version);
	assert_string_equal(lead.lang, in.lang);
	assert_string_equal(lead.answers_json, in.answers_json);
	assert_string_equal(lead.status, "queued");
	assert_int_equal(lead.attempts, 0);
	assert_int_equal(lead.next_attempt_at, 0);
	assert_null(lead.last_error);
	assert_null(lead.sent_at);
	assert_null(lead.exported_at);
	store_lead_clear(&lead);
	store_lead_clear(&lead);	/* clearing twice is fine */

	/* optional context may be missing */
	const struct store_lead_in bare = { .answers_json = "{}" };
	assert_int_equal(store_add_lead(st, &bare, T0 - DAY, id), STORE_OK);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, id);
	assert_null(lead.event);
	assert_null(lead.lang);
	store_lead_clear(&lead);
}

/* UTF-8, escapes and odd spacing are stored exactly as given, not
 * re-serialised by the JSON check. */
static void test_answers_byte_exact(void **state)
{
	struct store *st = F(state)->st;
	static const char *const answers[] = {
		"{\"name\":\"Zo\xc3\xab Testperson\"}",
		"{ \"name\" : \"\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4\xd8\xa9\" ,\n\t\"x\":1.50 }",
		"{\"name\":\"\xe6\x9d\x8e\",\"mood\":\"\xf0\x9f\x98\x80\",\"q\":\"a\\\"b\\u00e9\"}",
		"{\"nested\":{\"days\":[\"mon\",\"sat\"],\"car\":true,\"hours\":null}}",
	};
	for (size_t i = 0; i < ARRAY_LEN(answers); i++) {
		const struct store_lead_in in = { .answers_json = answers[i] };
		struct store_lead lead = { 0 };
		char id[STORE_ID_LEN];
		assert_int_equal(store_add_lead(st, &in, T0, id), STORE_OK);
		assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
		assert_string_equal(lead.id, id);
		assert_memory_equal(lead.answers_json, answers[i], strlen(answers[i]) + 1);
		assert_int_equal(store_delete_lead(st, id), STORE_OK);
		store_lead_clear(&lead);
	}
}

static void test_bad_input_inserts_nothing(void **state)
{
	struct store *st = F(state)->st;
	char *huge = malloc(STORE_ANSWERS_MAX + 16), id[STORE_ID_LEN];

	assert_non_null(huge);
	strcpy(huge, "{\"a\":\"");
	memset(huge + 6, 'x', STORE_ANSWERS_MAX);
	strcpy(huge + 6 + STORE_ANSWERS_MAX, "\"}");

	const char *const bad[] = {
		NULL, "", "   ", "[]", "[{}]", "\"text\"", "42", "null", "true", "{",
		"{\"a\":}", "{} {}", "{}x", "{'a':1}", huge,
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const struct store_lead_in in = { .event = "fair", .answers_json = bad[i] };
		strcpy(id, "unchanged");
		if (store_add_lead(st, &in, T0, id) != STORE_INVALID)
			fail_msg("answers row %zu was accepted", i);
		assert_string_equal(id, "");
	}
	const struct store_lead_in ok = { .answers_json = "{}" };
	assert_int_equal(store_add_lead(st, &ok, -1, id), STORE_INVALID);
	assert_int_equal(store_add_lead(st, NULL, T0, id), STORE_INVALID);
	assert_int_equal(store_add_lead(st, &ok, T0, NULL), STORE_INVALID);
	assert_int_equal(store_add_lead(NULL, &ok, T0, id), STORE_INVALID);
	assert_int_equal(total(st), 0);
	free(huge);
}

static void test_retry_then_sent(void **state)
{
	struct store *st = F(state)->st;
	struct store_lead lead = { 0 };
	char id[STORE_ID_LEN];
	int64_t wake;

	assert_int_equal(store_next_wake(st, &wake), STORE_NOTFOUND);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_NOTFOUND);
	tu_add(st, T0, "fair", id);
	assert_int_equal(store_next_wake(st, &wake), STORE_OK);
	assert_int_equal(wake, 0);

	assert_int_equal(store_mark_retry(st, id, "HTTP 503", T0 + MIN), STORE_OK);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_NOTFOUND);
	assert_int_equal(store_next_due(st, T0 + MIN - 1, &lead), STORE_NOTFOUND);
	assert_int_equal(store_next_wake(st, &wake), STORE_OK);
	assert_int_equal(wake, T0 + MIN);

	assert_int_equal(store_next_due(st, T0 + MIN, &lead), STORE_OK);
	assert_string_equal(lead.id, id);
	assert_int_equal(lead.attempts, 1);
	assert_string_equal(lead.last_error, "HTTP 503");
	assert_int_equal(store_mark_retry(st, id, NULL, T0 + 2 * MIN), STORE_OK);
	assert_int_equal(store_next_due(st, T0 + 2 * MIN, &lead), STORE_OK);
	assert_int_equal(lead.attempts, 2);
	assert_null(lead.last_error);

	assert_int_equal(store_mark_sent(st, id, T0 + 3 * MIN), STORE_OK);
	assert_int_equal(store_next_due(st, INT64_MAX, &lead), STORE_NOTFOUND);
	assert_int_equal(store_next_wake(st, &wake), STORE_NOTFOUND);

	/* a sent lead cannot be sent, retried or rejected again */
	assert_int_equal(store_mark_sent(st, id, T0), STORE_INVALID);
	assert_int_equal(store_mark_retry(st, id, "x", T0), STORE_INVALID);
	assert_int_equal(store_mark_rejected(st, id, "x"), STORE_INVALID);
	assert_int_equal(store_requeue(st, id), STORE_INVALID);

	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.queued, 0);
}

static int find_cb(void *ctx, const struct store_lead *lead)
{
	struct store_lead *want = ctx;
	if (strcmp(lead->id, want->id))
		return 0;
	want->attempts = lead->attempts;
	want->sent_at = strdup(lead->sent_at ? lead->sent_at : "(null)");
	return 1;
}

static void test_sent_at_recorded(void **state)
{
	struct store *st = F(state)->st;
	struct store_lead found = { 0 };

	tu_add(st, T0, NULL, found.id);
	assert_int_equal(store_mark_sent(st, found.id, T0 + 90 * SEC), STORE_OK);
	assert_int_equal(store_foreach(st, NULL, find_cb, &found), 1);
	assert_string_equal(found.sent_at, "2026-03-03T10:16:32Z");
	store_lead_clear(&found);
}

static void test_fifo(void **state)
{
	struct store *st = F(state)->st;
	char ids[5][STORE_ID_LEN];
	struct store_lead lead = { 0 };

	for (int i = 0; i < 5; i++)	/* same second: insertion order decides */
		tu_add(st, T0 + i, NULL, ids[i]);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
		assert_string_equal(lead.id, ids[i]);
		assert_int_equal(store_mark_sent(st, lead.id, T0), STORE_OK);
	}
	store_lead_clear(&lead);
}

static void test_rejected_and_requeue(void **state)
{
	struct store *st = F(state)->st;
	struct store_lead lead = { 0 };
	char id[STORE_ID_LEN];
	int64_t wake;

	tu_add(st, T0, NULL, id);
	assert_int_equal(store_mark_retry(st, id, "timeout", T0), STORE_OK);
	assert_int_equal(store_mark_rejected(st, id, "HTTP 422"), STORE_OK);
	assert_int_equal(store_next_due(st, INT64_MAX, &lead), STORE_NOTFOUND);
	assert_int_equal(store_next_wake(st, &wake), STORE_NOTFOUND);
	assert_int_equal(store_mark_sent(st, id, T0), STORE_INVALID);

	assert_int_equal(store_requeue(st, id), STORE_OK);
	assert_int_equal(store_requeue(st, id), STORE_INVALID);	/* already queued */
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, id);
	assert_string_equal(lead.status, "queued");
	assert_int_equal(lead.attempts, 0);
	assert_null(lead.last_error);
	store_lead_clear(&lead);
}

static void test_unknown_and_bad_ids(void **state)
{
	struct store *st = F(state)->st;
	static const char *const unknown = "00000000-0000-4000-8000-000000000000";
	static const char *const bad[] = { NULL, "", "nope", "00000000-0000-4000-8000-00000000000",
					   "00000000-0000-4000-8000-00000000000G",
					   "00000000-0000-4000-8000-00000000000A" };

	tu_add(st, T0, NULL, NULL);
	assert_int_equal(store_mark_sent(st, unknown, T0), STORE_NOTFOUND);
	assert_int_equal(store_mark_retry(st, unknown, NULL, T0), STORE_NOTFOUND);
	assert_int_equal(store_mark_rejected(st, unknown, NULL), STORE_NOTFOUND);
	assert_int_equal(store_requeue(st, unknown), STORE_NOTFOUND);
	assert_int_equal(store_delete_lead(st, unknown), STORE_NOTFOUND);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(store_mark_sent(st, bad[i], T0), STORE_INVALID);
		assert_int_equal(store_delete_lead(st, bad[i]), STORE_INVALID);
	}
	assert_int_equal(total(st), 1);
}

static void test_delete_lead(void **state)
{
	struct store *st = F(state)->st;
	char a[STORE_ID_LEN], b[STORE_ID_LEN];
	struct store_lead lead = { 0 };

	tu_add(st, T0, NULL, a);
	tu_add(st, T0 + SEC, NULL, b);
	assert_int_equal(store_mark_rejected(st, b, NULL), STORE_OK);
	assert_int_equal(store_delete_lead(st, b), STORE_OK);	/* any state */
	assert_int_equal(store_delete_lead(st, b), STORE_NOTFOUND);
	assert_int_equal(total(st), 1);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, a);
	store_lead_clear(&lead);
}

/* True if the file at dir/name contains needle (a missing file does not). */
static bool file_contains(const char *dir, const char *name, const char *needle)
{
	char *path = tu_join(dir, name), buf[1 << 16];
	size_t n = strlen(needle), have = 0, got;
	bool found = false;
	FILE *f = fopen(path, "rb");

	free(path);
	if (!f)
		return false;
	/* slide a window, keeping n - 1 bytes of overlap between reads */
	while (!found && (got = fread(buf + have, 1, sizeof buf - have, f)) > 0) {
		have += got;
		for (size_t i = 0; i + n <= have && !found; i++)
			found = !memcmp(buf + i, needle, n);
		if (have >= n) {
			memmove(buf, buf + have - (n - 1), n - 1);
			have = n - 1;
		}
	}
	fclose(f);
	return found;
}

/* Erasure must not leave the answers readable in the database or its WAL. */
static void test_delete_scrubs_files(void **state)
{
	struct tu_fixture *f = *state;
	static const char marker[] = "Zo\xc3\xab Erasuretest-4821";
	const struct store_lead_in in = {
		.answers_json = "{\"name\":\"Zo\xc3\xab Erasuretest-4821\"}",
	};
	char id[STORE_ID_LEN];

	tu_add(f->st, T0, NULL, NULL);
	assert_int_equal(store_add_lead(f->st, &in, T0, id), STORE_OK);
	assert_true(file_contains(f->dir, "leads.db-wal", marker));
	assert_int_equal(store_delete_lead(f->st, id), STORE_OK);
	assert_false(file_contains(f->dir, "leads.db-wal", marker));
	assert_false(file_contains(f->dir, "leads.db", marker));
	assert_int_equal(total(f->st), 1);
}

static void test_kv(void **state)
{
	struct store *st = F(state)->st;
	char *v = (char *)"junk";

	assert_int_equal(store_kv_get(st, "event", &v), STORE_NOTFOUND);
	assert_null(v);
	assert_int_equal(store_kv_set(st, "event", "Leeds Careers Fair 2026-03"), STORE_OK);
	assert_int_equal(store_kv_set(st, "event", "Caf\xc3\xa9 pop-up"), STORE_OK);
	assert_int_equal(store_kv_set(st, "pin.failures", "3"), STORE_OK);
	assert_int_equal(store_kv_set(st, "empty", ""), STORE_OK);
	assert_int_equal(store_kv_get(st, "event", &v), STORE_OK);
	assert_string_equal(v, "Caf\xc3\xa9 pop-up");
	free(v);
	assert_int_equal(store_kv_get(st, "empty", &v), STORE_OK);
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(store_kv_set(st, "event", NULL), STORE_OK);	/* delete */
	assert_int_equal(store_kv_get(st, "event", &v), STORE_NOTFOUND);
	assert_int_equal(store_kv_get(st, "pin.failures", &v), STORE_OK);
	assert_string_equal(v, "3");
	free(v);
	assert_int_equal(store_kv_set(st, NULL, "x"), STORE_INVALID);
	assert_int_equal(store_kv_get(st, NULL, &v), STORE_INVALID);
	assert_int_equal(store_kv_get(st, "x", NULL), STORE_INVALID);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup, tu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_fields_round_trip),
		T(test_answers_byte_exact),
		T(test_bad_input_inserts_nothing),
		T(test_retry_then_sent),
		T(test_sent_at_recorded),
		T(test_fifo),
		T(test_rejected_and_requeue),
		T(test_unknown_and_bad_ids),
		T(test_delete_lead),
		T(test_delete_scrubs_files),
		T(test_kv),
	};
	return cmocka_run_group_tests_name("store_queue", tests, NULL, NULL);
}
