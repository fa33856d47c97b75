/*
 * roles: one case per kind of problem roles_parse() reports, each with its
 * exact "file:line: message", plus the shipped kiosk-config/roles loading
 * clean. Cases edit one line of a valid role (BASE below, line numbers in
 * the comments) so each message's line is known.
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

#include "content/roles.h"

/* clang-format off */
static const char BASE[] =
	"{\n"								/* 1 */
	"  \"id\": \"x\",\n"						/* 2 */
	"  \"order\": 1,\n"						/* 3 */
	"  \"title\": \"Test worker\",\n"				/* 4 */
	"  \"summary\": \"A made-up job for tests.\",\n"		/* 5 */
	"  \"image\": \"roles/x.svg\",\n"				/* 6 */
	"  \"settings\": [\"homes\", \"nights\"],\n"			/* 7 */
	"  \"day\": {\n"						/* 8 */
	"    \"worker\": \"Zo\xc3\xab\",\n"				/* 9 */
	"    \"intro\": \"Zo\xc3\xab Testperson works days.\",\n"	/* 10 */
	"    \"steps\": [\n"						/* 11 */
	"      {\"time\": \"07:00\", \"text\": \"Step one.\"},\n"	/* 12 */
	"      {\"time\": \"08:00\", \"text\": \"Step two.\"},\n"	/* 13 */
	"      {\"time\": \"09:00\", \"text\": \"Step three.\"},\n"	/* 14 */
	"      {\"time\": \"10:00\", \"text\": \"Step four.\"},\n"	/* 15 */
	"      {\"time\": \"11:00\", \"text\": \"Step five.\"},\n"	/* 16 */
	"      {\"time\": \"12:00\", \"text\": \"Step six.\"}\n"		/* 17 */
	"    ]\n"							/* 18 */
	"  },\n"							/* 19 */
	"  \"good\": [\"Good one.\", \"Good two.\", \"Good three.\"],\n"	/* 20 */
	"  \"hard\": [\"Hard one.\", \"Hard two.\", \"Hard three.\"],\n"	/* 21 */
	"  \"pay\": {\n"						/* 22 */
	"    \"range\": \"\xc2\xa3" "12.21 an hour\",\n"		/* 23 */
	"    \"hours\": [\"Days\", \"Some weekends\"],\n"		/* 24 */
	"    \"contracts\": [\"Set hours\"],\n"				/* 25 */
	"    \"source\": \"Made up for tests\",\n"			/* 26 */
	"    \"as_of\": \"April 2025\"\n"				/* 27 */
	"  },\n"							/* 28 */
	"  \"need\": [\"Need one.\", \"Need two.\", \"Need three.\"],\n"	/* 29 */
	"  \"ladder\": [\"Worker\", \"Senior\", \"Manager\"],\n"		/* 30 */
	"  \"levels\": [\"Level 2\", \"Level 3\", \"Level 5\"],\n"	/* 31 */
	"  \"reflect\": [\"One?\", \"Two?\", \"Three?\"],\n"		/* 32 */
	"  \"values\": [\"compassion\", \"dignity\"]\n"			/* 33 */
	"}\n";								/* 34 */

#define A29 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define A61 A29 A29 "aaa"
#define A76 A61 "aaaaaaaaaaaaaaa"
#define A111 A76 A29 "aaaaaa"

struct rcase {
	const char *label;
	const char *find, *repl;	/* first occurrence of find becomes repl */
	const char *name;		/* NULL: roles/x.json */
	const char *want;		/* the one message ("%s" = asset dir) */
};

static const struct rcase cases[] = {
	/* Missing fields, at the line of the group they belong in. */
	{"missing top", "  \"summary\": \"A made-up job for tests.\",\n", "", NULL,
	 "roles/x.json:1: missing \"summary\""},
	{"missing order", "  \"order\": 1,\n", "", NULL, "roles/x.json:1: missing \"order\""},
	{"missing in day", "    \"worker\": \"Zo\xc3\xab\",\n", "", NULL,
	 "roles/x.json:8: missing \"worker\""},
	{"missing in step", "{\"time\": \"07:00\", ", "{", NULL,
	 "roles/x.json:12: missing \"time\""},
	{"missing in pay", ",\n    \"as_of\": \"April 2025\"", "", NULL,
	 "roles/x.json:22: missing \"as_of\""},
	{"missing list", "  \"need\": [\"Need one.\", \"Need two.\", \"Need three.\"],\n", "", NULL,
	 "roles/x.json:1: missing \"need\""},
	{"missing group", "  \"pay\": {\n    \"range\": \"\xc2\xa3" "12.21 an hour\",\n"
	 "    \"hours\": [\"Days\", \"Some weekends\"],\n    \"contracts\": [\"Set hours\"],\n"
	 "    \"source\": \"Made up for tests\",\n    \"as_of\": \"April 2025\"\n  },\n", "", NULL,
	 "roles/x.json:1: missing \"pay\""},
	/* Wrong types. */
	{"text not text", "\"title\": \"Test worker\"", "\"title\": 5", NULL,
	 "roles/x.json:4: \"title\" must be text in quotes"},
	{"empty text", "\"title\": \"Test worker\"", "\"title\": \"\"", NULL,
	 "roles/x.json:4: \"title\" is empty"},
	{"order not number", "\"order\": 1", "\"order\": \"first\"", NULL,
	 "roles/x.json:3: \"order\" must be a whole number from 0 to 999"},
	{"order fraction", "\"order\": 1", "\"order\": 1.5", NULL,
	 "roles/x.json:3: \"order\" must be a whole number from 0 to 999"},
	{"list not list", "\"good\": [\"Good one.\", \"Good two.\", \"Good three.\"]",
	 "\"good\": \"Good one.\"", NULL, "roles/x.json:20: \"good\" must be a list in [ ]"},
	{"item not text", "\"Hard two.\"", "2", NULL,
	 "roles/x.json:21: each item of \"hard\" must be text"},
	{"group not group", "\"day\": {", "\"day\": [], \"dayx\": {", NULL, NULL},
	{"step not group", "{\"time\": \"12:00\", \"text\": \"Step six.\"}", "\"Step six.\"", NULL,
	 "roles/x.json:17: each item of \"steps\" must be a group in { } with \"time\" and \"text\""},
	{"not an object", BASE, "[1, 2]\n", NULL, "roles/x.json:1: a role must be one { } group"},
	/* Unknown fields. */
	{"unknown top", "  \"order\": 1,\n", "  \"order\": 1,\n  \"colour\": \"red\",\n", NULL,
	 "roles/x.json:4: unknown field \"colour\""},
	{"unknown in step", "\"text\": \"Step two.\"", "\"text\": \"Step two.\", \"x\": 1", NULL,
	 "roles/x.json:13: unknown field \"x\""},
	{"unknown in pay", "\"source\": \"Made up for tests\",",
	 "\"source\": \"Made up for tests\", \"bonus\": \"yes\",", NULL,
	 "roles/x.json:26: unknown field \"bonus\""},
	/* Too long for its box at 800x480. */
	{"long title", "Test worker", A29, NULL,
	 "roles/x.json:4: \"title\" is too long: 29 characters, at most 28 fit on screen"},
	{"long summary", "A made-up job for tests.", A61, NULL,
	 "roles/x.json:5: \"summary\" is too long: 61 characters, at most 60 fit on screen"},
	{"long intro", "Zo\xc3\xab Testperson works days.", A61 A29 "a", NULL,
	 "roles/x.json:10: \"intro\" is too long: 91 characters, at most 90 fit on screen"},
	{"long step", "Step three.", A111, NULL,
	 "roles/x.json:14: \"text\" is too long: 111 characters, at most 110 fit on screen"},
	{"long good", "Good two.", A76, NULL,
	 "roles/x.json:20: an item of \"good\" is too long: 76 characters, at most 75 fit on screen"},
	{"long range", "\xc2\xa3" "12.21 an hour", A29 "aaaaaaaaaaaa", NULL,
	 "roles/x.json:23: \"range\" is too long: 41 characters, at most 40 fit on screen"},
	{"long hours", "\"Days\"", "\"" A61 "\"", NULL,
	 "roles/x.json:24: an item of \"hours\" is too long: 61 characters, at most 60 fit on screen"},
	{"long source", "Made up for tests", A61 A29 "a", NULL,
	 "roles/x.json:26: \"source\" is too long: 91 characters, at most 90 fit on screen"},
	{"long as_of", "April 2025", "April 2025 (checked by staff)", NULL,
	 "roles/x.json:27: \"as_of\" is too long: 29 characters, at most 20 fit on screen"},
	{"long need", "Need one.", A76, NULL,
	 "roles/x.json:29: an item of \"need\" is too long: 76 characters, at most 75 fit on screen"},
	{"long ladder", "\"Senior\"", "\"Senior care worker and more\"", NULL,
	 "roles/x.json:30: an item of \"ladder\" is too long: 27 characters, at most 24 fit on screen"},
	{"long level", "\"Level 3\"", "\"Level 3 Diploma in care\"", NULL,
	 "roles/x.json:31: an item of \"levels\" is too long: 23 characters, at most 18 fit on screen"},
	{"long reflect", "\"Two?\"", "\"" A61 "\"", NULL,
	 "roles/x.json:32: an item of \"reflect\" is too long: 61 characters, at most 60 fit on screen"},
	{"characters not bytes", "Test worker", "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3"
	 "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3", NULL, ""},
	/* Counts. */
	{"too few steps", ",\n      {\"time\": \"12:00\", \"text\": \"Step six.\"}", "", NULL,
	 "roles/x.json:11: \"steps\" has 5 items; it needs 6 to 8"},
	{"too few good", "\"Good one.\", ", "", NULL,
	 "roles/x.json:20: \"good\" has 2 items; it needs 3 to 5"},
	{"too many hard", "\"Hard one.\"", "\"1\", \"2\", \"3\", \"4\"", NULL,
	 "roles/x.json:21: \"hard\" has 6 items; it needs 3 to 5"},
	{"too few hours", "\"Days\", ", "", NULL,
	 "roles/x.json:24: \"hours\" has 1 items; it needs 2 to 4"},
	{"too many contracts", "[\"Set hours\"]", "[\"a\", \"b\", \"c\", \"d\"]", NULL,
	 "roles/x.json:25: \"contracts\" has 4 items; it needs 1 to 3"},
	{"too few need", "\"Need one.\", ", "", NULL,
	 "roles/x.json:29: \"need\" has 2 items; it needs 3 to 5"},
	{"ladder too short", "[\"Worker\", \"Senior\", \"Manager\"]", "[\"Worker\", \"Senior\"]",
	 NULL, "roles/x.json:30: \"ladder\" has 2 items; it needs 3 to 5"},
	{"levels not matching", "[\"Level 2\", \"Level 3\", \"Level 5\"]",
	 "[\"Level 2\", \"Level 3\", \"Level 4\", \"Level 5\"]", NULL,
	 "roles/x.json:31: \"levels\" has 4 items but \"ladder\" has 3; give one level for each job"},
	{"too many reflect", "\"Three?\"", "\"Three?\", \"Four?\", \"Five?\"", NULL,
	 "roles/x.json:32: \"reflect\" has 5 items; it needs 3 to 4"},
	{"too few values", "\"compassion\", ", "", NULL,
	 "roles/x.json:33: \"values\" has 1 items; it needs 2 to 4"},
	/* Names from fixed lists. */
	{"unknown setting", "\"nights\"", "\"hospital\"", NULL,
	 "roles/x.json:7: unknown setting \"hospital\" (use homes, care-home, community or nights)"},
	{"unknown value", "\"dignity\"", "\"kindness\"", NULL,
	 "roles/x.json:33: unknown value \"kindness\" (use compassion, dignity, communication, "
	 "courage, reliability or teamwork)"},
	{"bad time", "\"09:00\"", "\"9am\"", NULL,
	 "roles/x.json:14: \"time\" must be a 24-hour time like \"07:30\", not \"9am\""},
	{"time out of range", "\"09:00\"", "\"24:00\"", NULL,
	 "roles/x.json:14: \"time\" must be a 24-hour time like \"07:30\", not \"24:00\""},
	/* Files and ids. */
	{"image missing", "roles/x.svg", "roles/nope.svg", NULL,
	 "roles/x.json:6: image not found: %s/images/roles/nope.svg"},
	{"image outside", "roles/x.svg", "../x.svg", NULL,
	 "roles/x.json:6: \"image\" must be a path inside the images folder, like \"roles/x.svg\""},
	{"id not file name", "\"id\": \"x\"", "\"id\": \"y\"", NULL,
	 "roles/x.json:2: \"id\" is \"y\" but the file is called \"x.json\"; they must match"},
	{"id characters", "\"id\": \"x\"", "\"id\": \"X Y\"", "roles/X Y.json",
	 "roles/X Y.json:2: \"id\" may use only small letters, digits and -"},
	{"duplicate id", "", "", "more/x.json",
	 "more/x.json:2: duplicate id \"x\" (also in roles/x.json)"},
	/* Not JSON, not UTF-8. */
	{"syntax", "  \"order\": 1,\n", "  \"order\": 1\n", NULL,
	 "roles/x.json:4: not valid JSON here (check for a missing comma, quote or bracket)"},
	{"trailing text", BASE, "{}\n}\n", NULL,
	 "roles/x.json:2: unexpected text after the end of the JSON"},
	{"latin-1 pound", "\xc2\xa3", "\xa3", NULL,
	 "roles/x.json:23: this is not UTF-8 text (save the file as UTF-8)"},
};
/* clang-format on */

static char assets[512];

/* BASE with the case's edit applied; caller frees. */
static char *edited(const struct rcase *c)
{
	const char *at = *c->find ? strstr(BASE, c->find) : BASE;
	assert_non_null(at);
	size_t fl = *c->find ? strlen(c->find) : 0, rl = strlen(c->repl);
	char *s = malloc(sizeof BASE + rl);
	assert_non_null(s);
	size_t pre = (size_t)(at - BASE);
	memcpy(s, BASE, pre);
	memcpy(s + pre, c->repl, rl);
	strcpy(s + pre + rl, at + fl);
	return s;
}

static void test_cases(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rcase *c = &cases[i];
		struct roles rs = {0};
		struct diag_list d = {0};
		char *text = edited(c);
		bool dup = strcmp(c->label, "duplicate id") == 0;
		if (dup)
			assert_int_equal(roles_parse(&rs, "roles/x.json", BASE, strlen(BASE), assets, &d), 1);
		int got = roles_parse(&rs, c->name ? c->name : "roles/x.json", text, strlen(text), assets,
				      &d);
		char want[1024] = "";
		if (c->want)
			snprintf(want, sizeof want, c->want, assets);
		if (!c->want) {
			/* Several messages; the role is refused. */
			if (got != 0 || d.n == 0)
				fail_msg("case \"%s\": expected a refusal", c->label);
		} else if (!*want) {
			if (got != 1 || d.n != 0)
				fail_msg("case \"%s\": expected no problems, got %zu (%s)", c->label, d.n,
					 d.n ? d.msgs[0] : "");
		} else if (got != 0 || d.n != 1 || strcmp(d.msgs[0], want) != 0) {
			fail_msg("case \"%s\":\n  want %s\n  got  %s (%zu messages, returned %d)", c->label,
				 want, d.n ? d.msgs[0] : "(none)", d.n, got);
		}
		assert_int_equal(rs.n, (size_t)(dup ? 1 : got));
		free(text);
		roles_free(&rs);
		diag_free(&d);
	}
}

static void test_valid_fields(void **st)
{
	(void)st;
	struct roles rs = {0};
	struct diag_list d = {0};
	assert_int_equal(roles_parse(&rs, "roles/x.json", BASE, strlen(BASE), assets, &d), 1);
	assert_int_equal(d.n, 0);
	const struct role *r = roles_find(&rs, "x");
	assert_non_null(r);
	assert_string_equal(r->file, "roles/x.json");
	assert_string_equal(r->title, "Test worker");
	assert_string_equal(r->image, "roles/x.svg");
	assert_int_equal(r->settings, ROLE_SET_HOMES | ROLE_SET_NIGHTS);
	assert_string_equal(r->worker, "Zo\xc3\xab");
	assert_int_equal(r->nsteps, 6);
	assert_string_equal(r->steps[5].time, "12:00");
	assert_string_equal(r->steps[5].text, "Step six.");
	assert_string_equal(r->pay_range, "\xc2\xa3" "12.21 an hour");
	assert_string_equal(r->pay_as_of, "April 2025");
	assert_int_equal(r->hours.n, 2);
	assert_int_equal(r->ladder.n, 3);
	assert_string_equal(r->levels.v[2], "Level 5");
	assert_string_equal(r->values.v[1], "dignity");
	assert_null(roles_find(&rs, "y"));
	assert_int_equal(roles_setting_bit("care-home"), ROLE_SET_CARE_HOME);
	assert_int_equal(roles_setting_bit("hospital"), 0);
	roles_free(&rs);
	assert_int_equal(rs.n, 0);
}

/* Roles come out sorted by order, then id, whatever order they arrive in. */
static void test_order(void **st)
{
	(void)st;
	struct roles rs = {0};
	struct diag_list d = {0};
	const char *names[] = {"roles/c.json", "roles/a.json", "roles/b.json"};
	const char *orders[] = {"\"order\": 1", "\"order\": 2", "\"order\": 1"};
	for (int i = 0; i < 3; i++) {
		char id[32];
		snprintf(id, sizeof id, "\"id\": \"%c\"", names[i][6]);
		struct rcase c1 = {"", "\"id\": \"x\"", id, NULL, NULL};
		char *t1 = edited(&c1);
		char *o = strstr(t1, "\"order\": 1");
		memcpy(o, orders[i], strlen(orders[i]));
		assert_int_equal(roles_parse(&rs, names[i], t1, strlen(t1), assets, &d), 1);
		free(t1);
	}
	assert_int_equal(d.n, 0);
	assert_string_equal(rs.v[0].id, "b");
	assert_string_equal(rs.v[1].id, "c");
	assert_string_equal(rs.v[2].id, "a");
	roles_free(&rs);
}

/* What the kiosk ships must load with no problems at all. */
static void test_shipped(void **st)
{
	(void)st;
	const char *src = getenv("KIOSK_SOURCE_DIR");
	if (!src)
		skip();
	char cfg[1024], ast[1024];
	snprintf(cfg, sizeof cfg, "%s/kiosk-config", src);
	snprintf(ast, sizeof ast, "%s/assets", src);
	struct roles rs = {0};
	struct diag_list d = {0};
	int n = roles_load(&rs, cfg, ast, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.n, 0);
	assert_true(n >= 9);
	const char *must[] = {"home-care-worker",   "residential-care-worker",
			      "nursing-home-care-assistant", "support-worker",
			      "personal-assistant", "night-care-worker",
			      "reablement-worker",  "senior-care-worker",
			      "healthcare-assistant"};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		assert_non_null(roles_find(&rs, must[i]));
	unsigned all = 0;
	for (size_t i = 0; i < rs.n; i++)
		all |= rs.v[i].settings;
	assert_int_equal(all, ROLE_SET_HOMES | ROLE_SET_CARE_HOME | ROLE_SET_COMMUNITY |
				      ROLE_SET_NIGHTS);
	roles_free(&rs);
	diag_free(&d);
}

static void test_load_folder(void **st)
{
	(void)st;
	struct roles rs = {0};
	struct diag_list d = {0};
	char dir[600];
	snprintf(dir, sizeof dir, "%s/none", assets);
	assert_int_equal(roles_load(&rs, dir, assets, &d), -1);
	assert_int_equal(d.n, 1);
	char want[700];
	snprintf(want, sizeof want, "%s/roles:0: cannot read the roles folder", dir);
	assert_string_equal(d.msgs[0], want);
	diag_free(&d);
	roles_free(&rs);
}

static int setup(void **st)
{
	(void)st;
	const char *tmp = getenv("TMPDIR");
	snprintf(assets, sizeof assets, "%s/roles-assets-%d", tmp ? tmp : "/tmp", (int)getpid());
	char p[700];
	mkdir(assets, 0700);
	snprintf(p, sizeof p, "%s/images", assets);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/images/roles", assets);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/images/roles/x.svg", assets);
	FILE *f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>\n", f);
	fclose(f);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	char p[700];
	snprintf(p, sizeof p, "%s/images/roles/x.svg", assets);
	unlink(p);
	snprintf(p, sizeof p, "%s/images/roles", assets);
	rmdir(p);
	snprintf(p, sizeof p, "%s/images", assets);
	rmdir(p);
	rmdir(assets);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),	    cmocka_unit_test(test_valid_fields),
		cmocka_unit_test(test_order),	    cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_load_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
