/*
 * placeholder: screens whose features have not landed yet. Each says so
 * plainly and has a way back, so a visitor never meets a dead end.
 */
#include "scenes.h"

#include <string.h>


static void draw_with(struct app *app, struct ui *ui, const char *title_key)
{
	struct pf_rect area;
	int nav = ui_topbar(ui, app_str(app, title_key), app_str(app, "nav.back"),
			    app_str(app, "nav.home"), &area);
	int pad = ui_u(ui, 24);
	ui_image(ui, "icons/day.svg", NULL,
		 (struct pf_rect){area.x + (area.w - ui_u(ui, 120)) / 2, area.y + pad, ui_u(ui, 120),
				  ui_u(ui, 120)});
	ui_label(ui, app_str(app, "placeholder.text"),
		 (struct pf_rect){area.x + pad, area.y + pad + ui_u(ui, 140), area.w - 2 * pad,
				  ui_u(ui, 100)},
		 UI_FONT_LARGE, PF_FONT_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	if (nav)
		app_goto(app, SCENE_HOME, NULL);
}

#define PLACEHOLDER(var, scene_name, key)                                        \
	static void draw_##var(struct app *app, void *state, struct ui *ui)      \
	{                                                                        \
		(void)state;                                                     \
		draw_with(app, ui, key);                                         \
	}                                                                        \
	const struct scene var = {.name = scene_name, .draw = draw_##var}

PLACEHOLDER(scene_quiz, "quiz", "home.quiz");
PLACEHOLDER(scene_quiz_result, "quiz-result", "home.quiz");
PLACEHOLDER(scene_form, "form", "home.register");
PLACEHOLDER(scene_thanks, "thanks", "home.register");
PLACEHOLDER(scene_courses, "courses", "home.courses");
PLACEHOLDER(scene_course, "course", "home.courses");
PLACEHOLDER(scene_staff, "staff", "staff.title");
