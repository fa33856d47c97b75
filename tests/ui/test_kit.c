/*
 * The ui kit (src/ui): every widget records itself in the tree exactly
 * once (decorations not at all); a measure pass lays out without drawing,
 * recording or taking taps; layout cuts and cells hand out the rectangles
 * a screen would have added up by hand, mirrored right to left; the top
 * bar puts its slots where the screens had them and names them; the text
 * scale makes every font larger. Runs on a headless display with the
 * kiosk's own fonts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "ui/ui.h"

static struct pf *pf;
static struct ui ui;

static const struct theme theme = {
	.bg = {240, 240, 240, 255},
	.surface = {255, 255, 255, 255},
	.primary = {0, 60, 120, 255},
	.on_primary = {255, 255, 255, 255},
	.accent = {200, 80, 0, 255},
	.on_accent = {255, 255, 255, 255},
	.text = {0, 0, 0, 255},
	.muted = {90, 90, 90, 255},
	.line = {200, 200, 200, 255},
	.focus = {0, 0, 255, 255},
	.danger = {180, 0, 0, 255},
	.scrim = {0, 0, 0, 128},
};

static int setup(void **state)
{
	(void)state;
	char assets[4096], err[256];
	const char *src = getenv("KIOSK_SOURCE_DIR");
	snprintf(assets, sizeof assets, "%s/assets", src ? src : ".");
	const struct pf_opts o = {.width = 800,
				  .height = 480,
				  .headless = true,
				  .asset_dir = assets};
	if (pf_open(&o, &pf, err, sizeof err) != PF_OK) {
		fprintf(stderr, "pf_open: %s\n", err);
		return -1;
	}
	ui_init(&ui, pf, &theme);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ui_free(&ui);
	pf_close(pf);
	return 0;
}

/* Widgets in this frame's tree with this name (or, name NULL, all). */
static size_t count(const char *name)
{
	size_t k = 0;
	for (size_t i = 0; i < ui.n; i++)
		if (!name || (ui.widgets[i].name && !strcmp(ui.widgets[i].name, name)))
			k++;
	return k;
}

static const struct ui_widget *named(const char *name)
{
	for (size_t i = 0; i < ui.n; i++)
		if (ui.widgets[i].name && !strcmp(ui.widgets[i].name, name))
			return &ui.widgets[i];
	return NULL;
}

static const struct ui_rect R = {100, 100, 300, 80};

static void draw_card(void)
{
	ui_card(&ui, UI_BUTTON, "Card", "card", R, ui_look(&ui, theme.surface, theme.line));
	ui_text(&ui, "Card", R, UI_FONT_BODY, UI_BOLD, theme.text, UI_ALIGN_LEFT);
}
static void draw_radio(void)
{
	ui_choice(&ui, UI_CHOICE_RADIO, "Yes", "radio", R, true);
}
static void draw_check(void)
{
	ui_choice(&ui, UI_CHOICE_CHECK, "Evenings", "check", R, false);
}
static void draw_option(void)
{
	ui_choice(&ui, UI_CHOICE_OPTION, "Say sorry", "option", R, false);
}
static void draw_pill(void)
{
	ui_choice(&ui, UI_CHOICE_PILL, "No", "pill", R, true);
}
static void draw_chip(void)
{
	ui_chip(&ui, UI_CHECKBOX, "Nights", "chip", R, true);
}
static void draw_button(void)
{
	ui_button_named(&ui, "Next", "button", R, UI_STYLE_PRIMARY, NULL);
}
static void draw_icon_button(void)
{
	ui_button_named(&ui, "Home", "button", R, UI_STYLE_QUIET, "icons/home.svg");
}
static void draw_progress(void)
{
	const struct ui_progress p = {3,	 12,	     theme.line, theme.primary,
				      "3 of 12", "progress", false};
	ui_progress(&ui, R, &p);
}
static void draw_dots(void)
{
	ui_dots(&ui, R, 6, 2, "Page 3 of 6");
}
static void draw_tile(void)
{
	ui_tile(&ui, "Explore", "A line", NULL, (struct ui_rect){0, 0, 300, 200}, UI_BUTTON);
}
static void draw_frame(void)
{
	ui_frame(&ui, R, ui_look(&ui, theme.surface, theme.line));
	ui_dot(&ui, 10, 10, 4, theme.primary);
	ui_rule(&ui, R, theme.line);
	ui_text(&ui, "decoration", R, UI_FONT_BODY, UI_REGULAR, theme.text, UI_ALIGN_LEFT);
}

/* Table: each widget and how many tree entries it makes, and under which
 * name (its words are never a second, unnamed entry). */
static const struct {
	const char *what;
	void (*draw)(void);
	const char *name;
	size_t entries;
	enum ui_role role;
} widgets[] = {
	{"card", draw_card, "card", 1, UI_BUTTON},
	{"radio choice", draw_radio, "radio", 1, UI_CHECKBOX},
	{"check choice", draw_check, "check", 1, UI_CHECKBOX},
	{"option", draw_option, "option", 1, UI_BUTTON},
	{"pill", draw_pill, "pill", 1, UI_CHECKBOX},
	{"chip with a role", draw_chip, "chip", 1, UI_CHECKBOX},
	{"button", draw_button, "button", 1, UI_BUTTON},
	{"button with an icon", draw_icon_button, "button", 1, UI_BUTTON},
	{"progress bar", draw_progress, "progress", 1, UI_PROGRESS},
	{"page dots", draw_dots, "page", 1, UI_LABEL},
	{"tile (card, title, line)", draw_tile, NULL, 3, UI_BUTTON},
	{"decorations", draw_frame, NULL, 0, UI_LABEL},
};

static void test_once(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof widgets / sizeof widgets[0]; i++) {
		ui_begin(&ui, 0);
		widgets[i].draw();
		if (count(NULL) != widgets[i].entries ||
		    (widgets[i].name && count(widgets[i].name) != 1))
			fail_msg("%s: %zu entries, want %zu", widgets[i].what, count(NULL),
				 widgets[i].entries);
		if (widgets[i].entries)
			assert_int_equal(ui.widgets[0].role, widgets[i].role);
		ui_end(&ui);
	}
}

static void test_states(void **state)
{
	(void)state;
	ui_begin(&ui, 0);
	draw_radio();
	draw_progress();
	draw_chip();
	assert_true(named("radio")->checked);
	assert_true(named("chip")->checked);
	assert_int_equal(named("progress")->value, 3);
	assert_int_equal(named("progress")->max, 12);
	char *json = ui_dump_json(&ui, "t");
	assert_non_null(strstr(json,
			       "\"role\":\"progress\",\"text\":\"3 of 12\",\"name\":\"progress\","
			       "\"value\":3,\"max\":12"));
	free(json);
	ui_end(&ui);
}

/* The measure pass: the same calls, no tree, no taps, the same heights. */
static void test_measure(void **state)
{
	(void)state;
	const char *t = "A long sentence that wraps over more than one line in a narrow box.";
	ui_begin(&ui, 0);
	int drawn = ui_label(&ui, t, (struct ui_rect){0, 0, 200, 0}, UI_FONT_BODY, UI_REGULAR,
			     theme.text, UI_ALIGN_LEFT);
	size_t n = ui.n;
	ui_measure_begin(&ui);
	int measured = ui_label(&ui, t, (struct ui_rect){0, 0, 200, 0}, UI_FONT_BODY, UI_REGULAR,
				theme.text, UI_ALIGN_LEFT);
	for (size_t i = 0; i < sizeof widgets / sizeof widgets[0]; i++)
		widgets[i].draw();
	ui_measure_end(&ui);
	assert_int_equal(drawn, measured);
	assert_int_equal(drawn, ui_text_height(&ui, t, 200, UI_FONT_BODY, UI_REGULAR));
	assert_true(drawn > ui_line_height(&ui, UI_FONT_BODY, UI_REGULAR));
	assert_int_equal(ui.n, n);
	ui_end(&ui);

	/* A tap on a button is not taken by its measured twin. */
	struct ui_event down = {.type = UI_EV_DOWN, .x = 150, .y = 120};
	struct ui_event up = {.type = UI_EV_UP, .x = 150, .y = 120};
	ui_begin(&ui, 0);
	draw_button();
	ui_end(&ui);
	ui_input(&ui, &down, 10);
	ui_input(&ui, &up, 20);
	ui_begin(&ui, 30);
	ui_measure_begin(&ui);
	bool measured_tap = ui_button_named(&ui, "Next", "button", R, UI_STYLE_PRIMARY, NULL);
	ui_measure_end(&ui);
	bool tap = ui_button_named(&ui, "Next", "button", R, UI_STYLE_PRIMARY, NULL);
	ui_end(&ui);
	assert_false(measured_tap);
	assert_true(tap);
}

static void test_layout(void **state)
{
	(void)state;
	struct ui_rect r = {0, 0, 800, 480};
	struct ui_rect top = ui_cut_top(&r, 64), bottom = ui_cut_bottom(&r, 56);
	assert_int_equal(top.h, 64);
	assert_int_equal(bottom.y, 480 - 56);
	assert_int_equal(r.y, 64);
	assert_int_equal(r.h, 480 - 64 - 56);
	struct ui_rect s = ui_cut_start(&ui, &r, 100), e = ui_cut_end(&ui, &r, 200);
	assert_int_equal(s.x, 0);
	assert_int_equal(e.x, 600);
	assert_int_equal(r.x, 100);
	assert_int_equal(r.w, 500);
	struct ui_rect in = ui_inset((struct ui_rect){0, 0, 100, 50}, 10, 5);
	assert_int_equal(in.x, 10);
	assert_int_equal(in.w, 80);
	assert_int_equal(in.h, 40);
	/* Cells: three columns 10 apart, rows of 60 with 10 between. */
	struct ui_rect c4 = ui_cell(&ui, (struct ui_rect){0, 0, 320, 0}, 3, 10, 60, 4);
	assert_int_equal(c4.x, 110);
	assert_int_equal(c4.y, 70);
	assert_int_equal(c4.w, 100);
	/* A column hands out rows and adds them up. */
	struct ui_col col = ui_col((struct ui_rect){20, 100, 300, 0}, 8);
	struct ui_rect a = ui_col_take(&col, 30);
	ui_begin(&ui, 0);
	int h = ui_col_label(&ui, &col, "Words", UI_FONT_BODY, UI_REGULAR, theme.text);
	ui_end(&ui);
	ui_col_space(&col, 5);
	assert_int_equal(a.y, 100);
	assert_int_equal(ui_col_height(&col), 30 + 8 + h + 5);
}

/* Lines break where the Unicode rules allow (libunibreak), not only at
 * spaces: after a hyphen, never inside a phone number's no-break spaces. */
static void test_wrap(void **state)
{
	(void)state;
	int lh = ui_line_height(&ui, UI_FONT_BODY, UI_REGULAR);
	int w = ui_text_width(&ui, "well-", UI_FONT_BODY, UI_REGULAR) + 2;
	if (w < ui_text_width(&ui, "being", UI_FONT_BODY, UI_REGULAR) + 2)
		w = ui_text_width(&ui, "being", UI_FONT_BODY, UI_REGULAR) + 2;
	assert_int_equal(ui_text_height(&ui, "well-being", w, UI_FONT_BODY, UI_REGULAR), 2 * lh);
	/* Fits on two lines at that width: no word had to be cut. */
	assert_int_equal(ui_fit_font(&ui, "well-being", w, 2 * lh, UI_FONT_BODY, UI_FONT_SMALL,
				     UI_REGULAR),
			 UI_FONT_BODY);
	const char *phone = "Call 0113\xc2\xa0"
			    "496\xc2\xa0"
			    "0000";
	int pw = ui_text_width(&ui,
			       "0113\xc2\xa0"
			       "496\xc2\xa0"
			       "0000",
			       UI_FONT_BODY, UI_REGULAR) +
		 2;
	assert_int_equal(ui_text_height(&ui, phone, pw, UI_FONT_BODY, UI_REGULAR), 2 * lh);
	assert_int_equal(ui_text_height(&ui, "one\ntwo\n\nfour", 2000, UI_FONT_BODY, UI_REGULAR),
			 4 * lh);
}

/* Right to left: the same calls mirror, in the layout helper and in the
 * widgets; nothing in a screen changes. */
static void test_rtl(void **state)
{
	(void)state;
	ui.rtl = true;
	struct ui_rect r = {0, 0, 800, 480};
	struct ui_rect s = ui_cut_start(&ui, &r, 100);
	assert_int_equal(s.x, 700);
	struct ui_rect c0 = ui_cell(&ui, (struct ui_rect){0, 0, 320, 0}, 3, 10, 60, 0);
	assert_int_equal(c0.x, 220);
	ui_begin(&ui, 0);
	const struct ui_bar bar = {.title = "Jobs", .back = "Back", .home = "Home"};
	ui_topbar(&ui, &bar, NULL);
	const struct ui_widget *back = named("back"), *home = named("home");
	assert_non_null(back);
	assert_non_null(home);
	assert_true(back->r.x > 400); /* Back leads: on the right */
	assert_true(home->r.x < 400);
	ui_end(&ui);
	ui.rtl = false;
}

/* The bar's slots where the screens had them: Back at the start, Home at
 * the end; with a Next, Home beside Back and Next at the end; the step
 * text and its progress in the middle. Each carries its fixed name. */
static void test_topbar(void **state)
{
	(void)state;
	int pad = ui.sz.bar_pad, bw = ui.sz.bar_button_w;
	ui_begin(&ui, 0);
	struct ui_rect content;
	const struct ui_bar plain = {.title = "Explore care jobs", .back = "Back", .home = "Home"};
	assert_int_equal(ui_topbar(&ui, &plain, &content), UI_BAR_NONE);
	assert_int_equal(content.y, ui.sz.bar_h);
	assert_int_equal(named("back")->r.x, pad);
	assert_int_equal(named("home")->r.x, 800 - pad - bw);
	ui_end(&ui);

	ui_begin(&ui, 0);
	const struct ui_bar form = {.back = "Back",
				    .home = "Home",
				    .next = "Send",
				    .next_style = UI_STYLE_ACCENT,
				    .next_name = "send",
				    .step = "Step 11 of 11",
				    .step_done = 11,
				    .step_total = 11};
	ui_topbar(&ui, &form, NULL);
	assert_int_equal(named("home")->r.x, 2 * pad + bw);
	assert_int_equal(named("send")->r.x, 800 - pad - bw);
	assert_int_equal(named("step")->role, UI_PROGRESS);
	assert_string_equal(named("step")->text, "Step 11 of 11");
	assert_int_equal(count(NULL), 4);
	ui_end(&ui);
}

/* Sizes come from the theme: its defaults, and a larger text scale that
 * makes every font bigger and nothing else. */
static void test_theme(void **state)
{
	(void)state;
	assert_int_equal(ui.sz.bar_h, 64);
	assert_int_equal(ui.sz.button_h, 56);
	assert_int_equal(ui.sz.radius, 14);
	struct theme big = theme;
	big.m.text_scale = 1.5f;
	struct ui u2;
	ui_init(&u2, pf, &big);
	for (int f = 0; f < UI_FONT_COUNT; f++)
		assert_true(ui_font_px(&u2, f) > ui_font_px(&ui, f));
	assert_int_equal(u2.sz.button_h, ui.sz.button_h);
	ui_free(&u2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once),	cmocka_unit_test(test_states),
		cmocka_unit_test(test_measure), cmocka_unit_test(test_layout),
		cmocka_unit_test(test_wrap),	cmocka_unit_test(test_rtl),
		cmocka_unit_test(test_topbar),	cmocka_unit_test(test_theme),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
