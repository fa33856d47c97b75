/*
 * quiz validator: one case per kind of problem, each with its exact
 * "file:line: message"; whole folders through quiz_load(); the shipped
 * kiosk-config/quiz loading clean against the shipped roles. Cases edit
 * the fixture (quiz_fixture.h, line numbers in its comments).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "quiz_fixture.h"

#define A17 "aaaaaaaaaaaaaaaaa"
#define A25 A17 "aaaaaaaa"
#define A61 A25 A25 "aaaaaaaaaaa"
#define A71 A61 "aaaaaaaaaa"
#define A81 A71 "aaaaaaaaaa"
#define A91 A81 "aaaaaaaaaa"
#define A161 A81 A71 "aaaaaaaaa"
#define A223 A81 A81 A61

struct qcase {
	const char *label;
	bool values;		/* edit VALUES (else CHAR) */
	const char *find, *repl;
	bool all;		/* replace every occurrence */
	const char *want;	/* the one message ("%s" = asset dir); "" = none */
};

#define V(label, find, repl, want) {label, true, find, repl, false, want}
#define C(label, find, repl, want) {label, false, find, repl, false, want}

/* clang-format off */
static const struct qcase cases[] = {
	/* values.json */
	V("missing intro", "  \"intro\": \"Here is what your answers say about you.\",\n", "",
	  "quiz/values.json:1: missing \"intro\""),
	V("unknown top", "  \"closing\"", "  \"colour\": \"red\",\n  \"closing\"",
	  "quiz/values.json:9: unknown field \"colour\""),
	V("unknown in value", "\"name\": \"Teamwork\"", "\"name\": \"Teamwork\", \"icon\": 1",
	  "quiz/values.json:6: unknown field \"icon\""),
	V("too few values", ",\n    " V_COURAGE ",\n    " V_TEAMWORK, "",
	  "quiz/values.json:2: \"values\" has 2 items; it needs 3 to 8"),
	V("value not group", V_TEAMWORK, "\"teamwork\"",
	  "quiz/values.json:6: each item of \"values\" must be a group in { }"),
	V("long name", "\"Teamwork\"", "\"" A25 "\"",
	  "quiz/values.json:6: \"name\" is too long: 25 characters, at most 24 fit on screen"),
	V("long high", "You share.", A91,
	  "quiz/values.json:6: \"high\" is too long: 91 characters, at most 90 fit on screen"),
	V("long grow", "Teams help.", A91,
	  "quiz/values.json:6: \"grow\" is too long: 91 characters, at most 90 fit on screen"),
	V("long intro", "Here is what your answers say about you.", A81,
	  "quiz/values.json:8: \"intro\" is too long: 81 characters, at most 80 fit on screen"),
	V("long closing", "There are no wrong answers.", A161,
	  "quiz/values.json:9: \"closing\" is too long: 161 characters, at most 160 fit on screen"),
	V("missing high", "\"high\": \"You share.\", ", "",
	  "quiz/values.json:6: missing \"high\""),
	V("unknown role", "\"night-care-worker\"", "\"cook\"",
	  "quiz/values.json:3: unknown role \"cook\" (use the id of a file in kiosk-config/roles/)"),
	V("role twice", "\"night-care-worker\"]", "\"home-care-worker\"]",
	  "quiz/values.json:3: role \"home-care-worker\" is listed twice"),
	V("too few roles", "[\"senior-care-worker\", \"support-worker\"]", "[\"support-worker\"]",
	  "quiz/values.json:5: \"roles\" has 1 items; it needs 2 to 4"),
	V("duplicate value", "\"id\": \"teamwork\"", "\"id\": \"courage\"",
	  "quiz/values.json:6: duplicate value id \"courage\""),
	V("bad value id", "\"id\": \"teamwork\"", "\"id\": \"Team work\"",
	  "quiz/values.json:6: \"id\" may use only small letters, digits and -"),
	V("values not object", VALUES, "[]\n", "quiz/values.json:1: values.json must be one { } group"),
	V("values syntax", "  ],\n", "  ]\n",
	  "quiz/values.json:8: not valid JSON here (check for a missing comma, quote or bracket)"),
	V("values latin-1", "\"Teamwork\"", "\"Teamwork \xa3\"",
	  "quiz/values.json:6: this is not UTF-8 text (save the file as UTF-8)"),
	/* A character: its own fields. */
	C("missing name", "  \"name\": \"Zo\xc3\xab\",\n", "", "characters/zoe.json:1: missing \"name\""),
	C("unknown top", "  \"name\"", "  \"colour\": \"red\",\n  \"name\"",
	  "characters/zoe.json:4: unknown field \"colour\""),
	C("id not file", "\"id\": \"zoe\"", "\"id\": \"amir\"",
	  "characters/zoe.json:2: \"id\" is \"amir\" but the file is called \"zoe.json\"; they must match"),
	C("order fraction", "\"order\": 1", "\"order\": 1.5",
	  "characters/zoe.json:3: \"order\" must be a whole number from 0 to 999"),
	C("order huge", "\"order\": 1", "\"order\": 1e300",
	  "characters/zoe.json:3: \"order\" must be a whole number from 0 to 999"),
	C("long name", "\"name\": \"Zo\xc3\xab\"", "\"name\": \"" A17 "\"",
	  "characters/zoe.json:4: \"name\" is too long: 17 characters, at most 16 fit on screen"),
	C("name in characters", "\"name\": \"Zo\xc3\xab\"",
	  "\"name\": \"\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab"
	  "\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\"", ""),
	C("long line", "Zo\xc3\xab Testperson works in a care home.", A61,
	  "characters/zoe.json:6: \"line\" is too long: 61 characters, at most 60 fit on screen"),
	C("unknown role", "\"residential-care-worker\"", "\"cook\"",
	  "characters/zoe.json:5: unknown role \"cook\" (use the id of a file in kiosk-config/roles/)"),
	C("picture missing", "quiz/characters/zoe.svg", "quiz/characters/nope.svg",
	  "characters/zoe.json:7: image not found: %s/images/quiz/characters/nope.svg"),
	C("picture outside", "quiz/characters/zoe.svg", "../zoe.svg",
	  "characters/zoe.json:7: \"image\" must be a path inside the images folder, like \"quiz/x.svg\""),
	C("not a group", CHAR, "[]\n", "characters/zoe.json:1: a character must be one { } group"),
	C("latin-1", "\"name\": \"Zo\xc3\xab\"", "\"name\": \"Zo\xeb\"",
	  "characters/zoe.json:4: this is not UTF-8 text (save the file as UTF-8)"),
	C("syntax", "  \"order\": 1,\n", "  \"order\": 1\n",
	  "characters/zoe.json:4: not valid JSON here (check for a missing comma, quote or bracket)"),
	/* Scenes. */
	C("too few scenes", ",\n" SCENE(4, Q3 ", " Q3) ",\n" SCENE(5, Q3 ", " Q4), "",
	  "characters/zoe.json:8: \"scenes\" has 3 items; it needs 4 to 8"),
	C("too few questions", ",\n" SCENE(5, Q3 ", " Q4), "",
	  "characters/zoe.json:8: 10 questions in all; a character needs at least 12"),
	C("scene not group", SCENE(2, Q3 ", " Q3 ", " Q3), "\"zoe-2\"",
	  "characters/zoe.json:26: each item of \"scenes\" must be a group in { }"),
	C("duplicate scene", "\"id\": \"zoe-2\"", "\"id\": \"zoe-1\"",
	  "characters/zoe.json:26: duplicate scene id \"zoe-1\""),
	C("scene id", "\"id\": \"zoe-1\"", "\"id\": \"Zoe 1\"",
	  "characters/zoe.json:10: \"id\" may use only small letters, digits and -"),
	C("unknown in scene", "\"id\": \"zoe-1\",", "\"id\": \"zoe-1\", \"music\": \"x\",",
	  "characters/zoe.json:10: unknown field \"music\""),
	C("scene picture", "quiz/scenes/zoe-1.svg", "quiz/scenes/nope.svg",
	  "characters/zoe.json:11: image not found: %s/images/quiz/scenes/nope.svg"),
	C("one line", "[\"Line one.\", \"Line two.\"]", "[\"Line one.\"]",
	  "characters/zoe.json:12: \"narration\" has 1 items; it needs 2 to 4"),
	C("five lines", "[\"Line one.\", \"Line two.\"]", "[\"1\", \"2\", \"3\", \"4\", \"5\"]",
	  "characters/zoe.json:12: \"narration\" has 5 items; it needs 2 to 4"),
	C("long narration", "Line two.", A81,
	  "characters/zoe.json:12: an item of \"narration\" is too long: 81 characters, at most 80 fit "
	  "on screen"),
	C("one question", ",\n        " Q3 ",\n        " Q3 "\n", "\n",
	  "characters/zoe.json:13: \"questions\" has 1 items; it needs 2 to 3"),
	C("four questions", "        " Q3 "\n", "        " Q3 ", " Q3 "\n",
	  "characters/zoe.json:13: \"questions\" has 4 items; it needs 2 to 3"),
	C("question not group", "        " Q3 "\n", "        \"Why?\"\n",
	  "characters/zoe.json:23: each item of \"questions\" must be a group in { }"),
	/* Questions and answers. */
	C("long question", "Question one?", A91,
	  "characters/zoe.json:15: \"text\" is too long: 91 characters, at most 90 fit on screen"),
	C("unknown in question", "\"text\": \"Question one?\",", "\"text\": \"Question one?\", \"x\": 1,",
	  "characters/zoe.json:15: unknown field \"x\""),
	C("one option", ",\n            " OPT_B ",\n            " OPT_C "\n", "\n",
	  "characters/zoe.json:16: \"options\" has 1 items; it needs 2 to 4"),
	C("five options", "            " OPT_C "\n", "            " OPT_C ", " OPT_D ", " OPT_D "\n",
	  "characters/zoe.json:16: \"options\" has 5 items; it needs 2 to 4"),
	C("option not group", "            " OPT_C "\n", "            \"C\"\n",
	  "characters/zoe.json:19: each item of \"options\" must be a group in { }"),
	C("long option", "Option A.", A71,
	  "characters/zoe.json:17: \"text\" is too long: 71 characters, at most 70 fit on screen"),
	C("unknown in option", "{\"text\": \"Option A.\",", "{\"text\": \"Option A.\", \"score\": 1,",
	  "characters/zoe.json:17: unknown field \"score\""),
	C("missing feedback", ", " FB "}", "}", "characters/zoe.json:17: missing \"feedback\""),
	C("short feedback", FB, "\"feedback\": \"Many care workers would do this.\"",
	  "characters/zoe.json:17: \"feedback\" is too short: 32 characters; write at least 60 (what "
	  "many care workers would do, and why)"),
	C("long feedback", FB, "\"feedback\": \"" A223 "\"",
	  "characters/zoe.json:17: \"feedback\" is too long: 223 characters, at most 220 fit on screen"),
	C("unknown value", "{\"compassion\": 3}", "{\"kindness\": 3}",
	  "characters/zoe.json:17: unknown value \"kindness\" (use an id from values.json)"),
	C("weight 4", "{\"compassion\": 3}", "{\"compassion\": 4}",
	  "characters/zoe.json:17: \"compassion\" must be a whole number of points from 0 to 3"),
	C("weight fraction", "{\"compassion\": 3}", "{\"compassion\": 2.5}",
	  "characters/zoe.json:17: \"compassion\" must be a whole number of points from 0 to 3"),
	C("weight text", "{\"compassion\": 3}", "{\"compassion\": \"3\"}",
	  "characters/zoe.json:17: \"compassion\" must be a whole number of points from 0 to 3"),
	C("weight negative", "{\"compassion\": 3}", "{\"compassion\": -1}",
	  "characters/zoe.json:17: \"compassion\" must be a whole number of points from 0 to 3"),
	C("four values", "{\"dignity\": 2, \"courage\": 1}",
	  "{\"dignity\": 2, \"courage\": 1, \"compassion\": 1, \"teamwork\": 1}",
	  "characters/zoe.json:18: \"values\" names 4 values; an answer may show at most 3"),
	C("missing values", "\"values\": {\"compassion\": 3}, ", "",
	  "characters/zoe.json:17: missing \"values\" (write {} if this answer shows no value)"),
	C("values a list", "{\"compassion\": 3}", "[\"compassion\"]",
	  "characters/zoe.json:17: \"values\" must be a group in { }, like {\"dignity\": 2}"),
	C("no good answer", OPT_A ",\n            " OPT_B ",\n",
	  "{\"text\": \"A.\", \"values\": {\"compassion\": 2}, " FB "},\n",
	  "characters/zoe.json:14: no answer here is marked as good practice: give one answer 3 or "
	  "more points in total"),
	{"value never scored", false, "\"teamwork\": 1", "\"courage\": 1", true,
	 "characters/zoe.json:8: no answer gives points for \"teamwork\": add it to at least one answer"},
};
/* clang-format on */

static char assets[512];
static struct role role_store[NROLE_IDS];
static struct roles roles;

/* base with the case's edit(s) applied; caller frees. */
static char *edited(const char *base, const struct qcase *c)
{
	size_t fl = strlen(c->find), rl = strlen(c->repl);
	char *s = malloc(strlen(base) * (rl > fl ? rl / (fl ? fl : 1) + 1 : 1) + rl + 1);
	assert_non_null(s);
	char *o = s;
	const char *p = base, *at;
	bool done = false;
	while ((at = strstr(p, c->find)) && !(done && !c->all)) {
		memcpy(o, p, (size_t)(at - p));
		o += at - p;
		memcpy(o, c->repl, rl);
		o += rl;
		p = at + fl;
		done = true;
	}
	if (!done)
		fail_msg("case \"%s\": text to edit not found", c->label);
	strcpy(o, p);
	return s;
}

/* A quiz with the fixture's values, loaded clean. */
static void load_values(struct quiz *q)
{
	struct diag_list d = {0};
	memset(q, 0, sizeof *q);
	assert_int_equal(quiz_parse_values(q, "quiz/values.json", VALUES, strlen(VALUES), &roles, &d), 0);
	assert_int_equal(d.n, 0);
}

static void check_case(const struct qcase *c, int got, const struct diag_list *d, size_t nchars)
{
	char want[1024];
	snprintf(want, sizeof want, c->want, assets);
	bool ok_wanted = !*want;
	int ok_rc = c->values ? 0 : 1;
	if (ok_wanted) {
		if (got != ok_rc || d->n != 0)
			fail_msg("case \"%s\": expected no problems, got %zu (%s)", c->label, d->n,
				 d->n ? d->msgs[0] : "");
	} else if (got == ok_rc || d->n != 1 || strcmp(d->msgs[0], want) != 0) {
		fail_msg("case \"%s\":\n  want %s\n  got  %s (%zu messages, returned %d)", c->label, want,
			 d->n ? d->msgs[0] : "(none)", d->n, got);
	}
	if (!c->values)
		assert_int_equal(nchars, ok_wanted ? 1 : 0);
}

static void test_cases(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct qcase *c = &cases[i];
		struct quiz q;
		struct diag_list d = {0};
		char *text = edited(c->values ? VALUES : CHAR, c);
		int got;
		if (c->values) {
			memset(&q, 0, sizeof q);
			got = quiz_parse_values(&q, "quiz/values.json", text, strlen(text), &roles, &d);
		} else {
			load_values(&q);
			got = quiz_parse_character(&q, "characters/zoe.json", text, strlen(text), assets,
						   &roles, &d);
		}
		check_case(c, got, &d, q.nchars);
		free(text);
		quiz_free(&q);
		diag_free(&d);
	}
}

static void test_fields(void **st)
{
	(void)st;
	struct quiz q;
	struct diag_list d = {0};
	load_values(&q);
	assert_int_equal(q.nvalues, 4);
	assert_string_equal(q.values[1].id, "dignity");
	assert_string_equal(q.values[1].name, "Dignity and respect");
	assert_string_equal(q.values[3].high, "You share.");
	assert_string_equal(q.values[3].grow, "Teams help.");
	assert_int_equal(q.values[1].nroles, 3);
	assert_string_equal(q.values[1].roles[2], "home-care-worker");
	assert_string_equal(q.intro, "Here is what your answers say about you.");
	assert_int_equal(quiz_value_index(&q, "courage"), 2);
	assert_int_equal(quiz_value_index(&q, "kindness"), -1);
	assert_int_equal(quiz_parse_character(&q, "characters/zoe.json", CHAR, strlen(CHAR), assets,
					      &roles, &d), 1);
	assert_int_equal(d.n, 0);
	const struct quiz_character *c = quiz_find(&q, "zoe");
	assert_non_null(c);
	assert_string_equal(c->file, "characters/zoe.json");
	assert_string_equal(c->name, "Zo\xc3\xab");
	assert_string_equal(c->role, "residential-care-worker");
	assert_string_equal(c->image, "quiz/characters/zoe.svg");
	assert_string_equal(c->scenes[0].id, "zoe-1");
	assert_string_equal(c->scenes[0].image, "quiz/scenes/zoe-1.svg");
	assert_int_equal(c->scenes[0].nlines, 2);
	assert_string_equal(c->scenes[0].line[1], "Line two.");
	assert_string_equal(c->scenes[0].q[0].text, "Question one?");
	const struct quiz_option *b = &c->scenes[0].q[0].opt[1];
	assert_string_equal(b->text, "Option B.");
	assert_int_equal(b->weight[1], 2);
	assert_int_equal(b->weight[2], 1);
	assert_int_equal(b->weight[0] + b->weight[3], 0);
	assert_null(quiz_find(&q, "amir"));
	quiz_free(&q);
	diag_free(&d);
}

/* Role ids are not checked without a roles list (or with an empty one). */
static void test_no_roles(void **st)
{
	(void)st;
	struct quiz q = {0};
	struct diag_list d = {0};
	struct qcase c = V("", "\"night-care-worker\"", "\"cook\"", "");
	char *text = edited(VALUES, &c);
	assert_int_equal(quiz_parse_values(&q, "v.json", text, strlen(text), NULL, &d), 0);
	quiz_free(&q);
	struct roles none = {0};
	assert_int_equal(quiz_parse_values(&q, "v.json", text, strlen(text), &none, &d), 0);
	assert_int_equal(d.n, 0);
	quiz_free(&q);
	free(text);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A character file for the folder test: the fixture as id, with order. */
static void write_char(const char *dir, const char *id, const char *order)
{
	char name[64], idl[64];
	snprintf(name, sizeof name, "%s.json", id);
	snprintf(idl, sizeof idl, "\"id\": \"%s\"", id);
	struct qcase c1 = C("", "\"id\": \"zoe\"", idl, ""), c2 = C("", "\"order\": 1", order, "");
	char *a = edited(CHAR, &c1), *b = edited(a, &c2);
	write_file(dir, name, b);
	free(a);
	free(b);
}

static void test_folder(void **st)
{
	(void)st;
	char cfg[600], qdir[700], cdir[800], want[1200];
	snprintf(cfg, sizeof cfg, "%s/config", assets);
	snprintf(qdir, sizeof qdir, "%s/quiz", cfg);
	snprintf(cdir, sizeof cdir, "%s/characters", qdir);
	mkdir(cfg, 0700);
	struct quiz q;
	struct diag_list d = {0};
	/* No values.json: nothing else is looked at. */
	assert_int_equal(quiz_load(&q, cfg, assets, &roles, &d), -1);
	snprintf(want, sizeof want, "%s/values.json:0: cannot read this file", qdir);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.msgs[0], want);
	quiz_free(&q);
	diag_free(&d);
	/* No characters folder. */
	mkdir(qdir, 0700);
	write_file(qdir, "values.json", VALUES);
	assert_int_equal(quiz_check(cfg, assets, &roles, &d), -1);
	snprintf(want, sizeof want, "%s:0: cannot read the quiz characters folder", cdir);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.msgs[0], want);
	diag_free(&d);
	/* Four characters, one broken: three load, sorted by order then id. */
	mkdir(cdir, 0700);
	write_char(cdir, "cara", "\"order\": 2");
	write_char(cdir, "bea", "\"order\": 1");
	write_char(cdir, "abi", "\"order\": 1");
	write_char(cdir, "dee", "\"order\": \"last\"");
	write_file(cdir, "notes.txt", "not a character");
	assert_int_equal(quiz_load(&q, cfg, assets, &roles, &d), 3);
	assert_int_equal(d.n, 2);
	snprintf(want, sizeof want, "%s/dee.json:3: \"order\" must be a whole number from 0 to 999", cdir);
	assert_string_equal(d.msgs[0], want);
	snprintf(want, sizeof want, "%s:0: the quiz needs at least 4 characters that load; it has 3",
		 cdir);
	assert_string_equal(d.msgs[1], want);
	assert_string_equal(q.chars[0].id, "abi");
	assert_string_equal(q.chars[1].id, "bea");
	assert_string_equal(q.chars[2].id, "cara");
	quiz_free(&q);
	diag_free(&d);
	/* Fixed: four load, no problems. */
	write_char(cdir, "dee", "\"order\": 0");
	assert_int_equal(quiz_check(cfg, assets, &roles, &d), 4);
	assert_int_equal(d.n, 0);
	/* Seven are more than the choice screen shows. */
	write_char(cdir, "eve", "\"order\": 5");
	write_char(cdir, "fay", "\"order\": 6");
	write_char(cdir, "gil", "\"order\": 7");
	assert_int_equal(quiz_check(cfg, assets, &roles, &d), 7);
	snprintf(want, sizeof want, "%s:0: the quiz shows at most 6 characters; it has 7 (move some "
		 "files out of this folder)", cdir);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.msgs[0], want);
	diag_free(&d);
	/* A problem in values.json stops there: characters need its values. */
	write_file(qdir, "values.json", "{\"values\": []}");
	assert_int_equal(quiz_check(cfg, assets, &roles, &d), -1);
	assert_int_equal(d.n, 3);	/* too few values, no intro, no closing */
	diag_free(&d);
	const char *names[] = {"abi.json", "bea.json", "cara.json", "dee.json",
			       "eve.json", "fay.json", "gil.json", "notes.txt"};
	char p[1024];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", cdir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/values.json", qdir);
	unlink(p);
	rmdir(cdir);
	rmdir(qdir);
	rmdir(cfg);
}

/* What the kiosk ships loads with no problems, against the real roles. */
static void test_shipped(void **st)
{
	(void)st;
	const char *src = getenv("KIOSK_SOURCE_DIR");
	if (!src)
		skip();
	char cfg[1024], ast[1024];
	snprintf(cfg, sizeof cfg, "%s/kiosk-config", src);
	snprintf(ast, sizeof ast, "%s/assets", src);
	struct diag_list d = {0};
	struct roles rs;
	roles_load(&rs, cfg, ast, &d);
	struct quiz q;
	int n = quiz_load(&q, cfg, ast, &rs, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.n, 0);
	assert_int_equal(n, 4);
	const char *order[] = {"jess", "tariq", "grace", "marek"};
	for (int i = 0; i < 4; i++) {
		assert_string_equal(q.chars[i].id, order[i]);
		assert_true(q.chars[i].nscenes >= 4);
		assert_true(q.chars[i].nquestions >= 12);
		assert_non_null(roles_find(&rs, q.chars[i].role));
	}
	assert_int_equal(q.nvalues, 6);
	quiz_free(&q);
	roles_free(&rs);
	diag_free(&d);
}

static int setup(void **st)
{
	(void)st;
	roles = fixture_roles(role_store);
	return fixture_assets(assets, sizeof assets);
}

static int teardown(void **st)
{
	(void)st;
	fixture_assets_remove(assets);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),  cmocka_unit_test(test_fields),
		cmocka_unit_test(test_no_roles), cmocka_unit_test(test_folder),
		cmocka_unit_test(test_shipped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
