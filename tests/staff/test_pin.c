/*
 * The staff PIN: format, hash at rest, and the lockout schedule (five
 * wrong PINs lock for 1, then 5, 15, 60 minutes), which must survive a
 * restart and a clock that jumps backwards.
 */
#include "util.h"

#include "store/pin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOOD "2468"

struct fx {
	char *dir;
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = su_tmpdir(NULL);
	f->st = su_open(f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	su_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_format(void **state)
{
	(void)state;
	static const struct {
		const char *pin;
		bool ok;
	} rows[] = {
		{"1234", true}, {"12345678", true}, {"000000", true}, {"123", false},
		{"123456789", false}, {"12a4", false}, {"", false}, {" 1234", false},
		{"1234\n", false}, {"\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", false}, /* Arabic digits */
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++)
		assert_int_equal(pin_format_ok(rows[i].pin), rows[i].ok);
	assert_false(pin_format_ok(NULL));
}

static void test_schedule(void **state)
{
	(void)state;
	static const int64_t minutes[] = {1, 5, 15, 60, 60, 60, 60};
	for (size_t i = 0; i < ARRAY_LEN(minutes); i++)
		assert_int_equal(pin_lock_ms((int)i), minutes[i] * MIN);
	assert_int_equal(pin_lock_ms(-1), 1 * MIN);
	assert_int_equal(pin_lock_ms(1000000), 60 * MIN);
}

static void test_not_set(void **state)
{
	struct fx *f = *state;
	struct pin_status s;
	assert_int_equal(pin_status(f->st, T0, &s), STORE_OK);
	assert_false(s.set);
	assert_int_equal(pin_check(f->st, GOOD, T0, &s, NULL), PIN_NOT_SET);
}

static void test_hash_at_rest(void **state)
{
	struct fx *f = *state;
	enum store_err serr;
	assert_int_equal(pin_set(f->st, "12", &serr), PIN_BAD_FORMAT);
	assert_int_equal(pin_set(f->st, "98765432", &serr), PIN_OK);
	char *hash = NULL;
	assert_int_equal(store_kv_get(f->st, "staff.pin_hash", &hash), STORE_OK);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_non_null(strstr(hash, "m=16384,t=3"));
	assert_null(strstr(hash, "98765432"));
	free(hash);
	assert_int_equal(pin_check(f->st, "98765432", T0, NULL, NULL), PIN_OK);
	/* A new PIN replaces the old one. */
	assert_int_equal(pin_set(f->st, GOOD, &serr), PIN_OK);
	assert_int_equal(pin_check(f->st, "98765432", T0, NULL, NULL), PIN_WRONG);
	assert_int_equal(pin_check(f->st, GOOD, T0, NULL, NULL), PIN_OK);
}

/* One try: at now (minutes and seconds after T0), typing pin, expecting
 * a result, tries left after it, and minutes until the lock opens. */
struct try {
	int64_t at;
	const char *pin;
	enum pin_err want;
	int tries_left;
	int64_t locked_for;
};

#define FIVE_WRONG(t, lock_min)                                                  \
	{(t), "1111", PIN_WRONG, 4, 0}, {(t) + 1 * SEC, "1112", PIN_WRONG, 3, 0}, \
	{(t) + 2 * SEC, "123", PIN_BAD_FORMAT, 2, 0},                             \
	{(t) + 3 * SEC, "1114", PIN_WRONG, 1, 0},                                 \
	{(t) + 4 * SEC, "1115", PIN_LOCKED, 0, (lock_min) * MIN}

static const struct try schedule[] = {
	FIVE_WRONG(0, 1),
	/* Even the right PIN is not looked at while locked. */
	{30 * SEC, GOOD, PIN_LOCKED, 0, 1 * MIN - 26 * SEC},
	/* The lock opens after a minute with five fresh tries; the next five
	 * wrong lock for 5 minutes, then 15, then 60, then 60 again. */
	FIVE_WRONG(1 * MIN + 4 * SEC, 5),
	{6 * MIN + 7 * SEC, "9999", PIN_LOCKED, 0, 1 * SEC},
	FIVE_WRONG(6 * MIN + 8 * SEC, 15),
	FIVE_WRONG(22 * MIN, 60),
	FIVE_WRONG(90 * MIN, 60),
	/* The right PIN clears everything: a new round starts at 1 minute. */
	{160 * MIN, GOOD, PIN_OK, 5, 0},
	FIVE_WRONG(161 * MIN, 1),
};

static void run_tries(struct store *st, const struct try *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pin_status s;
		int64_t now = T0 + t[i].at;
		enum pin_err got = pin_check(st, t[i].pin, now, &s, NULL);
		if (got != t[i].want || s.tries_left != t[i].tries_left ||
		    (t[i].locked_for ? s.locked_until_ms - now : 0) != t[i].locked_for)
			fail_msg("try %zu at +%llds: got %d, %d left, locked %lld ms; want %d, %d, %lld",
				 i, (long long)(t[i].at / SEC), got, s.tries_left,
				 (long long)(s.locked_until_ms ? s.locked_until_ms - now : 0),
				 t[i].want, t[i].tries_left, (long long)t[i].locked_for);
	}
}

static void test_lockout_schedule(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	run_tries(f->st, schedule, ARRAY_LEN(schedule));
}

static void test_survives_restart(void **state)
{
	struct fx *f = *state;
	static const struct try wrong4[] = {
		{0, "0000", PIN_WRONG, 4, 0}, {SEC, "0001", PIN_WRONG, 3, 0},
		{2 * SEC, "0002", PIN_WRONG, 2, 0}, {3 * SEC, "0003", PIN_WRONG, 1, 0},
	};
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	run_tries(f->st, wrong4, ARRAY_LEN(wrong4));
	/* Pull the plug: the count is still there, and one more locks. */
	store_close(f->st);
	f->st = su_open(f->dir);
	struct pin_status s;
	assert_int_equal(pin_status(f->st, T0 + 10 * SEC, &s), STORE_OK);
	assert_int_equal(s.tries_left, 1);
	assert_int_equal(pin_check(f->st, "0004", T0 + 10 * SEC, &s, NULL), PIN_LOCKED);
	store_close(f->st);
	f->st = su_open(f->dir);
	assert_int_equal(pin_check(f->st, GOOD, T0 + 40 * SEC, &s, NULL), PIN_LOCKED);
	assert_int_equal(s.locked_until_ms, T0 + 70 * SEC);
	assert_int_equal(pin_check(f->st, GOOD, T0 + 70 * SEC, &s, NULL), PIN_OK);
}

static void test_clock_backwards(void **state)
{
	struct fx *f = *state;
	struct pin_status s;
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	for (int i = 0; i < PIN_TRIES; i++)
		pin_check(f->st, "1111", T0, &s, NULL);
	assert_int_equal(s.locked_until_ms, T0 + MIN);
	/* A day earlier (no battery clock, NTP not yet in): one minute, not a day. */
	int64_t early = T0 - 24 * 60 * MIN;
	assert_int_equal(pin_status(f->st, early, &s), STORE_OK);
	assert_int_equal(s.locked_until_ms, early + MIN);
	/* The minute shown is the minute kept: when the countdown ends, the
	 * right PIN opens (it said "Try again in 48 seconds" here), also after
	 * a restart. */
	store_close(f->st);
	f->st = su_open(f->dir);
	assert_int_equal(pin_check(f->st, GOOD, early + 30 * SEC, &s, NULL), PIN_LOCKED);
	assert_int_equal(s.locked_until_ms, early + MIN);
	assert_int_equal(pin_check(f->st, GOOD, early + MIN, &s, NULL), PIN_OK);
}

/* The clock goes back by less than two lock lengths while locked, and the
 * lock is first looked at by a PIN check, not by the screen. */
static void test_clock_back_then_check(void **state)
{
	struct fx *f = *state;
	struct pin_status s;
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	for (int i = 0; i < PIN_TRIES; i++)
		pin_check(f->st, "1111", T0, &s, NULL);
	int64_t back = T0 - 48 * SEC;	/* the lock seems to have 108 s to go */
	assert_int_equal(pin_check(f->st, GOOD, back, &s, NULL), PIN_LOCKED);
	assert_int_equal(s.locked_until_ms, back + MIN);
	assert_int_equal(pin_check(f->st, GOOD, back + MIN, &s, NULL), PIN_OK);
}

/* With a clock that counts from boot, a lock lasts its length whichever
 * way the wall clock jumps, also across a restart of the kiosk in the same
 * boot; after a reboot (another boot id) the wall clock takes over,
 * clamped as above. */
static void test_boot_clock(void **state)
{
	struct fx *f = *state;
	struct pin_status s;
	struct pin_time t = {.wall_ms = T0, .boot_ms = 5 * MIN, .boot_id = "boot-a"};
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	for (int i = 0; i < PIN_TRIES; i++)
		pin_check_at(f->st, "1111", &t, &s, NULL);
	assert_int_equal(s.locked_until_ms, T0 + MIN);
	static const struct {
		int64_t wall, boot;	/* from T0 and from the lock */
		enum pin_err want;
		int64_t left;
	} rows[] = {
		{24 * 60 * MIN, 10 * SEC, PIN_LOCKED, 50 * SEC},	/* NTP: a day ahead */
		{-24 * 60 * MIN, 20 * SEC, PIN_LOCKED, 40 * SEC},	/* and back */
		{5 * SEC, 59 * SEC, PIN_LOCKED, 1 * SEC},
		{-30 * MIN, 60 * SEC, PIN_OK, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		store_close(f->st);		/* the kiosk restarts in between */
		f->st = su_open(f->dir);
		t.wall_ms = T0 + rows[i].wall;
		t.boot_ms = 5 * MIN + rows[i].boot;
		enum pin_err got = pin_check_at(f->st, GOOD, &t, &s, NULL);
		if (got != rows[i].want ||
		    (got == PIN_LOCKED ? s.locked_until_ms - t.wall_ms : 0) != rows[i].left)
			fail_msg("row %zu: got %d, %lld ms left", i, got,
				 (long long)(s.locked_until_ms - t.wall_ms));
	}
	/* Locked again; the device reboots with its wall clock a day behind:
	 * the wall clock is all there is to go by, clamped to the lock's
	 * length; from then on this boot's clock counts, whatever NTP does. */
	for (int i = 0; i < PIN_TRIES; i++)
		pin_check_at(f->st, "1111", &t, &s, NULL);
	assert_int_equal(s.locked_until_ms, t.wall_ms + MIN);
	struct pin_time r = {.wall_ms = t.wall_ms - 24 * 60 * MIN, .boot_ms = 20 * SEC,
			     .boot_id = "boot-b"};
	assert_int_equal(pin_status_at(f->st, &r, &s), STORE_OK);
	assert_int_equal(s.locked_until_ms, r.wall_ms + MIN);
	r.wall_ms += 24 * 60 * MIN;
	r.boot_ms += 30 * SEC;
	assert_int_equal(pin_check_at(f->st, GOOD, &r, &s, NULL), PIN_LOCKED);
	assert_int_equal(s.locked_until_ms, r.wall_ms + 30 * SEC);
	r.boot_ms += 30 * SEC;
	assert_int_equal(pin_check_at(f->st, GOOD, &r, &s, NULL), PIN_OK);
}

static void test_read_only(void **state)
{
	struct fx *f = *state;
	struct store *ro = NULL;
	struct store_opts o = {.read_only = true};
	struct pin_status s;
	enum store_err serr;
	assert_int_equal(pin_set(f->st, GOOD, NULL), PIN_OK);
	assert_int_equal(store_open(f->dir, &o, &ro), STORE_OK);
	assert_int_equal(pin_status(ro, T0, &s), STORE_OK);
	assert_true(s.set);
	assert_int_equal(s.tries_left, PIN_TRIES);
	/* Checking must count, so a read-only connection cannot check. */
	assert_int_equal(pin_check(ro, "1111", T0, &s, &serr), PIN_STORE);
	assert_int_equal(serr, STORE_INVALID);
	assert_int_equal(pin_set(ro, GOOD, &serr), PIN_STORE);
	store_close(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test_setup_teardown(test_not_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_at_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_schedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_survives_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_backwards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_back_then_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
