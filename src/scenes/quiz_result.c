/*
 * quiz-result: what a finished quiz says, on two pages so that each is
 * big and plain.
 *   1. "Your values": the profile as horizontal bars, one a value, with
 *      the strongest two in the accent colour, and beside them a sentence
 *      for each strongest value ("high") and for the weakest ("grow").
 *   2. "Jobs that might suit you": two or three role cards that open the
 *      job preview, the closing words, "Try another character" and
 *      "Register your interest".
 *
 * It reads only app->visit.quiz (the profile the quiz scene left there;
 * the answers are gone by now) and the quiz's words, loaded on enter and
 * freed on leave. Without a finished quiz it goes to the quiz.
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include "content/quiz.h"

#include <stdio.h>
#include <string.h>

struct result_state {
	const struct quiz *quiz;	/* the app's bundle */
	bool loaded;
	int page;		/* 0 values, 1 jobs */
};

static bool is_strong(const struct visit_quiz *vq, int v)
{
	return v == vq->strong[0] || v == vq->strong[1];
}

/* One value: its name and a bar, stacked when there is room, else side
 * by side. The bar is recorded with its score for `dump`. */
static void bar(struct app *app, const struct result_state *s, struct ui *ui, int v,
		struct ui_rect r)
{
	const struct quiz_value *val = &s->quiz->values[v];
	const struct visit_quiz *vq = &app->visit.quiz;
	bool strong = is_strong(vq, v);
	enum ui_weight st = strong ? UI_BOLD : UI_REGULAR;
	int bh = ui->sz.in, gap = ui_size(ui, UI_SIZE_HAIR);
	/* The name above its bar, in the reading font if it fits on one
	 * line there, else smaller; with no room to stack, side by side. */
	enum ui_font f = UI_FONT_BODY;
	int nh = ui_line_height(ui, f, st);
	if (nh + gap + bh > r.h || ui_text_width(ui, val->name, f, st) > r.w) {
		f = UI_FONT_SMALL;
		nh = ui_line_height(ui, f, st);
	}
	struct ui_rect name = {r.x, r.y, r.w, nh}, track = {r.x, r.y + nh + gap, r.w, bh};
	if (nh + gap + bh > r.h) {
		name = (struct ui_rect){r.x, r.y, r.w / 2, r.h};
		track = (struct ui_rect){r.x + r.w / 2, r.y + (r.h - bh) / 2, r.w - r.w / 2, bh};
	}
	ui_label(ui, val->name, name, f, st, ui->th.text, UI_ALIGN_LEFT);
	char score[8], text[160];
	snprintf(score, sizeof score, "%d", vq->score[v]);
	const char *const kv[][2] = {{"value", val->name}, {"score", score}};
	strtab_fill(text, sizeof text, app_str(app, "quiz.result.bar"), kv, 2);
	char name_id[64];
	snprintf(name_id, sizeof name_id, "value-%s", val->id);
	const struct ui_progress p = {vq->score[v], 100, ui->th.line,
				      strong ? ui->th.accent : ui->th.primary, text, name_id, true};
	ui_progress(ui, track, &p);
}

/* The sentences: an icon, then "Value: what it says", in the first font
 * that lets all of them fit. */
static void sentences(struct app *app, struct result_state *s, struct ui *ui, struct ui_rect r)
{
	const struct visit_quiz *vq = &app->visit.quiz;
	const int which[3] = {vq->strong[0], vq->strong[1], vq->weak};
	char text[3][256];
	for (int i = 0; i < 3; i++) {
		const struct quiz_value *v = &s->quiz->values[which[i]];
		const char *const kv[][2] = {{"value", v->name}, {"text", i < 2 ? v->high : v->grow}};
		strtab_fill(text[i], sizeof text[i], app_str(app, "quiz.result.sentence"), kv, 2);
	}
	static const enum ui_font fonts[] = {UI_FONT_LARGE, UI_FONT_BODY, UI_FONT_SMALL};
	int is = ui_size(ui, UI_SIZE_SMALL_ICON), gap = ui->sz.gap_small, tw = r.w - is - ui_size(ui, UI_SIZE_ROW_GAP), total = 0;
	enum ui_font f = UI_FONT_SMALL;
	for (int k = 0; k < 3; k++) {
		f = fonts[k];
		total = 2 * gap;
		for (int i = 0; i < 3; i++)
			total += ui_text_height(ui, text[i], tw, f, UI_REGULAR);
		if (total <= r.h)
			break;
	}
	int y = r.y + (r.h > total ? (r.h - total) / 2 : 0);
	for (int i = 0; i < 3; i++) {
		ui_image(ui, i < 2 ? "icons/good.svg" : "icons/ladder.svg",
			 app_str(app, i < 2 ? "quiz.result.strong" : "quiz.result.grow"),
			 (struct ui_rect){r.x, y, is, is});
		y += ui_label(ui, text[i], (struct ui_rect){r.x + r.w - tw, y, tw, 0}, f, UI_REGULAR,
			      ui->th.text, UI_ALIGN_LEFT) + gap;
	}
}

/* Two buttons along the bottom; returns 1 (left), 2 (right) or 0. */
static int bottom(struct ui *ui, struct ui_rect a, const char *left, const char *right,
		  enum ui_style right_style)
{
	int pad = ui->sz.pad, bh = ui->sz.button_h, gap = ui->sz.pad;
	int lw = ui_text_width(ui, left, UI_FONT_LARGE, UI_BOLD) + ui_size(ui, UI_SIZE_BUTTON_AIR_SHORT);
	int rw = ui_text_width(ui, right, UI_FONT_LARGE, UI_BOLD) + ui_size(ui, UI_SIZE_BUTTON_AIR_WIDE);
	int most = (a.w - 2 * pad - gap) / 2;
	lw = lw > most ? most : lw;
	rw = rw > most ? most : rw;
	int y = a.y + a.h - pad - bh;
	int hit = 0;
	if (ui_button_named(ui, left, "another", (struct ui_rect){a.x + pad, y, lw, bh},
			    UI_STYLE_SECONDARY, NULL))
		hit = 1;
	if (ui_button_named(ui, right, "next", (struct ui_rect){a.x + a.w - pad - rw, y, rw, bh},
			    right_style, NULL))
		hit = 2;
	return hit;
}

static void page_values(struct app *app, struct result_state *s, struct ui *ui, struct ui_rect a)
{
	const struct quiz_character *c = quiz_find(s->quiz, app->visit.quiz.character);
	int pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_ROW_GAP), head = ui_size(ui, UI_SIZE_RESULT_HEAD_H);
	int x = a.x + pad, y = a.y + gap;
	if (c) {
		ui_image(ui, c->image, c->name, (struct ui_rect){x, y, head, head});
		x += head + gap;
	}
	int iw = a.x + a.w - pad - x;
	enum ui_font f = UI_FONT_LARGE;
	if (ui_text_height(ui, s->quiz->intro, iw, f, UI_BOLD) > head)
		f = UI_FONT_BODY;	/* a long intro: two smaller lines */
	int ih = ui_text_height(ui, s->quiz->intro, iw, f, UI_BOLD);
	ih = ih > head ? ih : head;
	ui_label(ui, s->quiz->intro, (struct ui_rect){x, y, iw, ih}, f, UI_BOLD, ui->th.text,
		 UI_ALIGN_LEFT);
	y += ih + gap;
	int bottom_y = a.y + a.h - pad - ui->sz.button_h - gap;
	int lw = (a.w - 2 * pad) * 2 / 5, h = bottom_y - y;
	int n = (int)s->quiz->nvalues, row = h / n;
	for (int v = 0; v < n; v++)
		bar(app, s, ui, v, (struct ui_rect){a.x + pad, y + v * row, lw, row - ui_size(ui, UI_SIZE_HAIR)});
	int rx = a.x + pad + lw + ui_size(ui, UI_SIZE_COLUMN_GAP);
	sentences(app, s, ui, (struct ui_rect){rx, y, a.x + a.w - pad - rx, h});
	int hit = bottom(ui, a, app_str(app, "quiz.result.another"), app_str(app, "quiz.result.jobs"),
			 UI_STYLE_PRIMARY);
	if (hit == 1)
		app_goto(app, SCENE_QUIZ, NULL);
	else if (hit == 2)
		s->page = 1;
}

/* A suggested job: its picture, title and one line; opens its preview.
 * th and sh are the tallest title and line of the row, so the pictures
 * and titles of all cards line up. */
static bool job_card(struct ui *ui, const struct role *r, struct ui_rect c, int th, int sh)
{
	bool hit = ui_card(ui, UI_BUTTON, r->title, r->id, c, ui_look(ui, ui->th.surface, ui->th.line));
	int pad = ui->sz.in, w = c.w - 2 * pad;
	int ph = c.h - 3 * pad - th - sh;
	ui_image(ui, r->image, r->title, (struct ui_rect){c.x + pad, c.y + pad, w, ph});
	int y = c.y + 2 * pad + ph;
	/* The card already carries the title. */
	ui_text(ui, r->title, (struct ui_rect){c.x + pad, y, w, th}, UI_FONT_BODY, UI_BOLD,
		ui->th.text, UI_ALIGN_CENTER);
	y += th;
	ui_label(ui, r->summary, (struct ui_rect){c.x + pad, y, w, sh}, UI_FONT_SMALL, UI_REGULAR,
		 ui->th.muted, UI_ALIGN_CENTER);
	return hit;
}

static void page_jobs(struct app *app, struct result_state *s, struct ui *ui, struct ui_rect a)
{
	const struct visit_quiz *vq = &app->visit.quiz;
	int pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_CARD_GAP);
	int tw = a.w - 2 * pad;
	int ch = ui_text_height(ui, s->quiz->closing, tw, UI_FONT_BODY, UI_REGULAR);
	int bottom_y = a.y + a.h - pad - ui->sz.button_h;
	int cy = a.y + gap, cards_h = bottom_y - gap - ch - gap - cy;
	const struct role *shown[3];
	int n = 0;
	for (int i = 0; i < vq->nroles && i < 3; i++)
		if ((shown[n] = roles_find(app_roles(app), vq->roles[i])))
			n++;
	int cw = n ? (tw - (n - 1) * gap) / n : 0;
	cw = cw > ui_size(ui, UI_SIZE_BUTTON_W_MAX) ? ui_size(ui, UI_SIZE_BUTTON_W_MAX) : cw;
	int x = a.x + (a.w - n * cw - (n - 1) * gap) / 2, th = 0, sh = 0, w = cw - 2 * ui->sz.in;
	for (int i = 0; i < n; i++) {
		int t = ui_text_height(ui, shown[i]->title, w, UI_FONT_BODY, UI_BOLD);
		int u = ui_text_height(ui, shown[i]->summary, w, UI_FONT_SMALL, UI_REGULAR);
		th = t > th ? t : th;
		sh = u > sh ? u : sh;
	}
	for (int i = 0; i < n; i++)
		if (job_card(ui, shown[i], (struct ui_rect){x + i * (cw + gap), cy, cw, cards_h}, th, sh))
			app_goto(app, SCENE_ROLE, shown[i]->id);
	ui_label(ui, s->quiz->closing, (struct ui_rect){a.x + pad, cy + cards_h + gap, tw, ch},
		 UI_FONT_BODY, UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	int hit = bottom(ui, a, app_str(app, "quiz.result.another"),
			 app_str(app, "quiz.result.register"), UI_STYLE_ACCENT);
	if (hit == 1)
		app_goto(app, SCENE_QUIZ, NULL);
	else if (hit == 2)
		app_goto(app, SCENE_FORM, NULL);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct result_state *s = state;
	const struct quiz *q = app_quiz(app, NULL);
	if (s->loaded && q->nvalues == s->quiz->nvalues)
		s->quiz = q;	/* the language on screen */
	if (!s->loaded)
		return;	/* on the way to the quiz */
	struct ui_rect area;
	bool jobs = s->page == 1;
	const struct ui_bar bar = {
		.title = app_str(app, jobs ? "quiz.result.jobs_title" : "quiz.result.title"),
		.back = jobs ? app_str(app, "nav.back") : NULL,
		.home = app_str(app, "nav.home"),
	};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	if (jobs)
		page_jobs(app, s, ui, area);
	else
		page_values(app, s, ui, area);
	if (nav == 1)
		s->page = 0;
	else if (nav == 2)
		app_goto(app, SCENE_HOME, NULL);
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct result_state *s = state;
	(void)arg;
	const struct visit_quiz *vq = &app->visit.quiz;
	int nquiz = 0;
	s->quiz = app_quiz(app, &nquiz);
	s->loaded = app->visit.quiz_done && nquiz > 0 && s->quiz->nvalues == vq->nvalues;
	if (!s->loaded)
		app_goto(app, SCENE_QUIZ, NULL);	/* nothing to show: never a dead end */
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	struct result_state *s = state;
	if (ev->type != UI_EV_KEY || ev->key != UI_KEY_ESCAPE)
		return false;
	if (s->page == 1)
		s->page = 0;
	else
		app_goto(app, SCENE_HOME, NULL);
	return true;
}

const struct scene scene_quiz_result = {
	.name = "quiz-result",
	.state_size = sizeof(struct result_state),
	.enter = enter,
	.draw = draw,
	.key = key,
};
