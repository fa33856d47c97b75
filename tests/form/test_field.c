/*
 * The text field's editing model (src/ui/ui_field.c): UTF-8 names typed,
 * corrected in the middle, deleted a letter at a time, never left with a
 * cursor inside a character. Table-driven: each case is a list of edits
 * and the text and cursor it must end with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

/* An edit: 'i' insert s, 'b' backspace, 'd' delete, 'l'/'r' move back/on,
 * 'm' move_to n, 'h'/'e' Home/End keys, 'L'/'R' Left/Right keys, 's' set s,
 * 't' a UI_EV_TEXT event with s. want is what the edit returns (for the
 * edits that return something). */
struct op {
	char what;
	const char *s;
	size_t n;
	int want;	/* 1 true, 0 false, -1 not checked */
};

struct fcase {
	const char *label;
	struct op ops[8];
	const char *text;
	size_t cur;
};

#define I(s) {'i', s, 0, 1}
#define END {0, NULL, 0, 0}

/* clang-format off */
static const struct fcase cases[] = {
	{"type a name with an accent", {I("Zo"), I("\xc3\xab"), END}, "Zo\xc3\xab", 4},
	{"backspace takes the whole 2-byte letter", {I("Zo\xc3\xab"), {'b', 0, 0, 1}, END}, "Zo", 2},
	{"backspace at the start does nothing", {I("Ann"), {'m', 0, 0, -1}, {'b', 0, 0, 0}, END},
	 "Ann", 0},
	{"delete at the end does nothing", {I("Ann"), {'d', 0, 0, 0}, END}, "Ann", 3},
	{"insert a 3-byte letter in the middle", {I("Nguyn"), {'l', 0, 0, 1}, I("\xe1\xbb\x85"), END},
	 "Nguy\xe1\xbb\x85n", 7},
	{"insert in the middle of Siobhan", {I("Siobhn"), {'m', 0, 5, -1}, I("\xc3\xa1"), END},
	 "Siobh\xc3\xa1n", 7},
	{"delete the first letter of Lukasz", {I("\xc5\x81ukasz"), {'h', 0, 0, 1}, {'d', 0, 0, 1}, END},
	 "ukasz", 0},
	{"delete a 2-byte letter after the cursor", {I("\xc5\x81ukasz"), {'h', 0, 0, 1},
	 {'r', 0, 0, 1}, {'l', 0, 0, 1}, {'d', 0, 0, 1}, END}, "ukasz", 0},
	{"backspace in the middle", {I("Zo\xc3\xab Test"), {'m', 0, 4, -1}, {'b', 0, 0, 1}, END},
	 "Zo Test", 2},
	{"an accent typed as a combining mark goes with its letter",
	 {I("Zoe\xcc\x88"), {'b', 0, 0, 1}, END}, "Zo", 2},
	{"moving back steps over letter and mark together",
	 {I("Zoe\xcc\x88x"), {'l', 0, 0, 1}, {'l', 0, 0, 1}, END}, "Zoe\xcc\x88x", 2},
	{"moving on steps over letter and mark together",
	 {I("Zoe\xcc\x88"), {'m', 0, 2, -1}, {'r', 0, 0, 1}, END}, "Zoe\xcc\x88", 5},
	{"delete takes letter and mark", {I("Zoe\xcc\x88n"), {'m', 0, 2, -1}, {'d', 0, 0, 1}, END},
	 "Zon", 2},
	{"move_to inside a character snaps back", {I("Zo\xc3\xab"), {'m', 0, 3, -1}, END},
	 "Zo\xc3\xab", 2},
	{"move_to inside letter+mark snaps to its start", {I("Zoe\xcc\x88"), {'m', 0, 4, -1}, END},
	 "Zoe\xcc\x88", 2},
	{"invalid UTF-8 is refused", {I("Ann"), {'i', "\xff", 0, 0}, {'i', "\xc3", 0, 0}, END},
	 "Ann", 3},
	{"an overlong encoding is refused", {{'i', "\xc0\xaf", 0, 0}, END}, "", 0},
	{"a surrogate is refused", {{'i', "\xed\xa0\x80", 0, 0}, END}, "", 0},
	{"control characters are refused", {I("A"), {'i', "\n", 0, 0}, {'i', "\t", 0, 0},
	 {'i', "\xc2\x85", 0, 0}, END}, "A", 1},
	{"Arabic: a name, then backspace", {I("\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4\xd8\xa9"),
	 {'b', 0, 0, 1}, END}, "\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4", 8},
	{"Arabic: the Left key reads on", {I("\xd8\xb9\xd8\xa7\xd8\xa6"), {'h', 0, 0, 1},
	 {'L', 0, 0, 1}, END}, "\xd8\xb9\xd8\xa7\xd8\xa6", 2},
	{"Latin: the Left key goes back", {I("Ann"), {'L', 0, 0, 1}, END}, "Ann", 2},
	{"Right key at the end stays", {I("Ann"), {'R', 0, 0, 1}, END}, "Ann", 3},
	{"End key", {I("Ann"), {'m', 0, 0, -1}, {'e', 0, 0, 1}, END}, "Ann", 3},
	{"a text event inserts at the cursor", {I("An"), {'m', 0, 1, -1}, {'t', "\xc3\xb1", 0, 1}, END},
	 "A\xc3\xb1n", 3},
	{"set replaces and puts the cursor at the end", {I("old"), {'s', "Zo\xc3\xab", 0, 1}, END},
	 "Zo\xc3\xab", 4},
	{"set refuses invalid text and keeps the old", {I("old"), {'s', "a\xff", 0, 0}, END}, "old", 3},
};
/* clang-format on */

static void apply(struct ui_field *f, const struct op *o, const char *label, int k)
{
	int got = -1;
	struct ui_event ev = {.type = UI_EV_KEY};
	switch (o->what) {
	case 'i': got = ui_field_insert(f, o->s); break;
	case 'b': got = ui_field_backspace(f); break;
	case 'd': got = ui_field_delete(f); break;
	case 'l': got = ui_field_move(f, -1); break;
	case 'r': got = ui_field_move(f, 1); break;
	case 'm': ui_field_move_to(f, o->n); break;
	case 's': got = ui_field_set(f, o->s); break;
	case 'h': ev.key = UI_KEY_HOME; got = ui_field_key(f, &ev); break;
	case 'e': ev.key = UI_KEY_END; got = ui_field_key(f, &ev); break;
	case 'L': ev.key = UI_KEY_LEFT; got = ui_field_key(f, &ev); break;
	case 'R': ev.key = UI_KEY_RIGHT; got = ui_field_key(f, &ev); break;
	case 't':
		ev.type = UI_EV_TEXT;
		snprintf(ev.text, sizeof ev.text, "%s", o->s);
		got = ui_field_key(f, &ev);
		break;
	default: fail_msg("bad op %c", o->what);
	}
	if (o->want >= 0 && got != o->want)
		fail_msg("%s: edit %d (%c) returned %d, want %d", label, k, o->what, got, o->want);
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct fcase *c = &cases[i];
		struct ui_field f = {0};
		for (int k = 0; c->ops[k].what; k++)
			apply(&f, &c->ops[k], c->label, k);
		if (strcmp(f.text, c->text) != 0 || f.len != strlen(c->text) || f.cur != c->cur)
			fail_msg("%s: got \"%s\" (len %zu) cursor %zu, want \"%s\" cursor %zu", c->label,
				 f.text, f.len, f.cur, c->text, c->cur);
		/* Nothing deleted may linger after the text. */
		for (size_t b = f.len; b < sizeof f.text; b++)
			if (f.text[b])
				fail_msg("%s: byte %zu after the text is not zero", c->label, b);
	}
}

static void test_full(void **state)
{
	(void)state;
	struct ui_field f = {0};
	size_t n = 0;
	while (ui_field_insert(&f, "\xc3\xab"))
		n++;
	assert_int_equal(n, (UI_FIELD_BYTES - 1) / 2);
	assert_int_equal(f.len, n * 2);
	assert_false(ui_field_insert(&f, "ab"));	/* all or nothing */
	assert_int_equal(f.len, n * 2);
	assert_true(ui_field_insert(&f, "a"));
	assert_int_equal(f.text[UI_FIELD_BYTES - 1], '\0');
}

static void test_clear(void **state)
{
	(void)state;
	struct ui_field f = {0};
	ui_field_insert(&f, "Zo\xc3\xab Testperson");
	ui_field_clear(&f);
	const unsigned char *p = (const unsigned char *)&f;
	for (size_t i = 0; i < sizeof f; i++)
		assert_int_equal(p[i], 0);
}

static void test_rtl(void **state)
{
	(void)state;
	struct ui_field f = {0};
	ui_field_insert(&f, "\xd8\xb9\xd8\xa7");
	assert_true(ui_field_rtl(&f));
	ui_field_set(&f, "Zo\xc3\xab \xd8\xb9");
	assert_false(ui_field_rtl(&f));
	ui_field_set(&f, "- \xd8\xb9");	/* neutral first: the first letter decides */
	assert_true(ui_field_rtl(&f));
}

static void test_keys_ignored(void **state)
{
	(void)state;
	struct ui_field f = {0};
	struct ui_event ev = {.type = UI_EV_KEY, .key = UI_KEY_RETURN};
	assert_false(ui_field_key(&f, &ev));	/* Return is the form's, not the field's */
	ev.type = UI_EV_DOWN;
	assert_false(ui_field_key(&f, &ev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),	    cmocka_unit_test(test_full),
		cmocka_unit_test(test_clear),	    cmocka_unit_test(test_rtl),
		cmocka_unit_test(test_keys_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
