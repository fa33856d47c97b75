/*
 * What staff see and take away: counts, walking leads with filters for the
 * CSV export, marking them exported, and purging old sent leads.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(state) ((struct tu_fixture *)*(state))

/* The same small history for every test here: when each lead was created,
 * its event, and the state make_history() leaves it in. */
enum { N_LEADS = 6 };

struct history {
	char id[N_LEADS][STORE_ID_LEN];
};

static const struct {
	int64_t created;
	const char *event;
	const char *status;	/* what it ends up as */
} leads[N_LEADS] = {
	{ T0 - 60 * DAY, "spring", "sent" },	/* 0: sent long ago */
	{ T0 - 50 * DAY, "spring", "queued" },	/* 1: old but never sent */
	{ T0 - 45 * DAY, "spring", "rejected" },	/* 2: old, refused */
	{ T0 - 10 * DAY, "fair", "sent" },	/* 3: sent recently */
	{ T0 - 10 * SEC - 10 * 3600 * SEC, "fair", "queued" }, /* 4: today, 00:15 */
	{ T0, "fair", "queued" },		/* 5: today */
};

/* Lead 0 was sent 40 days before T0 and lead 3 five days before. */
static void make_history(struct store *st, struct history *h)
{
	for (int i = 0; i < N_LEADS; i++)
		tu_add(st, leads[i].created, leads[i].event, h->id[i]);
	assert_int_equal(store_mark_sent(st, h->id[0], T0 - 40 * DAY), STORE_OK);
	assert_int_equal(store_mark_rejected(st, h->id[2], "HTTP 422"), STORE_OK);
	assert_int_equal(store_mark_sent(st, h->id[3], T0 - 5 * DAY), STORE_OK);
}

static void test_counts(void **state)
{
	struct store *st = F(state)->st;
	struct history h;
	struct store_counts c;

	assert_int_equal(store_counts(st, "fair", T0, &c), STORE_OK);
	assert_int_equal(c.total + c.today + c.event + c.queued + c.sent +
			 c.rejected + c.exported, 0);
	make_history(st, &h);

	static const struct {
		const char *event;
		int64_t now;
		struct store_counts want;
	} rows[] = {
		{ "fair", T0, { 6, 2, 3, 3, 2, 1, 0, 0 } },
		{ "spring", T0, { 6, 2, 3, 3, 2, 1, 0, 0 } },
		{ NULL, T0, { 6, 2, 0, 3, 2, 1, 0, 0 } },
		{ "nobody", T0 + DAY, { 6, 0, 0, 3, 2, 1, 0, 0 } },
		{ "fair", T0 - 10 * DAY, { 6, 1, 3, 3, 2, 1, 0, 0 } },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		assert_int_equal(store_counts(st, rows[i].event, rows[i].now, &c), STORE_OK);
		assert_memory_equal(&c, &rows[i].want, sizeof c);
	}
	assert_int_equal(store_counts(st, NULL, -1, &c), STORE_INVALID);
	assert_int_equal(store_counts(st, NULL, T0, NULL), STORE_INVALID);
}

struct seen {
	char ids[N_LEADS + 1][STORE_ID_LEN];
	int n, stop_after;
};

static int collect(void *ctx, const struct store_lead *lead)
{
	struct seen *s = ctx;
	if (s->n < N_LEADS + 1)
		memcpy(s->ids[s->n], lead->id, STORE_ID_LEN);
	s->n++;
	return s->n == s->stop_after ? -7 : 0;
}

static void test_foreach_filters(void **state)
{
	struct store *st = F(state)->st;
	struct history h;
	make_history(st, &h);

	/* want: indexes into leads[], in the order expected (created_at) */
	static const struct {
		struct store_filter filter;
		int want[N_LEADS + 1];	/* terminated by -1 */
	} rows[] = {
		{ { NULL, NULL, NULL }, { 0, 1, 2, 3, 4, 5, -1 } },
		{ { "queued", NULL, NULL }, { 1, 4, 5, -1 } },
		{ { "sent", NULL, NULL }, { 0, 3, -1 } },
		{ { "rejected", NULL, NULL }, { 2, -1 } },
		{ { NULL, "spring", NULL }, { 0, 1, 2, -1 } },
		{ { "queued", "fair", NULL }, { 4, 5, -1 } },
		{ { NULL, NULL, "2026-03-03" }, { 4, 5, -1 } },
		{ { NULL, NULL, "2026-01-03" }, { 1, 2, 3, 4, 5, -1 } },
		{ { "sent", "fair", "2026-01-01" }, { 3, -1 } },
		{ { NULL, "nobody", NULL }, { -1 } },
		{ { NULL, NULL, "2027-01-01" }, { -1 } },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		struct seen s = { .stop_after = -1 };
		assert_int_equal(store_foreach(st, &rows[r].filter, collect, &s), 0);
		int n = 0;
		for (; rows[r].want[n] >= 0; n++) {
			if (n >= s.n || strcmp(s.ids[n], h.id[rows[r].want[n]]))
				fail_msg("filter row %zu: lead %d missing or out of order", r, n);
		}
		if (n != s.n)
			fail_msg("filter row %zu: %d leads, want %d", r, s.n, n);
	}
	struct seen s = { .stop_after = 2 };
	assert_int_equal(store_foreach(st, NULL, collect, &s), -7);
	assert_int_equal(s.n, 2);

	static const struct store_filter bad[] = {
		{ "unsent", NULL, NULL }, { "", NULL, NULL },
		{ NULL, NULL, "03/03/2026" }, { NULL, NULL, "2026-3-3" },
		{ NULL, NULL, "2026-03-03T00:00:00Z" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(store_foreach(st, &bad[i], collect, &s), STORE_INVALID);
	assert_int_equal(store_foreach(st, NULL, NULL, &s), STORE_INVALID);
}

static int exported_cb(void *ctx, const struct store_lead *lead)
{
	char *out = ctx;
	strcat(out, lead->exported_at ? "E" : "-");
	return 0;
}

static void test_mark_exported(void **state)
{
	struct store *st = F(state)->st;
	struct history h;
	struct store_counts c;
	char marks[N_LEADS + 1] = "";
	make_history(st, &h);

	const char *some[] = { h.id[1], h.id[3] };
	assert_int_equal(store_mark_exported(st, some, 2, T0), STORE_OK);
	assert_int_equal(store_foreach(st, NULL, exported_cb, marks), 0);
	assert_string_equal(marks, "-E-E--");

	/* all or none: an erased lead in the list leaves nothing marked */
	assert_int_equal(store_delete_lead(st, h.id[0]), STORE_OK);
	const char *gone[] = { h.id[2], h.id[0], h.id[4] };
	assert_int_equal(store_mark_exported(st, gone, 3, T0), STORE_NOTFOUND);
	marks[0] = '\0';
	assert_int_equal(store_foreach(st, NULL, exported_cb, marks), 0);
	assert_string_equal(marks, "E-E--");

	assert_int_equal(store_mark_exported(st, NULL, 0, T0), STORE_OK);
	const char *bad[] = { "not-an-id" };
	assert_int_equal(store_mark_exported(st, bad, 1, T0), STORE_INVALID);
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.exported, 2);
}

static void test_purge_sent(void **state)
{
	struct store *st = F(state)->st;
	struct history h;
	struct seen s = { .stop_after = -1 };
	long purged = -1;
	make_history(st, &h);

	/* 30 days: lead 0 (sent 40 days ago) goes; 3 (5 days) stays, and the
	 * old queued and rejected leads stay whatever their age. */
	assert_int_equal(store_purge_sent(st, 30, T0, &purged), STORE_OK);
	assert_int_equal(purged, 1);
	assert_int_equal(store_foreach(st, NULL, collect, &s), 0);
	assert_int_equal(s.n, 5);
	for (int i = 0; i < s.n; i++)
		assert_string_equal(s.ids[i], h.id[i + 1]);

	assert_int_equal(store_purge_sent(st, 30, T0, &purged), STORE_OK);
	assert_int_equal(purged, 0);
	assert_int_equal(store_purge_sent(st, 5, T0, &purged), STORE_OK);
	assert_int_equal(purged, 0);		/* exactly 5 days is not older */
	assert_int_equal(store_purge_sent(st, 0, T0, NULL), STORE_OK);

	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.sent, 0);
	assert_int_equal(c.queued, 3);
	assert_int_equal(c.rejected, 1);
	assert_int_equal(store_purge_sent(st, -1, T0, &purged), STORE_INVALID);
	assert_int_equal(store_purge_sent(st, 100000, T0, &purged), STORE_OK);
	assert_int_equal(purged, 0);
}

/* Times are kept to the second: a lead sent earlier in the same second as
 * the purge, or "later" than now after the clock went back, is still
 * uploaded, so 0 days must delete it; 1 day keeps a lead sent a moment ago. */
static void test_purge_same_second(void **state)
{
	struct store *st = F(state)->st;
	char a[STORE_ID_LEN], b[STORE_ID_LEN], q[STORE_ID_LEN];
	long purged = -1;
	tu_add(st, T0, "fair", a);
	tu_add(st, T0, "fair", b);
	tu_add(st, T0, "fair", q);
	assert_int_equal(store_mark_sent(st, a, T0 + 100), STORE_OK);
	assert_int_equal(store_mark_sent(st, b, T0 + 3 * DAY), STORE_OK); /* clock went back */
	assert_int_equal(store_purge_sent(st, 1, T0 + 900, &purged), STORE_OK);
	assert_int_equal(purged, 0);
	assert_int_equal(store_purge_sent(st, 0, T0 + 900, &purged), STORE_OK);
	assert_int_equal(purged, 2);
	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	assert_int_equal(c.sent, 0);
	assert_int_equal(c.queued, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup, tu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_counts),
		T(test_foreach_filters),
		T(test_mark_exported),
		T(test_purge_sent),
		T(test_purge_same_second),
	};
	return cmocka_run_group_tests_name("store_export", tests, NULL, NULL);
}
