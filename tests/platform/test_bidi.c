/*
 * pf_bidi: lines mixing Urdu or Arabic with Latin names, times, phone
 * numbers, £ amounts and web addresses come out in the order FriBidi gives,
 * cut into runs that each go to the right font.
 */
#include "platform/pf_bidi.h"

#include <fribidi.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

struct want {
	const char *text; /* the run's bytes, in logical order */
	bool rtl;	  /* shaped right to left (odd level) */
	bool script;	  /* in the script font */
};

struct bidi_case {
	const char *name;
	const char *line;
	bool rtl; /* paragraph direction */
	struct want runs[8];
};

/* As kiosk-config/lang/ writes them: a no-break space keeps a phone
 * number's groups in order (a plain space between numbers takes the
 * sentence's direction), a left-to-right mark before £ keeps it before
 * the amount. */
#define NBSP "\xc2\xa0"
#define LRM "\xe2\x80\x8e"

static const struct bidi_case cases[] = {
	{"urdu with a name, a time and a phone number",
	 "Sarah Khan آپ کو 10:30 بجے 020" NBSP "7946" NBSP "0000 پر فون کریں گی",
	 true,
	 {{" پر فون کریں گی", true, true},
	  {"020" NBSP "7946" NBSP "0000", false, false},
	  {" بجے ", true, true},
	  {"10:30", false, false},
	  {" آپ کو ", true, true},
	  {"Sarah Khan", false, false}}},
	{"arabic with a pound amount and a web address",
	 "الرسوم " LRM "£25 راجع www.example.org/jobs",
	 true,
	 {{"www.example.org/jobs", false, false},
	  {" راجع ", true, true},
	  {LRM "£25", false, false},
	  {"الرسوم ", true, true}}},
	{"an arabic name in an english sentence",
	 "Thank you, عائشة.",
	 false,
	 {{"Thank you, ", false, false}, {"عائشة", true, true}, {".", false, false}}},
	{"an english screen's line that starts in arabic reads right to left",
	 "عائشة Smith",
	 false,
	 {{"Smith", false, false}, {"عائشة ", true, true}}},
	{"plain english is one run", "Step 3 of 11", false, {{"Step 3 of 11", false, false}}},
	{"urdu digits are numbers (left to right) in the urdu font",
	 "مرحلہ ۳",
	 true,
	 {{"۳", false, true}, {"مرحلہ ", true, true}}},
};

static size_t want_count(const struct bidi_case *c)
{
	size_t n = 0;
	while (n < 8 && c->runs[n].text)
		n++;
	return n;
}

static void check_case(const struct bidi_case *c)
{
	struct pf_run runs[16];
	size_t len = strlen(c->line);
	size_t n = pf_bidi_runs(c->line, len, c->rtl, NULL, NULL, runs, 16);
	size_t want = want_count(c);
	if (n != want)
		fail_msg("%s: %zu runs, want %zu", c->name, n, want);
	for (size_t i = 0; i < n; i++) {
		const struct want *w = &c->runs[i];
		if (runs[i].len != strlen(w->text) ||
		    memcmp(c->line + runs[i].off, w->text, runs[i].len) != 0)
			fail_msg("%s: run %zu is \"%.*s\", want \"%s\"", c->name, i,
				 (int)runs[i].len, c->line + runs[i].off, w->text);
		assert_int_equal(runs[i].level & 1, w->rtl);
		assert_int_equal(runs[i].script, w->script);
	}
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);
}

/* The runs, each reversed if it reads right to left, spell what FriBidi's
 * own reordering of single characters makes of the line. */
static void test_same_as_log2vis(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const struct bidi_case *c = &cases[k];
		size_t len = strlen(c->line);
		FriBidiChar logical[256], visual[256], ours[256];
		FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, c->line,
							       (FriBidiStrIndex)len, logical);
		FriBidiParType base = c->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
		FriBidiCharType types[256];
		FriBidiBracketType brackets[256];
		FriBidiLevel levels[256];
		fribidi_get_bidi_types(logical, n, types);
		fribidi_get_bracket_types(logical, n, types, brackets);
		assert_true(fribidi_get_par_embedding_levels_ex(types, brackets, n, &base, levels));
		memcpy(visual, logical, (size_t)n * sizeof *visual);
		assert_true(fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, types, n, 0, base,
						 levels, visual, NULL));
		struct pf_run runs[16];
		size_t nr = pf_bidi_runs(c->line, len, c->rtl, NULL, NULL, runs, 16);
		FriBidiStrIndex m = 0;
		for (size_t i = 0; i < nr; i++) {
			FriBidiChar cp[256];
			size_t at = 0, cn = 0;
			while (at < runs[i].len)
				cp[cn++] = pf_utf8_next(c->line + runs[i].off, runs[i].len, &at);
			for (size_t j = 0; j < cn; j++)
				ours[m++] = runs[i].level & 1 ? cp[cn - 1 - j] : cp[j];
		}
		assert_int_equal(m, n);
		if (memcmp(ours, visual, (size_t)n * sizeof *ours) != 0)
			fail_msg("%s: not in FriBidi's visual order", c->name);
	}
}

static bool no_bang(void *ctx, uint32_t c)
{
	(void)ctx;
	return c != '!';
}

/* A space or stop joins the script run only if the script font draws it. */
static void test_coverage(void **state)
{
	(void)state;
	const char *line = "سلام!";
	struct pf_run runs[4];
	size_t n = pf_bidi_runs(line, strlen(line), true, no_bang, NULL, runs, 4);
	assert_int_equal(n, 2);
	assert_int_equal(runs[0].len, 1);
	assert_false(runs[0].script);
	assert_true(runs[1].script);
	n = pf_bidi_runs(line, strlen(line), true, NULL, NULL, runs, 4);
	assert_int_equal(n, 1);
}

/* More runs than room: the tail joins the last run, nothing is lost. */
static void test_few_runs(void **state)
{
	(void)state;
	const char *line = "a ب c د e";
	struct pf_run runs[2];
	size_t n = pf_bidi_runs(line, strlen(line), false, NULL, NULL, runs, 2);
	assert_int_equal(n, 2);
	assert_int_equal(runs[0].len + runs[1].len, strlen(line));
	assert_int_equal(pf_bidi_runs("", 0, false, NULL, NULL, runs, 2), 0);
}

/* A paragraph with no right-to-left letter (staff's English on an Urdu
 * screen) is laid out left to right: its full stop stays at its end,
 * where a right-to-left base would have put it first (at the left). */
static void test_paragraph(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool rtl;
	} paras[] = {
		{"Care Certificate (Level 2).", false},
		{"Leeds City College, Park Lane", false},
		{"09:30" "\xe2\x80\x93" "15:00", false},
		{"", false},
		{"Sarah Khan آپ کو فون کریں گی", true},
		{"Step into Care: مفت کورس", true},
		{"عائشة", true},
	};
	for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++)
		if (pf_bidi_has_rtl(paras[i].text, strlen(paras[i].text)) != paras[i].rtl)
			fail_msg("\"%s\": has right-to-left letters should be %d", paras[i].text,
				 paras[i].rtl);
	const char *en = "Care Certificate (Level 2).";
	struct pf_run runs[4];
	size_t n = pf_bidi_runs(en, strlen(en), false, NULL, NULL, runs, 4);
	assert_int_equal(n, 1);
	assert_int_equal(runs[0].len, strlen(en));
	n = pf_bidi_runs(en, strlen(en), true, NULL, NULL, runs, 4);
	assert_true(n >= 2);
	assert_int_equal(runs[0].len, 1); /* the stop, leftmost */
	assert_int_equal(en[runs[0].off], '.');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_same_as_log2vis),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_few_runs),
		cmocka_unit_test(test_paragraph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
