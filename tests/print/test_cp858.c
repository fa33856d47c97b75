/* cp858: UTF-8 to printer code page PC858 and back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "print/cp858.h"

static void test_from_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"plain ASCII 123", "plain ASCII 123"},
		{"\xc2\xa3"
		 "5 or \xe2\x82\xac"
		 "5",
		 "\x9c"
		 "5 or \xd5"
		 "5"},                      /* £ € */
		{"Caf\xc3\xa9", "Caf\x82"}, /* é in PC858 */
		{"Zo\xc3\xab Stra\xc3\x9f"
		 "e",
		 "Zo\x89 Stra\xe1"
		 "e"}, /* ë ß */
		{"Fran\xc3\xa7ois \xc3\x85"
		 "sa",
		 "Fran\x87ois \x8f"
		 "sa"},                                /* ç Å */
		{"Nguy\xe1\xbb\x85n", "Nguyen"},       /* ễ -> e */
		{"\xc5\x81ukasz", "Lukasz"},           /* Ł -> L */
		{"Dvo\xc5\x99\xc3\xa1k", "Dvor\xa0k"}, /* ř -> r, á kept */
		{"\xc5\x9e"
		 "ahin \xc4\x9e\xc3\xbcl",
		 "Sahin G\x81l"},           /* Ş Ğ -> S G, ü kept */
		{"\xc5\x92uvre", "OEuvre"}, /* Œ */
		{"\xe2\x80\x9cHi\xe2\x80\x9d it\xe2\x80\x99s", "\"Hi\" it's"},
		{"10:00\xe2\x80\x93"
		 "12:00",
		 "10:00-12:00"}, /* en dash */
		{"wait\xe2\x80\xa6", "wait..."},
		{"e\xcc\x81", "e"}, /* combining acute */
		{"a\xc2\xa0"
		 "b",
		 "a\xff"
		 "b"}, /* no-break space */
		{"co\xc2\xad"
		 "op",
		 "coop"},                                     /* soft hyphen */
		{"\xe6\x97\xa5\xe6\x9c\xac", "??"},           /* CJK */
		{"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "????"}, /* Arabic */
		{"hi \xf0\x9f\x99\x82", "hi ?"},              /* emoji */
		{"\x1b@x\x1d"
		 "V\x01",
		 "@xV"}, /* no smuggled commands */
		{"a\tb\r\nc", "a b\nc"},
		{"\xef\xbb\xbfX", "X"}, /* stray BOM */
		{"bad \xc3( \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80", "bad ?( ?? ??? ????"},
		{"cut \xe2\x82", "cut ??"}, /* truncated */
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = cp858_from_utf8(cases[i].in);
		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\" gave \"%s\"", i, cases[i].in, got);
		assert_true(strlen(got) <= strlen(cases[i].in));
		free(got);
	}
	assert_null(cp858_from_utf8(NULL));
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Every printable PC858 byte survives byte -> UTF-8 -> byte, except
	 * 0xF0, the soft hyphen, which is dropped as invisible. */
	for (int b = 0x20; b <= 0xFF; b++) {
		char u[5] = {0};
		if (b == 0x7F || b == 0xF0)
			continue;
		size_t n = cp858_to_utf8((unsigned char)b, u);
		assert_in_range(n, 1, 3);
		char *back = cp858_from_utf8(u);
		assert_non_null(back);
		if ((unsigned char)back[0] != b || back[1] != '\0')
			fail_msg("byte 0x%02X came back as 0x%02X", b, (unsigned char)back[0]);
		free(back);
	}
	assert_int_equal(cp858_to_unicode(0xD5), 0x20AC);
	assert_int_equal(cp858_to_unicode(0x9C), 0x00A3);
	assert_int_equal(cp858_to_unicode('A'), 'A');
}

static void test_from_unicode(void **state)
{
	(void)state;
	unsigned char out[3];
	assert_int_equal(cp858_from_unicode(0x0007, out), 0);
	assert_int_equal(cp858_from_unicode(0x0085, out), 0);
	assert_int_equal(cp858_from_unicode(0x200B, out), 0);
	assert_int_equal(cp858_from_unicode(0x1E9E, out), 2);
	assert_memory_equal(out, "SS", 2);
	assert_int_equal(cp858_from_unicode(0x10FFFF, out), 1);
	assert_int_equal(out[0], '?');
	assert_int_equal(cp858_from_unicode(0x0159, out), 1); /* ř */
	assert_int_equal(out[0], 'r');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_utf8),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_from_unicode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
