/*
 * form.json and keyboards.json (src/content/form.c, form_kb.c): the shipped
 * files load clean; each kind of mistake a member of staff could make is
 * reported as its exact "file:line: message" (routing: test_programmes.c);
 * the content version follows the content files and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/form.h"

/* clang-format off */
static const char FORM[] =
	"{\n"								/* 1 */
	"  \"privacy\": [\"We call you back.\"],\n"			/* 2 */
	"  \"heard_from\": [\n"						/* 3 */
	"    {\"id\": \"friend-family\", \"label\": \"A friend\"},\n"	/* 4 */
	"    {\"id\": \"job-centre\", \"label\": \"Job Centre\"}\n"	/* 5 */
	"  ],\n"							/* 6 */
	"  \"availability\": {\n"					/* 7 */
	"    \"times\": [{\"id\": \"days\", \"label\": \"Days\"}, {\"id\": \"nights\", \"label\": \"Nights\"}],\n" /* 8 */
	"    \"hours\": [{\"id\": \"part-time\", \"label\": \"Part\"}, {\"id\": \"full-time\", \"label\": \"Full\"}]\n" /* 9 */
	"  },\n"							/* 10 */
	"  \"drives\": [{\"id\": \"yes\", \"label\": \"Yes\"}, {\"id\": \"no\", \"label\": \"No\"}],\n" /* 11 */
	"  \"benefits\": [{\"id\": \"yes\", \"label\": \"Yes\"}, {\"id\": \"no\", \"label\": \"No\"},\n" /* 12 */
	"               {\"id\": \"rather-not-say\", \"label\": \"Rather not\"}],\n" /* 13 */
	"  \"contact_time\": [{\"id\": \"am\", \"label\": \"Mornings\"}, {\"id\": \"pm\", \"label\": \"Afternoons\"}],\n" /* 14 */
	"  \"partners\": [\"Jobcentre Plus\"],\n"			/* 15 */
	"  \"_comment\": \"Routing is in programmes.json.\",\n"		/* 16 */
	"  \"programmes\": {\n"						/* 17 */
	"    \"step-into-care\": {\"name\": \"Step\", \"why\": \"W\", \"next\": [\"N\"]},\n" /* 18 */
	"    \"sbwa\": {\"name\": \"SBWA\", \"why\": \"W\", \"next\": [\"N\"]},\n"	/* 19 */
	"    \"pa-academy\": {\"name\": \"PA\", \"why\": \"W\", \"next\": [\"N\"]}\n"	/* 20 */
	"  }\n"								/* 21 */
	"}\n";								/* 22 */

static const char KB[] =
	"{\n"								/* 1 */
	"  \"layouts\": {\n"						/* 2 */
	"    \"letters\": [[\"a\", \"b\", {\"label\": \"Shift\", \"action\": \"shift\"}],\n" /* 3 */
	"      [{\"label\": \"Backspace\", \"action\": \"backspace\", \"icon\": \"backspace\"},\n" /* 4 */
	"       {\"label\": \"Done\", \"action\": \"done\", \"width\": 2}]],\n" /* 5 */
	"    \"email\": [[\"@\", {\"label\": \"123\", \"action\": \"layout\", \"to\": \"phone\"},\n" /* 6 */
	"      {\"label\": \"Backspace\", \"action\": \"backspace\"}, {\"label\": \"Done\", \"action\": \"done\"}]],\n" /* 7 */
	"    \"phone\": [[\"1\", {\"label\": \"ABC\", \"action\": \"layout\"},\n" /* 8 */
	"      {\"label\": \"Backspace\", \"action\": \"backspace\"}, {\"label\": \"Done\", \"action\": \"done\"}]],\n" /* 9 */
	"    \"postcode\": [[\"A\", {\"label\": \"Space\", \"text\": \" \"},\n" /* 10 */
	"      {\"label\": \"Backspace\", \"action\": \"backspace\"}, {\"label\": \"Done\", \"action\": \"done\"}]]\n" /* 11 */
	"  },\n"							/* 12 */
	"  \"accents\": {\"e\": [\"\xc3\xa9\", \"\xc3\xab\"], \"z\": [\"\xc5\xbe\"]}\n"	/* 13 */
	"}\n";								/* 14 */
/* clang-format on */

struct pcase {
	const char *label;
	bool kb;		/* edits KB, else FORM */
	const char *find, *repl;
	const char *want;	/* the first message */
};

/* clang-format off */
static const struct pcase cases[] = {
	{"unknown field", false, "  \"partners\"", "  \"partner\": 1,\n  \"partners\"",
	 "form.json:15: unknown field \"partner\""},
	{"missing privacy", false, "  \"privacy\": [\"We call you back.\"],\n", "",
	 "form.json:1: missing \"privacy\""},
	{"bad id", false, "\"friend-family\"", "\"Friend Family\"",
	 "form.json:4: id \"Friend Family\" must be lower-case letters, digits and hyphens (at most 40)"},
	{"id used twice", false, "\"job-centre\"", "\"friend-family\"",
	 "form.json:5: id \"friend-family\" is used twice in \"heard_from\""},
	{"label too long", false, "\"A friend\"", "\"A friend or a family member or a neighbour or a colleague\"",
	 "form.json:4: \"label\" is too long: 57 characters, at most 48 fit on screen"},
	{"option not an object", false, "{\"id\": \"job-centre\", \"label\": \"Job Centre\"}", "\"Job Centre\"",
	 "form.json:5: each item of \"heard_from\" must be { \"id\": ..., \"label\": ... }"},
	{"too few options", false, ", {\"id\": \"pm\", \"label\": \"Afternoons\"}", "",
	 "form.json:14: \"contact_time\" has 1 items; it needs 2 to 12"},
	{"availability shape", false, "\"availability\": {", "\"availability\": 3,\n  \"_comment\": {",
	 "form.json:7: \"availability\" must be { \"times\": [...], \"hours\": [...] }"},
	{"programme id", false, "\"sbwa\": {", "\"SBWA!\": {",
	 "form.json:19: programme id \"SBWA!\" must be lower-case letters, digits and hyphens (at most 40)"},
	{"programme not an object", false, "\"pa-academy\": {\"name\": \"PA\", \"why\": \"W\", \"next\": [\"N\"]}",
	 "\"pa-academy\": 3", "form.json:20: programme \"pa-academy\" must be { ... }"},
	{"programme next empty", false, "\"name\": \"PA\", \"why\": \"W\", \"next\": [\"N\"]",
	 "\"name\": \"PA\", \"why\": \"W\", \"next\": []",
	 "form.json:20: \"next\" has 0 items; it needs 1 to 4"},
	{"syntax", false, "\"partners\": [", "\"partners\" [",
	 "form.json:15: not valid JSON here (check for a missing comma, quote or bracket)"},

	{"kb: missing layout", true, "    \"postcode\"", "    \"postcodes\"",
	 "keyboards.json:2: layout \"postcode\" is missing (the form uses it)"},
	{"kb: bad action", true, "\"action\": \"shift\"", "\"action\": \"caps\"",
	 "keyboards.json:3: action \"caps\" is not one of char, shift, backspace, layout, done"},
	{"kb: no done key", true, ",\n       {\"label\": \"Done\", \"action\": \"done\", \"width\": 2}", "",
	 "keyboards.json:3: layout \"letters\" needs a backspace key and a done key"},
	{"kb: goes nowhere", true, "\"to\": \"phone\"", "\"to\": \"digits\"",
	 "keyboards.json:2: layout \"email\": a key goes to \"digits\", which is not a layout"},
	{"kb: bad width", true, "\"width\": 2", "\"width\": 12",
	 "keyboards.json:5: \"width\" must be a number from 0.5 to 8"},
	{"kb: bad icon", true, "\"icon\": \"backspace\"", "\"icon\": \"arrow\"",
	 "keyboards.json:4: icon \"arrow\" is not shift or backspace"},
	{"kb: long key", true, "[\"a\",", "[\"abcdefghij\",",
	 "keyboards.json:3: a key must show 1 to 8 characters"},
	{"kb: key of the wrong type", true, "[\"a\",", "[7,",
	 "keyboards.json:3: a key must be \"text\" or { \"label\": ... }"},
	{"kb: empty row", true, "\"phone\": [[\"1\",", "\"phone\": [[], [\"1\",",
	 "keyboards.json:8: a row must be a list of 1 to 12 keys"},
	{"kb: accent base of two letters", true, "\"z\": [", "\"zz\": [",
	 "keyboards.json:13: accents: \"zz\" must be one letter"},
	{"kb: too many accents", true, "\"z\": [\"\xc5\xbe\"]",
	 "\"z\": [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]",
	 "keyboards.json:13: \"z\" has 9 items; it needs 1 to 8"},
};
/* clang-format on */

static char *replace(const char *base, const char *find, const char *repl)
{
	const char *at = strstr(base, find);
	if (!at)
		fail_msg("\"%s\" is not in the base text", find);
	size_t n = strlen(base) - strlen(find) + strlen(repl) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - base), base, repl, at + strlen(find));
	return out;
}

static void test_bases_load(void **state)
{
	(void)state;
	struct diag_list d = {0};
	struct form_content c;
	struct form_keyboards k;
	assert_int_equal(form_parse(&c, "form.json", FORM, strlen(FORM), &d), 0);
	assert_int_equal(form_keyboards_parse(&k, "keyboards.json", KB, strlen(KB), &d), 0);
	assert_int_equal(diag_count(&d), 0);
	assert_int_equal(c.heard_from.n, 2);
	assert_string_equal(c.heard_from.v[1].label, "Job Centre");
	assert_int_equal(c.nprog, 3);
	assert_string_equal(form_programme_find(&c, "sbwa")->name, "SBWA");
	assert_null(form_programme_find(&c, "apprenticeship"));
	assert_int_equal(k.nlayouts, 4);
	assert_int_equal(k.layouts[0].rows[0].keys[2].action, FORM_KB_SHIFT);
	assert_true(k.layouts[0].rows[1].keys[1].width == 2.0f);
	assert_null(k.layouts[2].rows[0].keys[1].to);	/* ABC: the field's own */
	assert_string_equal(k.layouts[3].rows[0].keys[1].text, " ");
	assert_int_equal(k.naccents, 2);
	assert_string_equal(k.accents[0].alts.v[1], "\xc3\xab");
	form_free(&c);
	form_keyboards_free(&k);
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct pcase *pc = &cases[i];
		char *text = replace(pc->kb ? KB : FORM, pc->find, pc->repl);
		struct diag_list d = {0};
		int rc;
		if (pc->kb) {
			struct form_keyboards k;
			rc = form_keyboards_parse(&k, "keyboards.json", text, strlen(text), &d);
			assert_int_equal(k.nlayouts, 0);	/* left empty on any problem */
		} else {
			struct form_content c;
			rc = form_parse(&c, "form.json", text, strlen(text), &d);
			assert_int_equal(c.heard_from.n, 0);
		}
		if (rc != -1 || !diag_count(&d) || strcmp(d.msgs[0], pc->want) != 0)
			fail_msg("%s: rc %d, first message \"%s\", want \"%s\"", pc->label, rc,
				 diag_count(&d) ? d.msgs[0] : "(none)", pc->want);
		diag_free(&d);
		free(text);
	}
}

/* The shipped files, as the kiosk loads them. */
static void test_shipped(void **state)
{
	(void)state;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/kiosk-config", getenv("KIOSK_SOURCE_DIR"));
	struct diag_list d = {0};
	struct form_content c;
	struct form_keyboards k;
	int a = form_load(&c, dir, &d), b = form_keyboards_load(&k, dir, &d);
	for (size_t i = 0; i < diag_count(&d); i++)
		print_error("%s\n", d.msgs[i]);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	assert_int_equal(strlen(c.version), 12);
	/* The "heard from" list. */
	const char *need[] = {"friend-family", "job-centre", "social-media", "this-event"};
	for (size_t i = 0; i < 4; i++)
		assert_non_null(form_option_find(&c.heard_from, need[i]));
	form_free(&c);
	form_keyboards_free(&k);
	diag_free(&d);
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The version follows content files, not settings or notes. */
static void test_version(void **state)
{
	(void)state;
	char dir[] = "/tmp/form-version-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[4200], v1[13], v2[13];
	snprintf(sub, sizeof sub, "%s/roles", dir);
	mkdir(sub, 0700);
	put(dir, "form.json", "{}");
	put(dir, "roles/a.json", "{\"id\": \"a\"}");
	put(dir, "kiosk.json", "{\"event_tag\": \"one\"}");
	form_content_version(dir, v1);
	assert_int_equal(strlen(v1), 12);
	put(dir, "kiosk.json", "{\"event_tag\": \"two\"}");
	put(dir, "README.md", "notes");
	form_content_version(dir, v2);
	assert_string_equal(v1, v2);
	put(dir, "roles/a.json", "{\"id\": \"b\"}");
	form_content_version(dir, v2);
	assert_string_not_equal(v1, v2);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	form_content_version(dir, v2);
	assert_string_equal(v2, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bases_load), cmocka_unit_test(test_cases),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
