/*
 * The anonymous counts table (store.h, "Anonymous counts"): hours only,
 * upserts in one transaction, all or none, filters, retention, and that a
 * year of hourly counts for one kiosk stays under 5 MB.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct seen {
	char text[4096];
	long rows;
};

static int collect(void *ctx, const struct store_tally *r)
{
	struct seen *s = ctx;
	size_t k = strlen(s->text);
	snprintf(s->text + k, sizeof s->text - k, "%s|%s|%s|%s|%ld\n", r->event, r->hour, r->name,
		 r->item, r->n);
	s->rows++;
	return 0;
}

static void test_hour(void **state)
{
	(void)state;
	char h[STORE_TALLY_HOUR_LEN];
	assert_int_equal(store_tally_hour(T0, h), STORE_OK);
	assert_string_equal(h, "2026-03-03T10");
	assert_int_equal(store_tally_hour(-1, h), STORE_INVALID);
	assert_string_equal(h, "");
}

static void test_add_and_read(void **state)
{
	struct tu_fixture *f = *state;
	const struct store_tally a[] = {
		{"Fair", "2026-03-03T10", "visit.start", NULL, 2},
		{"Fair", "2026-03-03T10", "role.preview", "support-worker", 1},
		{NULL, "2026-03-04T09", "visit.start", "", 1},
	};
	assert_int_equal(store_tally_add(f->st, a, ARRAY_LEN(a)), STORE_OK);
	assert_int_equal(store_tally_add(f->st, a, 2), STORE_OK);	/* adds up */
	struct seen s = {0};
	assert_int_equal(store_tally_foreach(f->st, NULL, collect, &s), STORE_OK);
	assert_string_equal(s.text, "|2026-03-04T09|visit.start||1\n"
				    "Fair|2026-03-03T10|role.preview|support-worker|2\n"
				    "Fair|2026-03-03T10|visit.start||4\n");
	memset(&s, 0, sizeof s);
	const struct store_tally_filter fl = {.event = "Fair", .since = "2026-03-03",
					      .until = "2026-03-03", .name = "visit.start"};
	assert_int_equal(store_tally_foreach(f->st, &fl, collect, &s), STORE_OK);
	assert_string_equal(s.text, "Fair|2026-03-03T10|visit.start||4\n");
	const struct store_tally_filter bad = {.since = "03/03/2026"};
	assert_int_equal(store_tally_foreach(f->st, &bad, collect, &s), STORE_INVALID);
}

static void test_all_or_none(void **state)
{
	struct tu_fixture *f = *state;
	/* A time finer than the hour, a bad hour, no name, a negative n: the
	 * whole batch is refused and nothing is written. */
	const char *const hours[] = {"2026-03-03T10:15", "2026-03-03 10", "2026-3-3T10", ""};
	for (size_t i = 0; i < ARRAY_LEN(hours); i++) {
		const struct store_tally b[] = {{"E", "2026-03-03T10", "visit.start", NULL, 1},
						{"E", hours[i], "visit.start", NULL, 1}};
		assert_int_equal(store_tally_add(f->st, b, 2), STORE_INVALID);
	}
	const struct store_tally noname = {"E", "2026-03-03T10", "", NULL, 1};
	const struct store_tally neg = {"E", "2026-03-03T10", "x", NULL, -1};
	assert_int_equal(store_tally_add(f->st, &noname, 1), STORE_INVALID);
	assert_int_equal(store_tally_add(f->st, &neg, 1), STORE_INVALID);
	struct seen s = {0};
	assert_int_equal(store_tally_foreach(f->st, NULL, collect, &s), STORE_OK);
	assert_int_equal(s.rows, 0);
	/* The table itself refuses a finer time too, whoever writes it. */
	assert_int_equal(store_tally_add(f->st, NULL, 0), STORE_OK);
}

static void test_purge(void **state)
{
	struct tu_fixture *f = *state;
	const struct store_tally a[] = {
		{"E", "2026-02-01T09", "visit.start", NULL, 1},	/* 30 days and an hour before */
		{"E", "2026-02-01T10", "visit.start", NULL, 1},	/* the hour 30 days before: kept */
		{"E", "2026-03-03T10", "visit.start", NULL, 1},
	};
	long n = -1;
	assert_int_equal(store_tally_add(f->st, a, ARRAY_LEN(a)), STORE_OK);
	assert_int_equal(store_tally_purge(f->st, -1, T0, &n), STORE_INVALID);
	assert_int_equal(store_tally_purge(f->st, 30, T0, &n), STORE_OK);
	assert_int_equal(n, 1);
	struct seen s = {0};
	assert_int_equal(store_tally_foreach(f->st, NULL, collect, &s), STORE_OK);
	assert_string_equal(s.text, "E|2026-02-01T10|visit.start||1\n"
				    "E|2026-03-03T10|visit.start||1\n");
}

/* A busy kiosk for a year: 10 hours a day, every hour with visits, each
 * of the ~35 counters a day can move (10 roles, 11 form steps, 4
 * characters twice, pages, QR codes, resets). The file must stay < 5 MB. */
static void test_year_is_small(void **state)
{
	struct tu_fixture *f = *state;
	static const char *const names[] = {"visit.start", "visit.preview", "visit.quiz",
					    "visit.form", "form.start", "lead.sent",
					    "lead.quiz", "course.qr", "course.slip"};
	struct store_tally rows[80];
	char items[80][16], hour[STORE_TALLY_HOUR_LEN];
	for (int d = 0; d < 365; d++) {
		for (int h = 8; h < 18; h++) {
			assert_int_equal(store_tally_hour(T0 + d * DAY + (h - 10) * 3600 * SEC, hour),
					 STORE_OK);
			size_t n = 0;
			for (size_t i = 0; i < ARRAY_LEN(names); i++)
				rows[n++] = (struct store_tally){"Leeds Careers Fair 2026-03", hour,
								 names[i], NULL, 3};
			for (int i = 0; i < 10; i++) {
				snprintf(items[n], sizeof items[n], "role-%02d", i);
				rows[n] = (struct store_tally){"Leeds Careers Fair 2026-03", hour,
							       "role.preview", items[n], 2};
				n++;
			}
			for (int i = 0; i < 11; i++) {
				snprintf(items[n], sizeof items[n], "%02d-step", i + 1);
				rows[n] = (struct store_tally){"Leeds Careers Fair 2026-03", hour,
							       "form.step", items[n], 1};
				n++;
			}
			for (int i = 0; i < 4; i++) {
				snprintf(items[n], sizeof items[n], "character-%d", i);
				rows[n] = (struct store_tally){"Leeds Careers Fair 2026-03", hour,
							       i % 2 ? "quiz.start" : "quiz.finish",
							       items[n], 1};
				n++;
			}
			assert_int_equal(store_tally_add(f->st, rows, n), STORE_OK);
		}
	}
	store_close(f->st);
	f->st = tu_open(f->dir, NULL);	/* checkpointed into leads.db */
	store_close(f->st);
	f->st = NULL;
	char *db = tu_join(f->dir, "leads.db");
	struct stat sb;
	assert_int_equal(stat(db, &sb), 0);
	printf("a year of hourly counts (%d rows): %lld bytes\n", 365 * 10 * 34,
	       (long long)sb.st_size);
	assert_true(sb.st_size < 5 * 1000 * 1000);
	free(db);
	f->st = tu_open(f->dir, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hour),
		cmocka_unit_test_setup_teardown(test_add_and_read, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(test_all_or_none, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(test_purge, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(test_year_is_small, tu_setup, tu_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
