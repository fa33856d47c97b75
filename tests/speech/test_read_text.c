/*
 * The words Listen reads (src/ui/ui_tree.c ui_read_text), built from a
 * widget list as ui_visible() gives it. Table-driven: each case is a list
 * of widgets and the exact text the speech program must get.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

#define BAR UI_MARK_BAR
#define PERSONAL UI_MARK_PERSONAL
#define LISTEN_ID 99u

/* One widget: role, text, marks, interactive, id (0 = any). */
struct w {
	enum ui_role role;
	const char *text;
	unsigned mark;
	bool interactive;
	uint32_t id;
};

struct tcase {
	const char *label;
	struct w ws[12];
	size_t n;
	const char *want;
};

/* clang-format off */
static const struct tcase cases[] = {
	{"a top bar's title first, the screen, then the bar's buttons",
	 {{UI_BUTTON, "Jobs", BAR, true, 0}, {UI_BUTTON, "Home", BAR, true, 0},
	  {UI_BUTTON, "Listen", BAR, true, LISTEN_ID}, {UI_LABEL, "Home care worker", BAR, false, 0},
	  {UI_LABEL, "A day in the life", 0, false, 0}, {UI_BUTTON, "Next", 0, true, 0}}, 6,
	 "Home care worker.\nA day in the life.\nNext.\nJobs.\nHome.\n"},
	{"never a text field, a key, a QR code or a picture",
	 {{UI_LABEL, "What is your name?", 0, false, 0}, {UI_LABEL, "First name", 0, false, 0},
	  {UI_TEXT_FIELD, "Quillibert", 0, true, 0}, {UI_KEY, "q", 0, true, 0},
	  {UI_KEY, "Done", 0, true, 0}, {UI_QR, "https://example.org/x", 0, false, 0},
	  {UI_IMAGE, "A carer", 0, false, 0}}, 7,
	 "What is your name?\nFirst name.\n"},
	{"never what is marked personal (the review's answers)",
	 {{UI_LABEL, "Your name", 0, false, 0}, {UI_LABEL, "Quillibert Nguyen", PERSONAL, false, 0},
	  {UI_BUTTON, "Change", 0, true, 0}}, 3,
	 "Your name.\nChange.\n"},
	{"options and list items are read",
	 {{UI_CHECKBOX, "Evenings", 0, true, 0}, {UI_LIST_ITEM, "Step into Care", 0, true, 0}}, 2,
	 "Evenings.\nStep into Care.\n"},
	{"a tile's title that repeats its button is read once",
	 {{UI_BUTTON, "Explore care jobs", 0, true, 0}, {UI_LABEL, "Explore care jobs", 0, false, 0},
	  {UI_LABEL, "See what a day is really like", 0, false, 0}}, 3,
	 "Explore care jobs.\nSee what a day is really like.\n"},
	{"sentences that end already keep their own ending",
	 {{UI_LABEL, "Are you still there?", 0, false, 0}, {UI_LABEL, "Stop!", 0, false, 0},
	  {UI_LABEL, "Times:", 0, false, 0}, {UI_LABEL, "He says, \"No wash today.\"", 0, false, 0},
	  {UI_LABEL, "Personal assistant (PA)", 0, false, 0},
	  {UI_LABEL, "She said \xe2\x80\x9cthanks.\xe2\x80\x9d", 0, false, 0}}, 6,
	 "Are you still there?\nStop!\nTimes:\nHe says, \"No wash today.\"\n"
	 "Personal assistant (PA).\nShe said \xe2\x80\x9cthanks.\xe2\x80\x9d\n"},
	{"a line break in a label ends a sentence; trailing spaces go",
	 {{UI_LABEL, "Phone: none\nEmail: none", 0, false, 0}, {UI_LABEL, "Next  ", 0, false, 0}}, 2,
	 "Phone: none. Email: none.\nNext.\n"},
	{"empty texts and the Listen button are skipped",
	 {{UI_BUTTON, "Listen", 0, true, LISTEN_ID}, {UI_LABEL, "", 0, false, 0}}, 2, ""},
	{"nothing at all", {{0}}, 0, ""},
};
/* clang-format on */

static void test_cases(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const struct tcase *t = &cases[c];
		struct ui_widget ws[12];
		const struct ui_widget *list[12];
		for (size_t i = 0; i < t->n; i++) {
			ws[i] = (struct ui_widget){
				.role = t->ws[i].role,
				.text = t->ws[i].text,
				.enabled = true,
				.interactive = t->ws[i].interactive,
				.mark = t->ws[i].mark,
				.id = t->ws[i].id ? t->ws[i].id : (uint32_t)(1000 + i),
			};
			list[i] = &ws[i];
		}
		char *got = ui_read_text(list, t->n, LISTEN_ID);
		if (!got || strcmp(got, t->want) != 0)
			fail_msg("%s:\n got: %s\nwant: %s", t->label, got ? got : "(null)", t->want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
