/*
 * home: four big choices, each a picture and a few words.
 */
#include "scenes/scenes.h"

struct choice {
	const char *title, *line, *image;
	enum scene_id to;
};

static const struct choice choices[] = {
	{"home.explore", "home.explore_line", "home-explore.svg", SCENE_ROLES},
	{"home.quiz", "home.quiz_line", "home-quiz.svg", SCENE_QUIZ},
	{"home.register", "home.register_line", "home-register.svg", SCENE_FORM},
	{"home.courses", "home.courses_line", "home-courses.svg", SCENE_COURSES},
};

static void draw(struct app *app, void *state, struct ui *ui)
{
	(void)state;
	struct ui_rect area;
	ui_topbar(ui, &(struct ui_bar){.title = app_str(app, "home.title")}, &area);
	int pad = ui->sz.pad;
	struct ui_rect grid = ui_inset(area, pad, pad);
	int ch = (grid.h - pad) / 2;
	for (int i = 0; i < 4; i++) {
		const struct choice *c = &choices[i];
		/* In reading order: from the right in right-to-left. */
		struct ui_rect r = ui_cell(ui, grid, 2, pad, ch, i);
		if (ui_tile(ui, app_str(app, c->title), app_str(app, c->line), c->image, r, UI_BUTTON))
			app_goto(app, c->to, NULL);
	}
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	(void)state;
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE) {
		app_goto(app, SCENE_ATTRACT, NULL);
		return true;
	}
	return false;
}

const struct scene scene_home = {
	.name = "home",
	.draw = draw,
	.key = key,
};
