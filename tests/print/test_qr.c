/* qr: encoding sizes, module grid sanity, module size for a box. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "print/qr.h"

static void test_encode_sizes(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int min_size, max_size;
	} cases[] = {
		{"A", 21, 21},
		{"https://wecare.example.org/courses/sic-2026-12", 29, 37},
		/* 300 bytes still fits; version grows, never past 40 (177). */
		{"https://wecare.example.org/courses/"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaa",
		 53, 177},
		{"Caf\xc3\xa9 \xc2\xa3"
		 "5",
		 21, 21},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qr q;
		assert_int_equal(qr_encode(cases[i].text, &q), QR_OK);
		assert_in_range(q.size, cases[i].min_size, cases[i].max_size);
		assert_int_equal((q.size - 21) % 4, 0);
		int dark = 0;
		for (int k = 0; k < q.size * q.size; k++) {
			assert_in_range(q.dark[k], 0, 1);
			dark += q.dark[k];
		}
		assert_in_range(dark, q.size * q.size / 4, q.size * q.size * 3 / 4);
		/* Top-left finder pattern: dark 7x7 ring, light ring, dark 3x3 core. */
		for (int k = 0; k < 7; k++) {
			assert_int_equal(q.dark[k], 1);
			assert_int_equal(q.dark[6 * q.size + k], 1);
			assert_int_equal(q.dark[k * q.size], 1);
		}
		assert_int_equal(q.dark[1 * q.size + 1], 0);
		assert_int_equal(q.dark[3 * q.size + 3], 1);
		qr_free(&q);
		assert_null(q.dark);
		assert_int_equal(q.size, 0);
		qr_free(&q); /* twice is fine */
	}
}

static void test_encode_errors(void **state)
{
	(void)state;
	struct qr q = {.size = 5};
	assert_int_equal(qr_encode("", &q), QR_BAD_ARG);
	assert_null(q.dark);
	assert_int_equal(q.size, 0);
	assert_int_equal(qr_encode(NULL, &q), QR_BAD_ARG);
	assert_int_equal(qr_encode("x", NULL), QR_BAD_ARG);

	/* Byte mode at M holds 2331 bytes at most. */
	static char big[4000];
	memset(big, 'x', sizeof big - 1);
	assert_int_equal(qr_encode(big, &q), QR_TOO_LONG);
	assert_null(q.dark);
	qr_free(NULL);
}

static void test_module_px(void **state)
{
	(void)state;
	static const struct {
		int size, box, want;
	} cases[] = {
		{21, 290, 10}, {21, 289, 9},  {21, 29, 1},  {21, 28, 0},
		{25, 330, 10}, {37, 450, 10}, {37, 449, 9}, {177, 185, 1},
		{0, 100, 0},   {21, 0, 0},    {-1, 100, 0}, {21, -5, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(qr_module_px(cases[i].size, cases[i].box), cases[i].want);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = QR_OK; e <= QR_ENCODE; e++) {
		assert_non_null(qr_strerror((enum qr_err)e));
		assert_true(strlen(qr_strerror((enum qr_err)e)) > 3);
	}
	assert_non_null(qr_strerror((enum qr_err)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_sizes),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_module_px),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
