/*
 * programmes.json (src/content/programmes.c): the shipped file loads clean
 * and agrees with the rest of the content; each mistake staff could make is
 * reported as its exact "file:line: message"; routing follows domain.md
 * from the data alone; an old kiosk.json's courses.url_* still works and
 * says where to move it.
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

#include "content/bundle.h"
#include "content/programmes.h"

/* clang-format off */
static const char BASE[] =
	"{\n"									/* 1 */
	"  \"programmes\": [\n"							/* 2 */
	"    {\"id\": \"step\", \"name\": \"p.step\", \"short_name\": \"c.step\",\n"	/* 3 */
	"     \"route_when\": \"otherwise\"},\n"					/* 4 */
	"    {\"id\": \"sbwa\", \"aliases\": [\"Work academy\"], \"name\": \"p.sbwa\",\n"	/* 5 */
	"     \"short_name\": \"c.sbwa\", \"course_dates_url\": \"https://a.example.org/s\",\n" /* 6 */
	"     \"route_when\": [{\"benefits\": [\"yes\"]}]},\n"			/* 7 */
	"    {\"id\": \"pa\", \"name\": \"p.pa\", \"short_name\": \"c.pa\",\n"	/* 8 */
	"     \"route_when\": [{\"roles\": [\"personal-assistant\"]},\n"		/* 9 */
	"                    {\"drives\": [\"car\"], \"heard_from\": [\"radio\"]}]}\n" /* 10 */
	"  ]\n"									/* 11 */
	"}\n";									/* 12 */
/* clang-format on */

struct pcase {
	const char *label, *find, *repl, *want;
};

/* clang-format off */
static const struct pcase cases[] = {
	{"unknown field", "\"short_name\": \"c.pa\"", "\"short_name\": \"c.pa\", \"colour\": 1",
	 "p.json:8: unknown field \"colour\""},
	{"missing name", "\"name\": \"p.pa\", ", "", "p.json:8: missing \"name\""},
	{"bad id", "\"id\": \"pa\"", "\"id\": \"P A\"",
	 "p.json:8: id \"P A\" must be lower-case letters, digits and hyphens (at most 40)"},
	{"id twice", "\"id\": \"pa\"", "\"id\": \"sbwa\"", "p.json:8: id \"sbwa\" is used twice"},
	{"alias names two", "[\"Work academy\"]", "[\"Work academy\", \"STEP\"]",
	 "p.json:5: \"step\" (an alias or id of \"sbwa\") also names \"step\""},
	{"no otherwise", "\"route_when\": \"otherwise\"", "\"aliases\": []",
	 "p.json:2: exactly one programme needs \"route_when\": \"otherwise\" (the one a visitor "
	 "is pointed to when no rule holds); 0 have it"},
	{"unknown question", "{\"benefits\": [\"yes\"]}", "{\"age\": [\"under-18\"]}",
	 "p.json:7: unknown question \"age\""},
	{"rule not an object", "[{\"benefits\": [\"yes\"]}]", "[\"benefits\"]",
	 "p.json:7: each rule of \"route_when\" must be like { \"benefits\": [\"yes\"] }: a "
	 "question and the answers that route here"},
	{"bad url", "https://a.example.org/s", "a.example.org/s",
	 "p.json:6: course_dates_url \"a.example.org/s\" must be a web address starting https:// "
	 "(or http://) with a dotted host name"},
	{"not a list", "\"programmes\": [", "\"programmes\": {\"a\": 1}, \"_comment\": [",
	 "p.json:2: \"programmes\" must be a list in [ ]"},
	{"otherwise misspelt", "\"otherwise\"", "\"otherwse\"",
	 "p.json:4: \"route_when\" must be \"otherwise\" or a list of rules [ {...}, ... ]"},
	{"syntax", "\"id\": \"pa\",", "\"id\": \"pa\"",
	 "p.json:8: not valid JSON here (check for a missing comma, quote or bracket)"},
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

static void test_cases(void **state)
{
	(void)state;
	struct programmes p;
	struct diag_list d = {0};
	assert_int_equal(programmes_parse(&p, "p.json", BASE, strlen(BASE), &d), 0);
	assert_int_equal(diag_count(&d), 0);
	programmes_free(&p);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = replace(BASE, cases[i].find, cases[i].repl);
		int rc = programmes_parse(&p, "p.json", text, strlen(text), &d);
		if (rc != -1 || !diag_count(&d) || strcmp(d.msgs[0], cases[i].want) != 0)
			fail_msg("%s: rc %d, first message \"%s\", want \"%s\"", cases[i].label, rc,
				 diag_count(&d) ? d.msgs[0] : "(none)", cases[i].want);
		assert_int_equal(p.n, 0);	/* left empty on any problem */
		diag_free(&d);
		free(text);
	}
}

static const char *route(const struct programmes *p, const struct programme_answer *a, size_t n)
{
	const struct programme *g = programmes_route(p, a, n);
	return g ? g->id : "(none)";
}

static void test_route(void **state)
{
	(void)state;
	struct programmes p;
	assert_int_equal(programmes_parse(&p, "p.json", BASE, strlen(BASE), NULL), 0);
	const struct programme_answer yes_pa[] = {{"benefits", "yes"}, {"roles", "personal-assistant"}},
				      no_pa[] = {{"benefits", "no"}, {"roles", "home-care"},
						 {"roles", "personal-assistant"}},
				      car_radio[] = {{"drives", "car"}, {"heard_from", "radio"}},
				      car_only[] = {{"drives", "car"}, {"heard_from", "friend"}},
				      wrong_q[] = {{"drives", "yes"}, {"heard_from", "car"}};
	assert_string_equal(route(&p, yes_pa, 2), "sbwa");	/* first in file order wins */
	assert_string_equal(route(&p, no_pa, 3), "pa");
	assert_string_equal(route(&p, car_radio, 2), "pa");	/* a rule: all must hold */
	assert_string_equal(route(&p, car_only, 2), "step");
	assert_string_equal(route(&p, wrong_q, 2), "step");
	assert_string_equal(route(&p, NULL, 0), "step");
	assert_string_equal(programmes_match(&p, " work-ACADEMY ")->id, "sbwa");
	assert_string_equal(programmes_match(&p, "S.B.W.A.")->id, "sbwa");
	assert_null(programmes_match(&p, "academy"));
	assert_null(programmes_match(&p, "--"));
	programmes_free(&p);
}

/* The shipped content: clean, and domain.md's routing from the data. */
static void test_shipped(void **state)
{
	(void)state;
	char dir[4096], assets[4096];
	snprintf(dir, sizeof dir, "%s/kiosk-config", getenv("KIOSK_SOURCE_DIR"));
	snprintf(assets, sizeof assets, "%s/assets", getenv("KIOSK_SOURCE_DIR"));
	struct diag_list d = {0};
	struct bundle b;
	bundle_load(&b, dir, assets, &d, &d);
	for (size_t i = 0; i < diag_count(&d); i++)
		print_error("%s\n", d.msgs[i]);
	assert_int_equal(diag_count(&d), 0);
	const struct programmes *p = &b.programmes;
	assert_int_equal(p->n, 5);
	const struct programme_answer sbwa[] = {{"benefits", "yes"}, {"roles", "personal-assistant"}},
				      pa[] = {{"benefits", "rather-not-say"},
					      {"roles", "personal-assistant"}},
				      step[] = {{"benefits", "no"}, {"roles", "home-care-worker"}};
	assert_string_equal(route(p, sbwa, 2), "sbwa");
	assert_string_equal(route(p, pa, 2), "pa-academy");
	assert_string_equal(route(p, step, 2), "step-into-care");
	assert_string_equal(programmes_find(p, "sbwa")->url, "https://wecare.example.org/courses/sbwa");
	for (size_t i = 0; i < b.courses.n; i++)
		assert_non_null(programmes_find(p, b.courses.v[i].programme));
	bundle_free(&b);
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

/* Against the other files: each mistake with programmes.json's line. */
static void test_check(void **state)
{
	(void)state;
	static const char form[] =
		"{\"privacy\": [\"P\"], \"heard_from\": [{\"id\": \"radio\", \"label\": \"R\"}, "
		"{\"id\": \"friend\", \"label\": \"F\"}], \"availability\": {\"times\": [{\"id\": "
		"\"days\", \"label\": \"D\"}, {\"id\": \"nights\", \"label\": \"N\"}], \"hours\": "
		"[{\"id\": \"full\", \"label\": \"F\"}, {\"id\": \"part\", \"label\": \"P\"}]}, "
		"\"drives\": [{\"id\": \"car\", \"label\": \"C\"}, {\"id\": \"no\", \"label\": \"N\"}], "
		"\"benefits\": [{\"id\": \"yes\", \"label\": \"Y\"}, {\"id\": \"no\", \"label\": "
		"\"N\"}, {\"id\": \"unsure\", \"label\": \"U\"}], \"contact_time\": [{\"id\": \"am\", \"label\": \"A\"}, {\"id\": \"pm\", "
		"\"label\": \"P\"}], \"partners\": [\"J\"], \"programmes\": {\"step\": {\"name\": "
		"\"S\", \"why\": \"W\", \"next\": [\"N\"]},\n\"sbwa\": {\"name\": \"S\", \"why\": "
		"\"W\", \"next\": [\"N\"]},\n\"nursing\": {\"name\": \"S\", \"why\": \"W\", \"next\": "
		"[\"N\"]}}}";
	char dir[] = "/tmp/programmes-check-XXXXXX";
	assert_non_null(mkdtemp(dir));
	put(dir, "form.json", form);
	struct form_content f;
	struct diag_list d = {0};
	assert_int_equal(form_load(&f, dir, &d), 0);
	struct strtab str = {0};
	char sdir[4200];
	snprintf(sdir, sizeof sdir, "%s/strings", dir);
	assert_int_equal(mkdir(sdir, 0700), 0);
	put(sdir, "a.json", "{\"p.step\": \"S\", \"c.step\": \"S\", \"p.sbwa\": \"W\", "
			    "\"c.sbwa\": \"W\", \"p.pa\": \"P\"}");
	strtab_load_dir(&str, sdir, &d);
	struct programmes p;
	char *text = replace(BASE, "\"benefits\": [\"yes\"]", "\"benefits\": [\"maybe\"]");
	assert_int_equal(programmes_parse(&p, "p.json", text, strlen(text), &d), 0);
	assert_int_equal(diag_count(&d), 0);
	struct roles roles = {0};
	assert_int_equal(programmes_check(&p, &f, &roles, &str, &d), 5);
	static const char *const want[] = {
		"p.json:7: \"maybe\" is not an answer to \"benefits\" (see form.json for the ids)",
		"p.json:8: \"short_name\" of \"pa\" is not in strings/: add \"c.pa\": \"...\" to a "
		"strings file",
		"p.json:9: \"personal-assistant\" is not an answer to \"roles\" (see the ids in roles/)",
		"p.json:8: visitors can be routed to \"pa\", but form.json's \"programmes\" has no "
		"words for it (name, why, next)",
		"form.json:3: programme \"nursing\" is not in programmes.json",
	};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(d.msgs[i], want[i]);
	diag_free(&d);

	/* An old kiosk.json: its address is used, with a note on where it goes. */
	put(dir, "kiosk.json", "{\n  \"courses\": {\n    \"url_sbwa\": \"https://old.example.org/s\",\n"
			       "    \"url_pa\": \"https://old.example.org/p\"\n  }\n}\n");
	struct config cfg;
	assert_int_equal(config_load(&cfg, dir, &d), 0);
	programmes_apply_old_urls(&p, &cfg, &d);
	assert_string_equal(programmes_find(&p, "sbwa")->url, "https://old.example.org/s");
	assert_int_equal(diag_count(&d), 2);
	char w0[8400], w1[8400];
	snprintf(w0, sizeof w0, "%s/kiosk.json:3: courses.url_sbwa is an old setting: the kiosk "
		 "still uses it, but move the address to \"course_dates_url\" of \"sbwa\" in "
		 "programmes.json and delete this line", dir);
	snprintf(w1, sizeof w1, "%s/kiosk.json:4: courses.url_pa is an old setting and is not "
		 "used: there is no programme \"pa-academy\" in programmes.json; delete the line",
		 dir);
	assert_string_equal(d.msgs[0], w0);
	assert_string_equal(d.msgs[1], w1);
	config_free(&cfg);
	diag_free(&d);
	free(text);
	programmes_free(&p);
	strtab_free(&str);
	form_free(&f);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
