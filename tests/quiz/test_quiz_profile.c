/*
 * quiz_profile: given answers, the expected scores, strongest and weakest
 * values and suggested roles, worked out by hand from the fixture (see
 * quiz_fixture.h: A = compassion 3, B = dignity 2 + courage 1, C =
 * teamwork 1, D = nothing; maxima 36, 24, 12, 12). Then properties of the
 * shipped quiz: every value of every character can reach 100.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "quiz_fixture.h"

enum { COMPASSION, DIGNITY, COURAGE, TEAMWORK };

#define HCW "home-care-worker"
#define NCW "night-care-worker"
#define PA "personal-assistant"
#define SW "support-worker"
#define SCW "senior-care-worker"
#define RCW "residential-care-worker"

struct pcase {
	const char *label;
	const char *answers;	/* one letter a question */
	int score[4];		/* compassion, dignity, courage, teamwork */
	int strong[2], weak;
	const char *roles[3];
};

/* clang-format off */
static const struct pcase cases[] = {
	/* One value only; the second strongest is a tie at 0, so values.json
	 * order decides; the two lists share home-care-worker, so it leads. */
	{"all A", "AAAAAAAAAAAA", {100, 0, 0, 0}, {COMPASSION, DIGNITY}, COURAGE, {HCW, PA, RCW}},
	/* Two values at 100: dignity comes first in values.json. */
	{"all B", "BBBBBBBBBBBB", {0, 100, 100, 0}, {DIGNITY, COURAGE}, COMPASSION, {SW, PA, RCW}},
	/* The character's own role is already suggested: one more from the lists. */
	{"all C", "CCCCCCCCCCCC", {0, 0, 0, 100}, {TEAMWORK, COMPASSION}, DIGNITY, {RCW, HCW, SCW}},
	/* 11/12 = 91.67 rounds to 92. */
	{"C then D", "CCCCCCCCCCCD", {0, 0, 0, 92}, {TEAMWORK, COMPASSION}, DIGNITY, {RCW, HCW, SCW}},
	/* Raw points favour compassion (15 to 7); shares favour teamwork
	 * (58% to 42%): the profile follows the shares. */
	{"normalised", "AAAAACCCCCCC", {42, 0, 0, 58}, {TEAMWORK, COMPASSION}, DIGNITY, {RCW, HCW, SCW}},
	/* Dignity 8/24 and courage 4/12 are exactly equal: order decides. */
	{"exact tie", "AAAAAAAABBBB", {67, 33, 33, 0}, {COMPASSION, DIGNITY}, TEAMWORK, {HCW, PA, RCW}},
	{"three at 50", "BBBBBBCCCCCC", {0, 50, 50, 50}, {DIGNITY, COURAGE}, COMPASSION, {SW, PA, RCW}},
	{"mixed", "AABBCCAABBCD", {33, 33, 33, 25}, {COMPASSION, DIGNITY}, TEAMWORK, {HCW, PA, RCW}},
	{"one B", "BAAAAAAAAAAA", {92, 8, 8, 0}, {COMPASSION, DIGNITY}, TEAMWORK, {HCW, PA, RCW}},
	{"one A", "ACCCCCCCCCCC", {8, 0, 0, 92}, {TEAMWORK, COMPASSION}, DIGNITY, {RCW, HCW, SCW}},
};
/* clang-format on */

static char assets[512];
static struct role role_store[NROLE_IDS];
static struct roles roles;
static struct quiz quiz;

static void answers_of(const char *s, int *out, size_t *n)
{
	for (*n = 0; s[*n]; (*n)++)
		out[*n] = s[*n] - 'A';
}

static void test_cases(void **st)
{
	(void)st;
	const struct quiz_character *c = quiz_find(&quiz, "zoe");
	assert_non_null(c);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct pcase *pc = &cases[i];
		int ans[16];
		size_t n;
		answers_of(pc->answers, ans, &n);
		struct quiz_profile p;
		if (quiz_profile(&quiz, c, ans, n, &p) != 0)
			fail_msg("case \"%s\": refused", pc->label);
		assert_int_equal(p.nvalues, 4);
		for (int v = 0; v < 4; v++)
			if (p.score[v] != pc->score[v])
				fail_msg("case \"%s\": %s scored %d, want %d", pc->label, quiz.values[v].id,
					 p.score[v], pc->score[v]);
		if (p.strong[0] != pc->strong[0] || p.strong[1] != pc->strong[1] || p.weak != pc->weak)
			fail_msg("case \"%s\": strongest %d,%d weakest %d; want %d,%d and %d", pc->label,
				 p.strong[0], p.strong[1], p.weak, pc->strong[0], pc->strong[1], pc->weak);
		if (p.nroles != 3)
			fail_msg("case \"%s\": %zu roles suggested", pc->label, p.nroles);
		for (int r = 0; r < 3; r++)
			if (strcmp(p.roles[r], pc->roles[r]))
				fail_msg("case \"%s\": role %d is %s, want %s", pc->label, r, p.roles[r],
					 pc->roles[r]);
	}
}

/* Totals are points, before sharing out. */
static void test_totals(void **st)
{
	(void)st;
	const struct quiz_character *c = quiz_find(&quiz, "zoe");
	assert_int_equal(c->max[COMPASSION], 36);
	assert_int_equal(c->max[DIGNITY], 24);
	assert_int_equal(c->max[COURAGE], 12);
	assert_int_equal(c->max[TEAMWORK], 12);
	int ans[12];
	size_t n;
	answers_of("AAAAACCCCCCC", ans, &n);
	struct quiz_profile p;
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), 0);
	assert_int_equal(p.total[COMPASSION], 15);
	assert_int_equal(p.total[TEAMWORK], 7);
}

static void test_refused(void **st)
{
	(void)st;
	const struct quiz_character *c = quiz_find(&quiz, "zoe");
	int ans[13];
	size_t n;
	struct quiz_profile p;
	answers_of("AAAAAAAAAAA", ans, &n);	/* 11: one missing */
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), -1);
	answers_of("AAAAAAAAAAAAA", ans, &n);	/* 13 */
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), -1);
	answers_of("DAAAAAAAAAAA", ans, &n);	/* D: only the last question has it */
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), -1);
	answers_of("AAAAAAAAAAAA", ans, &n);
	ans[3] = -1;
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), -1);
	assert_int_equal(quiz_profile(&quiz, NULL, ans, n, &p), -1);
	answers_of("AAAAAAAAAAAD", ans, &n);	/* D on the last is fine */
	assert_int_equal(quiz_profile(&quiz, c, ans, n, &p), 0);
}

/* Questions are numbered straight through the scenes (3, 3, 2, 2, 2). */
static void test_question_at(void **st)
{
	(void)st;
	const struct quiz_character *c = quiz_find(&quiz, "zoe");
	assert_int_equal(c->nscenes, 5);
	assert_int_equal(c->nquestions, 12);
	size_t scene = 99;
	assert_ptr_equal(quiz_question_at(c, 0, &scene), &c->scenes[0].q[0]);
	assert_int_equal(scene, 0);
	assert_ptr_equal(quiz_question_at(c, 3, &scene), &c->scenes[1].q[0]);
	assert_int_equal(scene, 1);
	assert_ptr_equal(quiz_question_at(c, 7, &scene), &c->scenes[2].q[1]);
	assert_int_equal(scene, 2);
	assert_ptr_equal(quiz_question_at(c, 11, &scene), &c->scenes[4].q[1]);
	assert_int_equal(scene, 4);
	assert_int_equal(c->scenes[4].q[1].nopt, 4);
	assert_null(quiz_question_at(c, 12, &scene));
}

/* The shipped quiz: for every character and value, answering each
 * question with the option that gives that value most scores exactly 100;
 * every profile suggests 2-3 distinct roles that exist. */
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
	assert_true(n >= 4);
	for (size_t i = 0; i < q.nchars; i++) {
		const struct quiz_character *c = &q.chars[i];
		assert_true(c->nquestions >= 12);
		for (size_t v = 0; v < q.nvalues; v++) {
			int ans[64];
			for (size_t k = 0; k < c->nquestions; k++) {
				const struct quiz_question *qq = quiz_question_at(c, k, NULL);
				ans[k] = 0;
				for (size_t o = 1; o < qq->nopt; o++)
					if (qq->opt[o].weight[v] > qq->opt[ans[k]].weight[v])
						ans[k] = (int)o;
			}
			struct quiz_profile p;
			assert_int_equal(quiz_profile(&q, c, ans, c->nquestions, &p), 0);
			if (p.score[v] != 100)
				fail_msg("%s: best answers for %s score %d", c->id, q.values[v].id, p.score[v]);
			assert_true(p.nroles >= 2 && p.nroles <= 3);
			for (size_t r = 0; r < p.nroles; r++) {
				assert_non_null(roles_find(&rs, p.roles[r]));
				for (size_t s = 0; s < r; s++)
					assert_string_not_equal(p.roles[r], p.roles[s]);
			}
			for (size_t s = 0; s < q.nvalues; s++)
				assert_true(p.score[s] >= 0 && p.score[s] <= 100);
		}
	}
	quiz_free(&q);
	roles_free(&rs);
	diag_free(&d);
}

static int setup(void **st)
{
	(void)st;
	if (fixture_assets(assets, sizeof assets) != 0)
		return -1;
	roles = fixture_roles(role_store);
	struct diag_list d = {0};
	int rc = quiz_parse_values(&quiz, "values.json", VALUES, strlen(VALUES), &roles, &d);
	rc |= quiz_parse_character(&quiz, "characters/zoe.json", CHAR, strlen(CHAR), assets, &roles,
				   &d) != 1;
	diag_print(&d, stderr);
	rc |= d.n != 0;
	diag_free(&d);
	return rc ? -1 : 0;
}

static int teardown(void **st)
{
	(void)st;
	quiz_free(&quiz);
	fixture_assets_remove(assets);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),	     cmocka_unit_test(test_totals),
		cmocka_unit_test(test_refused),	     cmocka_unit_test(test_question_at),
		cmocka_unit_test(test_shipped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
