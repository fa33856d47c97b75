/*
 * Unit tests for src/net/protocol.c: classifying answers, Retry-After,
 * backoff, URL rules, token files and request bodies. Table-driven.
 */
#include "net/protocol.h"

#include <cjson/cJSON.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define ID "3f2b8c1e-5d4a-4f6b-9c2d-1e0f3a4b5c6d"
#define OTHER "00000000-5d4a-4f6b-9c2d-1e0f3a4b5c6d"
#define LEN(a) (sizeof(a) / sizeof((a)[0]))
/* 2026-03-03T10:15:02Z */
#define NOW INT64_C(1772532902000)

static const struct {
	long status;
	const char *body;
	const char *retry_after;
	const char *net_error;
	enum proto_outcome want;
	int64_t want_wait;	/* -1 = none */
	const char *want_words;	/* must appear in the message */
} rows_answer[] = {
	{201, "{\"id\":\"" ID "\",\"status\":\"stored\"}", NULL, NULL, PROTO_SUCCESS, -1, ""},
	{200, "{\"id\":\"" ID "\",\"status\":\"already stored\"}", NULL, NULL, PROTO_SUCCESS, -1, ""},
	{200, "  {\"status\":\"ok\", \"id\":\"" ID "\"}\n", NULL, NULL, PROTO_SUCCESS, -1, ""},
	/* The same UUID in upper case (how some databases give ids back). */
	{201, "{\"id\":\"3F2B8C1E-5D4A-4F6B-9C2D-1E0F3A4B5C6D\"}", NULL, NULL, PROTO_SUCCESS, -1, ""},
	/* Captive portal: 200 with a page. */
	{200, "<!DOCTYPE html><html><body>Sign in</body></html>", NULL, NULL, PROTO_RETRY, -1,
	 "sign-in page"},
	{200, "", NULL, NULL, PROTO_RETRY, -1, "not a receipt"},
	{200, "{\"id\":\"" OTHER "\"}", NULL, NULL, PROTO_RETRY, -1, "did not name this lead"},
	{200, "{\"id\":\"" ID "\"", NULL, NULL, PROTO_RETRY, -1, "not a receipt"},
	{200, "[\"" ID "\"]", NULL, NULL, PROTO_RETRY, -1, "not a receipt"},
	{200, "{\"id\":3}", NULL, NULL, PROTO_RETRY, -1, "did not name"},
	{202, "{\"id\":\"" ID "\"}", NULL, NULL, PROTO_RETRY, -1, "unexpected answer (202)"},
	{204, NULL, NULL, NULL, PROTO_RETRY, -1, "unexpected answer (204)"},
	{302, "", NULL, NULL, PROTO_RETRY, -1, "unexpected answer (302)"},
	{404, "not found", NULL, NULL, PROTO_RETRY, -1, "(404)"},
	{400, "{\"error\":\"the body is not valid JSON\"}", NULL, NULL, PROTO_REJECTED, -1,
	 "refused this lead (400): the body is not valid JSON"},
	{409, "{\"id\":\"" ID "\",\"error\":\"a different lead\"}", NULL, NULL, PROTO_REJECTED, -1,
	 "(409): a different lead"},
	{413, "Request body too large\r\nmore", NULL, NULL, PROTO_REJECTED, -1,
	 "(413): Request body too large"},
	{422, "{\"message\":\"answers must be an object\"}", NULL, NULL, PROTO_REJECTED, -1,
	 "answers must be an object"},
	{422, "{\"detail\":\"bad\\u0007bell\"}", NULL, NULL, PROTO_REJECTED, -1, "bad bell"},
	{422, "<html>nope</html>", NULL, NULL, PROTO_REJECTED, -1, "(422)"},
	{401, "{\"error\":\"wrong token\"}", NULL, NULL, PROTO_AUTH, -1,
	 "the server refused the kiosk's token"},
	{403, "", NULL, NULL, PROTO_AUTH, -1, "the server refused the kiosk's token"},
	{429, "", "7", NULL, PROTO_RETRY, 7000, "slow down"},
	{503, "", "1", NULL, PROTO_RETRY, 1000, "(503)"},
	{503, "", "Tue, 03 Mar 2026 10:15:32 GMT", NULL, PROTO_RETRY, 30000, "(503)"},
	{500, "oops", NULL, NULL, PROTO_RETRY, -1, "(500)"},
	{502, "", "soon", NULL, PROTO_RETRY, -1, "(502)"},
	{0, NULL, NULL, "could not connect to the server", PROTO_RETRY, -1, "could not connect"},
	{0, NULL, NULL, NULL, PROTO_RETRY, -1, "no answer"},
};

static void test_classify(void **state)
{
	(void)state;
	for (size_t i = 0; i < LEN(rows_answer); i++) {
		struct proto_answer a = {
			.status = rows_answer[i].status,
			.body = rows_answer[i].body,
			.body_len = rows_answer[i].body ? strlen(rows_answer[i].body) : 0,
			.retry_after = rows_answer[i].retry_after,
			.net_error = rows_answer[i].net_error,
		};
		struct proto_verdict v;
		proto_classify(ID, &a, NOW, &v);
		if (v.outcome != rows_answer[i].want || v.retry_after_ms != rows_answer[i].want_wait ||
		    !strstr(v.message, rows_answer[i].want_words))
			fail_msg("row %zu (%ld): outcome %s wait %lld message \"%s\"", i,
				 rows_answer[i].status, proto_outcome_name(v.outcome),
				 (long long)v.retry_after_ms, v.message);
		if (v.outcome == PROTO_SUCCESS)
			assert_string_equal(v.message, "");
	}
}

static void test_classify_unterminated_body(void **state)
{
	(void)state;
	/* The body need not be NUL-terminated: only body_len bytes count. */
	char buf[64];
	const char *good = "{\"id\":\"" ID "\"}";
	memcpy(buf, good, strlen(good));
	memset(buf + strlen(good), 'x', sizeof buf - strlen(good));
	struct proto_answer a = {201, buf, strlen(good), NULL, NULL};
	struct proto_verdict v;
	proto_classify(ID, &a, NOW, &v);
	assert_int_equal(v.outcome, PROTO_SUCCESS);
}

static void test_retry_after(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int64_t want;
	} rows[] = {
		{NULL, -1},
		{"", -1},
		{"0", 0},
		{"1", 1000},
		{" 120 ", 120000},
		{"3600", PROTO_RETRY_AFTER_MAX_MS},
		{"86400", PROTO_RETRY_AFTER_MAX_MS},
		{"99999999999999999999", PROTO_RETRY_AFTER_MAX_MS},
		{"-5", -1},
		{"1.5", -1},
		{"soon", -1},
		{"Tue, 03 Mar 2026 10:16:02 GMT", 60000},
		{"Tue, 03 Mar 2026 10:00:00 GMT", 0},	/* in the past: go now */
		{"Tue, 03 Mar 2026 13:15:02 GMT", PROTO_RETRY_AFTER_MAX_MS},
		{"Tue, 03 Mar 2026 10:16:02 UTC", -1},
		{"Tue, 03 Foo 2026 10:16:02 GMT", -1},
		{"Tue, 03 Mar 2026 25:16:02 GMT", -1},
		{"Tue, 03 Mar 2026 10:16:02 GMT trailing", -1},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		int64_t got = proto_retry_after_ms(rows[i].value, NOW);
		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %lld, want %lld", i,
				 rows[i].value ? rows[i].value : "(null)", (long long)got,
				 (long long)rows[i].want);
	}
}

static void test_backoff(void **state)
{
	(void)state;
	const int64_t base = 5000, cap = 600000;
	static const uint32_t rnds[] = {0, 1, 999, 123456789, 0x7fffffff, 0xffffffff};
	for (int n = 1; n <= 40; n++) {
		int64_t ceiling = base;
		for (int i = 1; i < n && ceiling < cap; i++)
			ceiling *= 2;
		if (ceiling > cap)
			ceiling = cap;
		for (size_t r = 0; r < LEN(rnds); r++) {
			int64_t d = proto_backoff_ms(n, base, cap, rnds[r]);
			if (d < base / 5 || d > ceiling)
				fail_msg("n %d rnd %u: %lld outside [%lld, %lld]", n, rnds[r],
					 (long long)d, (long long)(base / 5), (long long)ceiling);
		}
		/* The whole range is reachable: the floor, and the ceiling. */
		assert_int_equal(proto_backoff_ms(n, base, cap, 0), base / 5);
		assert_int_equal(proto_backoff_ms(n, base, cap, (uint32_t)(ceiling - base / 5)),
				 ceiling);
	}
	/* It grows: 10 minutes is reached by the 9th failure. */
	assert_int_equal(proto_backoff_ms(9, base, cap, (uint32_t)(cap - base / 5)), cap);
	/* Silly inputs stay sane. */
	assert_true(proto_backoff_ms(0, 0, 0, 12345) >= 1);
	assert_true(proto_backoff_ms(-3, 5000, 600000, 77) <= 5000);
	assert_true(proto_backoff_ms(1000000, 5000, 600000, 0xffffffff) <= 600000);
}

static void test_url(void **state)
{
	(void)state;
	static const struct {
		const char *url;
		enum proto_url want;
		bool loopback;
	} rows[] = {
		{NULL, PROTO_URL_EMPTY, false},
		{"", PROTO_URL_EMPTY, false},
		{"https://leads.example.org/api/leads", PROTO_URL_OK, false},
		{"HTTPS://leads.example.org:8443/x", PROTO_URL_OK, false},
		{"https://127.0.0.1/leads", PROTO_URL_OK, true},
		{"http://127.0.0.1:8080/leads", PROTO_URL_OK, true},
		{"http://127.1.2.3/leads", PROTO_URL_OK, true},
		{"http://localhost:8080/leads", PROTO_URL_OK, true},
		{"http://LOCALHOST/leads", PROTO_URL_OK, true},
		{"http://[::1]:8080/leads", PROTO_URL_OK, true},
		{"http://leads.example.org/leads", PROTO_URL_INSECURE, false},
		{"http://128.0.0.1/leads", PROTO_URL_INSECURE, false},
		{"http://10.0.0.5/leads", PROTO_URL_INSECURE, false},
		{"http://127.0.0.1.evil.example/", PROTO_URL_INSECURE, false},
		{"http://localhost.evil.example/", PROTO_URL_INSECURE, false},
		{"http://[::2]/", PROTO_URL_INSECURE, false},
		{"http://user@127.0.0.1@evil.example/", PROTO_URL_BAD, false},
		{"http://user:pw@evil.example/", PROTO_URL_INSECURE, false},
		{"ftp://127.0.0.1/leads", PROTO_URL_BAD, true},
		{"file:///etc/passwd", PROTO_URL_BAD, false},
		{"leads.example.org/leads", PROTO_URL_BAD, false},
		{"https://", PROTO_URL_BAD, false},
		{"not a url at all", PROTO_URL_BAD, false},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		bool lo = !rows[i].loopback;
		enum proto_url got = proto_check_url(rows[i].url, &lo);
		if (got != rows[i].want || (got != PROTO_URL_BAD && lo != rows[i].loopback))
			fail_msg("row %zu %s: got %d loopback %d", i, rows[i].url ? rows[i].url : "(null)",
				 got, lo);
		assert_true((got == PROTO_URL_OK) == (proto_url_problem(got)[0] == '\0'));
	}
}

static void test_token(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool ok;
		const char *out;
	} rows[] = {
		{"s3cret\n", true, "s3cret"},
		{"  \t s3cret-token_1.x \r\n\n", true, "s3cret-token_1.x"},
		{"", false, ""},
		{" \n\n", false, ""},
		{"two words\n", false, NULL},
		{"tab\tinside", false, NULL},
		{"bad\x01", false, NULL},
		{"caf\xc3\xa9", false, NULL},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		char buf[64];
		strcpy(buf, rows[i].in);
		bool ok = proto_token_ok(buf);
		if (ok != rows[i].ok || (rows[i].out && strcmp(buf, rows[i].out)))
			fail_msg("row %zu: ok %d \"%s\"", i, ok, buf);
	}
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(proto_token_ok(big));
	assert_false(proto_token_ok(NULL));
}

static struct store_lead lead_of(char *answers)
{
	struct store_lead l = {
		.id = ID,
		.created_at = "2026-03-03T10:15:02Z",
		.device = "kiosk-1",
		.event = NULL,
		.app_version = "0.1.0",
		.content_version = "c7",
		.lang = "en",
		.answers_json = answers,
	};
	return l;
}

static void test_body(void **state)
{
	(void)state;
	char answers[] = "{ \"name\": \"Zo\\u00eb Testperson\", \"consent\": true, \"n\": [1, 2] }";
	struct store_lead l = lead_of(answers);
	char *a = proto_body(&l), *b = proto_body(&l);
	assert_non_null(a);
	assert_string_equal(a, b);	/* a resend is byte-identical */
	assert_string_equal(a, "{\"schema\":1,\"id\":\"" ID "\",\"created_at\":\"2026-03-03T10:15:02Z\","
			       "\"device\":\"kiosk-1\",\"event\":null,\"app_version\":\"0.1.0\","
			       "\"content_version\":\"c7\",\"lang\":\"en\",\"answers\":{\"name\":"
			       "\"Zo\xc3\xab Testperson\",\"consent\":true,\"n\":[1,2]}}");
	cJSON_free(a);
	cJSON_free(b);
	/* Known, the clock's state comes after lang; unknown, it is left out
	 * (above), so a lead made before kiosks recorded it resends as sent. */
	static const char *const clock[] = {"false", "true"};
	for (int i = 0; i < 2; i++) {
		l.clock = i ? STORE_CLOCK_SYNCED : STORE_CLOCK_UNSYNCED;
		a = proto_body(&l);
		char want[64];
		snprintf(want, sizeof want, "\"lang\":\"en\",\"clock_synced\":%s,\"answers\"",
			 clock[i]);
		assert_non_null(a);
		assert_non_null(strstr(a, want));
		cJSON_free(a);
	}
	l.clock = STORE_CLOCK_UNKNOWN;

	static const char *const bad[] = {"[1,2]", "\"text\"", "{\"a\":", "", "null"};
	for (size_t i = 0; i < LEN(bad); i++) {
		char buf[32];
		strcpy(buf, bad[i]);
		struct store_lead x = lead_of(buf);
		assert_null(proto_body(&x));
	}
	struct store_lead none = lead_of(NULL);
	assert_null(proto_body(&none));
	assert_null(proto_body(NULL));

	/* A sealed lead: schema 2, sealed and key_id in place of answers. */
	struct store_lead s = lead_of(NULL);
	s.sealed = "c2VhbGVk";
	s.key_id = "4c9e9be96edbb53d";
	s.programme = "sbwa";
	s.quiz_attached = 1;
	a = proto_body(&s);
	assert_non_null(a);
	assert_string_equal(a, "{\"schema\":2,\"id\":\"" ID "\",\"created_at\":\"2026-03-03T10:15:02Z\","
			       "\"device\":\"kiosk-1\",\"event\":null,\"app_version\":\"0.1.0\","
			       "\"content_version\":\"c7\",\"lang\":\"en\",\"programme\":\"sbwa\","
			       "\"quiz_attached\":true,\"key_id\":\"4c9e9be96edbb53d\","
			       "\"sealed\":\"c2VhbGVk\"}");
	cJSON_free(a);
	s.quiz_attached = -1;
	s.programme = NULL;
	a = proto_body(&s);
	assert_non_null(strstr(a, "\"programme\":null,\"quiz_attached\":null,"));
	cJSON_free(a);
	s.key_id = NULL;	/* a seal without its key id is not sendable */
	assert_null(proto_body(&s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_classify_unterminated_body),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
