/* csv: the RFC 4180 reader under courses.csv, on its own: records, fields,
 * lines, the two kinds of bad record, trimming. One row of the table per
 * input; each record is written as its fields joined by '|'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "content/csv.h"

struct rec_want {
	const char *fields;	/* joined by '|' */
	int line, bad, bad_line;
};

struct csv_case {
	const char *label, *text;
	struct rec_want rec[4];	/* ending with END */
};

#define REC(f, l) {f, l, 0, 0}
#define END       {NULL, 0, 0, 0}

/* clang-format off */
static const struct csv_case cases[] = {
	{"empty", "", {END}},
	{"one field", "a", {REC("a", 1), END}},
	{"LF", "a,b\nc,d\n", {REC("a|b", 1), REC("c|d", 2), END}},
	{"CRLF and lone CR", "a\r\nb\rc", {REC("a", 1), REC("b", 2), REC("c", 3), END}},
	{"byte order mark", "\xEF\xBB\xBFx,y", {REC("x|y", 1), END}},
	{"empty fields", ",,\n", {REC("||", 1), END}},
	{"quoted comma and quote", "\"a,b\",\"say \"\"hi\"\"\"", {REC("a,b|say \"hi\"", 1), END}},
	{"line break in quotes", "\"1\r\n2\",x\ny", {REC("1\n2|x", 1), REC("y", 3), END}},
	{"unclosed quote", "a\n\"open,\nmore",
	 {REC("a", 1), {"open,\nmore", 2, CSV_BAD_UNCLOSED, 2}, END}},
	{"text after quote", "\"a\"b,c\nd", {{"a", 1, CSV_BAD_JUNK, 1}, REC("d", 2), END}},
};
/* clang-format on */

static void join(const struct csv_rec *r, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < r->n; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? "|" : "",
			 csv_field(r, i));
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const struct csv_case *t = &cases[k];
		struct csv c;
		struct csv_rec r = {0};
		char got[256];
		size_t i = 0;
		csv_init(&c, t->text, strlen(t->text));
		while (csv_read(&c, &r) == 1) {
			const struct rec_want *w = &t->rec[i++];
			join(&r, got, sizeof got);
			if (!w->fields || strcmp(got, w->fields) || r.line != w->line ||
			    r.bad != w->bad || (w->bad && r.bad_line != w->bad_line))
				fail_msg("%s: record %zu is \"%s\" (line %d, bad %d)", t->label,
					 i, got, r.line, r.bad);
		}
		if (t->rec[i].fields)
			fail_msg("%s: only %zu records", t->label, i);
		csv_rec_free(&r);
	}
}

static void test_trim_and_field(void **state)
{
	(void)state;
	struct csv c;
	struct csv_rec r = {0};
	csv_init(&c, " a ,\t\n , \t", 10);
	assert_int_equal(csv_read(&c, &r), 1);
	assert_int_equal(csv_trim(&r), 0);
	assert_string_equal(csv_field(&r, 0), "a");
	assert_string_equal(csv_field(&r, 1), "");
	assert_string_equal(csv_field(&r, 2), "");	/* past the last field */
	assert_int_equal(csv_read(&c, &r), 1);
	assert_int_equal(csv_trim(&r), 1);	/* a row of empty cells */
	assert_int_equal(csv_read(&c, &r), 0);
	csv_rec_free(&r);
	csv_rec_free(&r);	/* safe on a zeroed record */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_trim_and_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
