/* util/grow.h: room for one more, doubling, and refusing an overflow. */
#include "util/grow.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void doubles_from_first(void **state)
{
	(void)state;
	int *v = NULL;
	size_t n = 0, cap = 0;
	static const size_t caps[] = {4, 4, 4, 4, 8, 8, 8, 8, 16};
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		assert_true(grow(&v, &cap, n, 4));
		assert_int_equal(cap, caps[i]);
		v[n] = (int)n;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i], (int)i);
	free(v);
}

static void room_left_is_no_change(void **state)
{
	(void)state;
	size_t cap = 0;
	char *v = NULL;
	assert_true(grow(&v, &cap, 0, 8));
	char *was = v;
	assert_true(grow(&v, &cap, 7, 8));
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 8);
	free(v);
}

static void overflow_is_refused(void **state)
{
	(void)state;
	struct big {
		char b[1 << 20];
	} *v = NULL;
	size_t cap = SIZE_MAX / sizeof *v / 2 + 1; /* doubling overflows */
	assert_false(grow(&v, &cap, cap, 1));
	assert_null(v);
	assert_int_equal(cap, SIZE_MAX / sizeof *v / 2 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(doubles_from_first),
		cmocka_unit_test(room_left_is_no_change),
		cmocka_unit_test(overflow_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
