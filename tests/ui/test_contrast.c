/*
 * High contrast reaches 7:1 (WCAG 2 AAA) for every text colour on every
 * background the widgets and scenes draw it on (ui_theme_pairs), in the
 * shipped kiosk.json and in the defaults a kiosk.json without
 * "high_contrast" gets. The ratio itself is checked against WCAG's own
 * figures, and the everyday theme is shown to fall short somewhere, so the
 * check is one that can fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "content/config.h"
#include "content/diag.h"
#include "ui/ui_theme.h"

#define AAA 7.0

static struct ui_color rgb(unsigned v)
{
	return (struct ui_color){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, 255};
}

static void test_ratio(void **state)
{
	(void)state;
	static const struct {
		unsigned fg, bg;
		double want;
	} cases[] = {
		{0x000000, 0xFFFFFF, 21.0}, {0xFFFFFF, 0x000000, 21.0}, {0x767676, 0xFFFFFF, 4.54},
		{0x595959, 0xFFFFFF, 7.0},  {0xFFFFFF, 0xFFFFFF, 1.0},	{0x0B6E6E, 0xFFFFFF, 6.05},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double r = ui_theme_contrast(rgb(cases[i].fg), rgb(cases[i].bg));
		if (r < cases[i].want - 0.02 || r > cases[i].want + 0.02)
			fail_msg("#%06X on #%06X: %.3f, want %.2f", cases[i].fg, cases[i].bg, r,
				 cases[i].want);
	}
}

/* Pairs of th below min: prints them and returns how many. */
static int below(const char *name, const struct theme *th, double min)
{
	struct ui_theme_pair p[64];
	size_t n = ui_theme_pairs(th, p, 64);
	assert_true(n > 0 && n <= 64);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		double r = ui_theme_contrast(p[i].fg, p[i].bg);
		printf("%s: %-70s %5.2f:1\n", name, p[i].what, r);
		if (r < min) {
			printf("    below %.0f:1\n", min);
			bad++;
		}
	}
	return bad;
}

static void load(struct config *c)
{
	const char *src = getenv("KIOSK_SOURCE_DIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/kiosk-config", src ? src : ".");
	struct diag_list d = {0};
	int rc = config_load(c, dir, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	assert_int_equal(rc, 0);
}

static void test_shipped(void **state)
{
	(void)state;
	struct config c = {0};
	load(&c);
	struct theme hc = ui_theme_from(&c.high_contrast);
	assert_int_equal(below("kiosk.json high_contrast", &hc, AAA), 0);
	/* The everyday theme is not AAA everywhere: the check sees it. */
	struct theme th = ui_theme_from(&c.theme);
	assert_true(below("kiosk.json theme", &th, AAA) > 0);
	config_free(&c);
}

static void test_defaults(void **state)
{
	(void)state;
	struct config c = {0};
	config_defaults(&c);
	struct theme hc = ui_theme_from(&c.high_contrast);
	assert_int_equal(below("default high_contrast", &hc, AAA), 0);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
