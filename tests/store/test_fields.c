/*
 * Table-driven tests for fields_*: every row is an input, the error we
 * expect, and (on FIELDS_OK) the exact normalised output. All people and
 * numbers are invented; phone numbers are from Ofcom's drama ranges.
 */
#include "content/strtab.h"
#include "store/fields.h"
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	const char *in;
	enum fields_err want;
	const char *out;	/* on FIELDS_OK; NULL means "same as in" */
};

typedef enum fields_err (*field_fn)(const char *, char *, size_t);

static void run_table(const char *what, field_fn fn, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[FIELDS_BUF_MIN];
		memset(out, 'x', sizeof out);
		enum fields_err got = fn(rows[i].in, out, sizeof out);
		if (got != rows[i].want)
			fail_msg("%s row %zu \"%s\": got %s, want %s", what, i, rows[i].in,
				 got ? fields_err_key(got) : "ok",
				 rows[i].want ? fields_err_key(rows[i].want) : "ok");
		const char *want = rows[i].want ? "" : rows[i].out ? rows[i].out : rows[i].in;
		if (strcmp(out, want) != 0)
			fail_msg("%s row %zu \"%s\": out \"%s\", want \"%s\"", what, i,
				 rows[i].in, out, want);
	}
}

#define RUN(fn, rows) run_table(#fn, fn, rows, ARRAY_LEN(rows))

/* 40 and 41 two-byte characters, and 40 three-byte ones. */
#define E5 "\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab"
#define E40 E5 E5 E5 E5 E5 E5 E5 E5
#define LI5 "\xe6\x9d\x8e\xe6\x9d\x8e\xe6\x9d\x8e\xe6\x9d\x8e\xe6\x9d\x8e"
#define LI40 LI5 LI5 LI5 LI5 LI5 LI5 LI5 LI5

static void test_name(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{ "Zo\xc3\xab Testperson", FIELDS_OK, NULL },
		{ "  Nguy\xe1\xbb\x85n   V\xc4\x83n  An ", FIELDS_OK,
		  "Nguy\xe1\xbb\x85n V\xc4\x83n An" },
		{ "\xc5\x81ukasz", FIELDS_OK, NULL },
		{ "Siobh\xc3\xa1n", FIELDS_OK, NULL },
		{ "O'Neil", FIELDS_OK, NULL },
		{ "O\xe2\x80\x99Neil", FIELDS_OK, NULL },		/* O’Neil */
		{ "Anne-Marie", FIELDS_OK, NULL },
		{ "J. R. Testperson", FIELDS_OK, NULL },
		{ "\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4\xd8\xa9", FIELDS_OK, NULL }, /* عائشة */
		{ "\xe6\x9d\x8e", FIELDS_OK, NULL },			/* 李 */
		{ "Zo\xc3\xab\xc2\xa0Test", FIELDS_OK, "Zo\xc3\xab Test" }, /* NBSP */
		{ "Zo\xc3\xab\xe3\x80\x80Test", FIELDS_OK, "Zo\xc3\xab Test" }, /* U+3000 */
		/* Persian with a zero-width non-joiner between letters */
		{ "\xd9\x85\xd9\x87\xd8\xb1\xe2\x80\x8c\xd9\x86\xd8\xa7\xd8\xb2", FIELDS_OK, NULL },
		{ "Zoe\xcc\x88", FIELDS_OK, NULL },	/* e + combining diaeresis */
		{ "Marcel\xc2\xb7l\xc3\xad", FIELDS_OK, NULL },	/* Catalan l·l */
		{ E40, FIELDS_OK, NULL },
		{ LI40, FIELDS_OK, NULL },
		{ "  " E40 "  ", FIELDS_OK, E40 },

		{ "", FIELDS_NAME_EMPTY, NULL },
		{ "    ", FIELDS_NAME_EMPTY, NULL },
		{ "\xc2\xa0", FIELDS_NAME_EMPTY, NULL },
		{ "-", FIELDS_NAME_EMPTY, NULL },
		{ " ' . ", FIELDS_NAME_EMPTY, NULL },
		{ E40 "\xc3\xab", FIELDS_NAME_TOO_LONG, NULL },
		{ LI40 " \xe6\x9d\x8e", FIELDS_NAME_TOO_LONG, NULL },
		{ "Zo\xc3\xab 2", FIELDS_NAME_BAD_CHAR, NULL },
		{ "Zo\xc3\xab!", FIELDS_NAME_BAD_CHAR, NULL },
		{ "Zo\xc3\xab@example", FIELDS_NAME_BAD_CHAR, NULL },
		{ "Zo\xc3\xab\tTest", FIELDS_NAME_BAD_CHAR, NULL },
		{ "Zo\xc3\xab\nTest", FIELDS_NAME_BAD_CHAR, NULL },
		{ "Zo\xc3\xab\xc2\x85", FIELDS_NAME_BAD_CHAR, NULL },	/* C1 NEL */
		{ "Zo\xe2\x80\x8b\xc3\xab", FIELDS_NAME_BAD_CHAR, NULL },	/* ZWSP */
		{ "\xe2\x80\xae" "Zo\xc3\xab", FIELDS_NAME_BAD_CHAR, NULL },	/* RLO */
		{ "\xef\xbb\xbfZo\xc3\xab", FIELDS_NAME_BAD_CHAR, NULL },	/* BOM */
		{ "\xe2\x80\x8cZo\xc3\xab", FIELDS_NAME_BAD_CHAR, NULL },	/* ZWNJ first */
		{ "Zo\xc3\xab \xe2\x80\x8c", FIELDS_NAME_BAD_CHAR, NULL },	/* ZWNJ last */
		{ "Zo\xc3\xab \xf0\x9f\x98\x80", FIELDS_NAME_BAD_CHAR, NULL },	/* emoji */
		{ "Zo\xc3\xab \xc2\xa9", FIELDS_NAME_BAD_CHAR, NULL },	/* © */
		{ "\xd8\xb9\xd8\xa7\xd9\xa3", FIELDS_NAME_BAD_CHAR, NULL },	/* Arabic 3 */
		{ "Zo\xef\xbf\xbf", FIELDS_NAME_BAD_CHAR, NULL },	/* U+FFFF */
		{ "Zo\xc3", FIELDS_NAME_BAD_UTF8, NULL },		/* truncated */
		{ "Zo\xc3\xab\x80", FIELDS_NAME_BAD_UTF8, NULL },	/* stray */
		{ "\xc0\xaf", FIELDS_NAME_BAD_UTF8, NULL },		/* overlong / */
		{ "\xe0\x80\xaf", FIELDS_NAME_BAD_UTF8, NULL },	/* overlong 3 */
		{ "\xed\xa0\x80", FIELDS_NAME_BAD_UTF8, NULL },	/* surrogate */
		{ "\xf4\x90\x80\x80", FIELDS_NAME_BAD_UTF8, NULL },	/* > U+10FFFF */
		{ "Zo\xff", FIELDS_NAME_BAD_UTF8, NULL },
		/* invalid UTF-8 wins over a bad character earlier on */
		{ "2\xc3", FIELDS_NAME_BAD_UTF8, NULL },
	};
	RUN(fields_name, rows);
}

static void test_phone(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{ "07700 900123", FIELDS_OK, NULL },
		{ "07700900123", FIELDS_OK, "07700 900123" },
		{ " 07700-900-123 ", FIELDS_OK, "07700 900123" },
		{ "+44 7700 900123", FIELDS_OK, "07700 900123" },
		{ "+447700900123", FIELDS_OK, "07700 900123" },
		{ "0044 7700 900123", FIELDS_OK, "07700 900123" },
		{ "+44 (0)7700 900123", FIELDS_OK, "07700 900123" },
		{ "(0113) 496-0000", FIELDS_OK, "0113 496 0000" },
		{ "+44 113 496 0000", FIELDS_OK, "0113 496 0000" },
		{ "02079460000", FIELDS_OK, "020 7946 0000" },
		{ "(020) 7946 0000", FIELDS_OK, "020 7946 0000" },
		{ "0161 4960000", FIELDS_OK, "0161 496 0000" },
		{ "01632960000", FIELDS_OK, "01632 960000" },
		{ "03069990000", FIELDS_OK, "0306 999 0000" },

		{ "", FIELDS_PHONE_EMPTY, NULL },
		{ "   ", FIELDS_PHONE_EMPTY, NULL },
		{ "- ( )", FIELDS_PHONE_EMPTY, NULL },
		{ "07700 9001a3", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "07700.900123", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "07700 900123 ext 2", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "07700+900123", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "++447700900123", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "07700\xc2\xa0" "900123", FIELDS_PHONE_BAD_CHAR, NULL },
		{ "7700 900123", FIELDS_PHONE_NOT_UK, NULL },
		{ "+1 202 555 0100", FIELDS_PHONE_NOT_UK, NULL },
		{ "0033 1 23 45 67 89", FIELDS_PHONE_NOT_UK, NULL },
		{ "+", FIELDS_PHONE_NOT_UK, NULL },
		{ "00", FIELDS_PHONE_NOT_UK, NULL },
		{ "0", FIELDS_PHONE_SHORT, NULL },
		{ "+44", FIELDS_PHONE_SHORT, NULL },
		{ "07700 90012", FIELDS_PHONE_SHORT, NULL },
		{ "+44 113 496 000", FIELDS_PHONE_SHORT, NULL },
		{ "07700 9001234", FIELDS_PHONE_LONG, NULL },
		{ "+44 7700 9001234", FIELDS_PHONE_LONG, NULL },
		{ "0770090012345678901234567890123456789", FIELDS_PHONE_LONG, NULL },
		{ "0800 123 4567", FIELDS_PHONE_TYPE, NULL },
		{ "0800 123 456", FIELDS_PHONE_TYPE, NULL },
		{ "0909 879 0000", FIELDS_PHONE_TYPE, NULL },
		{ "0500 123456", FIELDS_PHONE_TYPE, NULL },
		{ "+44 4700 900123", FIELDS_PHONE_TYPE, NULL },
		{ "06700 900123", FIELDS_PHONE_TYPE, NULL },
	};
	RUN(fields_phone, rows);
}

static void test_email(void **state)
{
	(void)state;
	char l64[80], l65[80], long254[300], long255[300];

	/* 64 characters before the @ is the most an address may have. */
	memset(l64, 'a', 64);
	strcpy(l64 + 64, "@example.com");
	memset(l65, 'a', 65);
	strcpy(l65 + 65, "@example.com");
	/* a@ + 248 + .com = 254; one more is too long */
	strcpy(long254, "a@");
	memset(long254 + 2, 'b', 248);
	strcpy(long254 + 250, ".com");
	strcpy(long255, "a@");
	memset(long255 + 2, 'b', 249);
	strcpy(long255 + 251, ".com");

	const struct row rows[] = {
		{ "zoe.testperson@Example.COM", FIELDS_OK, "zoe.testperson@example.com" },
		{ "  Zoe@EXAMPLE.org \n", FIELDS_OK, "Zoe@example.org" },
		{ "zoe+kiosk@mail.example.co.uk", FIELDS_OK, NULL },
		{ "o'neil@example.com", FIELDS_OK, NULL },
		{ "a@b.c", FIELDS_OK, NULL },
		{ "zoe_t-p@ex-ample.com", FIELDS_OK, NULL },
		{ l64, FIELDS_OK, NULL },
		{ long254, FIELDS_OK, NULL },

		{ "", FIELDS_EMAIL_EMPTY, NULL },
		{ " \t ", FIELDS_EMAIL_EMPTY, NULL },
		{ "zoe test@example.com", FIELDS_EMAIL_SPACE, NULL },
		{ "zoe@example .com", FIELDS_EMAIL_SPACE, NULL },
		{ "zoe.example.com", FIELDS_EMAIL_NO_AT, NULL },
		{ "zoe@@example.com", FIELDS_EMAIL_TWO_AT, NULL },
		{ "zoe@home@example.com", FIELDS_EMAIL_TWO_AT, NULL },
		{ "@example.com", FIELDS_EMAIL_NO_NAME, NULL },
		{ "zoe@", FIELDS_EMAIL_NO_DOMAIN, NULL },
		{ "zoe@localhost", FIELDS_EMAIL_NO_DOT, NULL },
		{ "zoe,t@example.com", FIELDS_EMAIL_BAD_CHAR, NULL },
		{ "\"zoe\"@example.com", FIELDS_EMAIL_BAD_CHAR, NULL },
		{ "zo\xc3\xab@example.com", FIELDS_EMAIL_BAD_CHAR, NULL },
		{ "zoe@exa_mple.com", FIELDS_EMAIL_BAD_CHAR, NULL },
		{ "zoe@example.com>", FIELDS_EMAIL_BAD_CHAR, NULL },
		{ "zoe..t@example.com", FIELDS_EMAIL_DOTS, NULL },
		{ ".zoe@example.com", FIELDS_EMAIL_DOTS, NULL },
		{ "zoe.@example.com", FIELDS_EMAIL_DOTS, NULL },
		{ "zoe@.example.com", FIELDS_EMAIL_DOTS, NULL },
		{ "zoe@example.com.", FIELDS_EMAIL_DOTS, NULL },
		{ "zoe@example..com", FIELDS_EMAIL_DOTS, NULL },
		{ l65, FIELDS_EMAIL_TOO_LONG, NULL },
		{ long255, FIELDS_EMAIL_TOO_LONG, NULL },
	};
	RUN(fields_email, rows);
}

static void test_postcode(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{ "ls1 4ap", FIELDS_OK, "LS1 4AP" },
		{ "SW1A1AA", FIELDS_OK, "SW1A 1AA" },
		{ "  m1 1ae ", FIELDS_OK, "M1 1AE" },		/* A9 9AA */
		{ "B33 8TH", FIELDS_OK, NULL },			/* A99 9AA */
		{ "CR2 6XH", FIELDS_OK, NULL },			/* AA9 9AA */
		{ "dn551pt", FIELDS_OK, "DN55 1PT" },		/* AA99 9AA */
		{ "W1A 0AX", FIELDS_OK, NULL },			/* A9A 9AA */
		{ "ec1a 1bb", FIELDS_OK, "EC1A 1BB" },		/* AA9A 9AA */
		{ "gir0aa", FIELDS_OK, "GIR 0AA" },
		{ "L S 1 4 A P", FIELDS_OK, "LS1 4AP" },
		{ "LS1\t4AP", FIELDS_OK, "LS1 4AP" },

		{ "", FIELDS_POSTCODE_EMPTY, NULL },
		{ "   ", FIELDS_POSTCODE_EMPTY, NULL },
		{ "LS1-4AP", FIELDS_POSTCODE_BAD_CHAR, NULL },
		{ "LS1 4AP!", FIELDS_POSTCODE_BAD_CHAR, NULL },
		{ "LS1 4\xc3\x84P", FIELDS_POSTCODE_BAD_CHAR, NULL },
		{ "LS1", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS1 4A", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS1 OAP", FIELDS_POSTCODE_SHAPE, NULL },	/* letter O */
		{ "1LS 4AP", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS123 4AP", FIELDS_POSTCODE_SHAPE, NULL },
		{ "ABC1 4AP", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LSA 4AP", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS1 44P", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS1 4AP4", FIELDS_POSTCODE_SHAPE, NULL },
		{ "LS14APLS14APLS14AP", FIELDS_POSTCODE_SHAPE, NULL },
		{ "GIR 0AB", FIELDS_POSTCODE_SHAPE, NULL },
	};
	RUN(fields_postcode, rows);
}

/* A buffer one byte too small is refused without writing past it; one of
 * exactly the right size works. */
static void test_nospace(void **state)
{
	(void)state;
	static const struct {
		field_fn fn;
		const char *in, *out;
	} rows[] = {
		{ fields_name, "Zo\xc3\xab  Test", "Zo\xc3\xab Test" },
		{ fields_phone, "07700900123", "07700 900123" },
		{ fields_email, "zoe@EXAMPLE.com", "zoe@example.com" },
		{ fields_postcode, "ls14ap", "LS1 4AP" },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		size_t need = strlen(rows[i].out) + 1;
		char buf[64];
		memset(buf, '#', sizeof buf);
		assert_int_equal(rows[i].fn(rows[i].in, buf, need - 1), FIELDS_NOSPACE);
		assert_string_equal(buf, "");
		assert_int_equal(buf[need - 1], '#');
		assert_int_equal(rows[i].fn(rows[i].in, buf, need), FIELDS_OK);
		assert_string_equal(buf, rows[i].out);
		assert_int_equal(rows[i].fn(rows[i].in, buf, 0), FIELDS_NOSPACE);
		assert_int_equal(rows[i].fn(NULL, buf, sizeof buf), FIELDS_NOSPACE);
	}
}

static void test_err_keys(void **state)
{
	(void)state;
	assert_null(fields_err_key(FIELDS_OK));
	assert_string_equal(fields_err_key(FIELDS_ERR_COUNT), "err.internal");
	assert_string_equal(fields_err_key((enum fields_err)-1), "err.internal");
	for (int i = 1; i < FIELDS_ERR_COUNT; i++) {
		const char *k = fields_err_key((enum fields_err)i);
		assert_non_null(k);
		assert_int_equal(strncmp(k, "err.", 4), 0);
		for (int j = 1; j < i; j++)
			assert_string_not_equal(k, fields_err_key((enum fields_err)j));
	}
}

/*
 * Every key fields_err_key() can return is in the shipped strings
 * (kiosk-config/strings/), with words, so no message shows as its key.
 */
static void test_every_key_shipped(void **state)
{
	(void)state;
	struct strtab str = {0};
	struct diag_list d = {0};
	strtab_load_dir(&str, STRINGS_DIR, &d);
	diag_print(&d, stderr);
	assert_int_equal(diag_count(&d), 0);
	for (int e = 1; e < FIELDS_ERR_COUNT; e++) {
		const char *k = fields_err_key((enum fields_err)e), *v = strtab_find(&str, k);
		if (!v || strlen(v) < 10)
			fail_msg("%s is not in %s (or has no words)", k, STRINGS_DIR);
	}
	strtab_free(&str);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_postcode),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_err_keys),
		cmocka_unit_test(test_every_key_shipped),
	};
	return cmocka_run_group_tests_name("store_fields", tests, NULL, NULL);
}
