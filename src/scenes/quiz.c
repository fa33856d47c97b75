/*
 * quiz: "Try the care quiz". The visitor picks a care worker (big cards:
 * picture, name, job, one line), then for each scene sees its picture
 * with the narration beside it, answers its questions one a screen (big
 * option buttons), and after each answer reads kind feedback on its own
 * screen. A progress bar runs all the way through; Stop (back to the
 * choice) and Home work at any time and keep nothing.
 *
 * The answers live only in this scene's state, which the app wipes on
 * leave. At the end the profile (never the answers) goes into
 * app->visit.quiz and a short summary into app->visit.quiz_summary, and
 * the visitor moves on to "quiz-result". The quiz content is the app's
 * bundle's (loaded and checked at start).
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include "content/quiz.h"

#include <stdio.h>
#include <string.h>

enum step { ST_CHOOSE, ST_SCENE, ST_QUESTION, ST_FEEDBACK };

struct quiz_state {
	const struct quiz *quiz;	/* the app's bundle */
	bool loaded;
	const struct quiz_character *c;	/* NULL while choosing */
	enum step step;
	size_t k;			/* the current question, counted straight through */
	size_t scene;
	int answers[QUIZ_MAX_ANSWERS];
};

_Static_assert(sizeof((struct visit_quiz *)0)->score == QUIZ_MAX_VALUES, "visit.quiz.score");
_Static_assert(sizeof((struct visit_quiz *)0)->roles / sizeof((struct visit_quiz *)0)->roles[0] ==
		       QUIZ_MAX_SUGGEST,
	       "visit.quiz.roles");

static void start(struct quiz_state *s, const struct quiz_character *c)
{
	s->c = c;
	s->step = ST_SCENE;
	s->k = s->scene = 0;
	memset(s->answers, 0, sizeof s->answers);
}

/* Forgets every answer and shows the choice again. */
static void stop(struct quiz_state *s)
{
	s->c = NULL;
	s->step = ST_CHOOSE;
	s->k = s->scene = 0;
	memset(s->answers, 0, sizeof s->answers);
}

/* The profile into the visit, then on to the result. */
static void finish(struct app *app, struct quiz_state *s)
{
	struct quiz_profile p;
	if (quiz_profile(s->quiz, s->c, s->answers, s->c->nquestions, &p) != 0) {
		stop(s);
		return;
	}
	struct visit_quiz *vq = &app->visit.quiz;
	memset(vq, 0, sizeof *vq);
	snprintf(vq->character, sizeof vq->character, "%s", s->c->id);
	vq->nvalues = (unsigned char)p.nvalues;
	for (size_t v = 0; v < p.nvalues; v++)
		vq->score[v] = (unsigned char)p.score[v];
	vq->strong[0] = (signed char)p.strong[0];
	vq->strong[1] = (signed char)p.strong[1];
	vq->weak = (signed char)p.weak;
	vq->nroles = (unsigned char)p.nroles;
	for (size_t r = 0; r < p.nroles; r++)
		snprintf(vq->roles[r], sizeof vq->roles[r], "%s", p.roles[r]);
	const char *const kv[][2] = {{"name", s->c->name},
				     {"value1", s->quiz->values[p.strong[0]].name},
				     {"value2", s->quiz->values[p.strong[1]].name}};
	strtab_fill(app->visit.quiz_summary, sizeof app->visit.quiz_summary, app_str(app, "quiz.summary"), kv,
	      3);
	app->visit.quiz_done = true;
	app_count(app, "quiz.finish", s->c->id);
	app_goto(app, SCENE_QUIZ_RESULT, NULL);
}

static void next(struct app *app, struct quiz_state *s)
{
	if (s->step == ST_SCENE) {
		s->step = ST_QUESTION;
	} else if (s->step == ST_FEEDBACK) {
		size_t scene = s->scene;
		if (++s->k >= s->c->nquestions) {
			finish(app, s);
			return;
		}
		quiz_question_at(s->c, s->k, &scene);
		s->step = scene != s->scene ? ST_SCENE : ST_QUESTION;
		s->scene = scene;
	}
	app->ui.dirty = true;
}

/* ---- drawing ---- */

/* A card for one character: picture on the left, name, job and line. */
static bool card(struct app *app, struct ui *ui, const struct quiz_character *c, struct ui_rect r)
{
	struct ui_look look = ui_look(ui, ui->th.surface, ui->th.line);
	look.radius = ui->sz.radius_tile;
	bool hit = ui_card(ui, UI_BUTTON, c->name, c->id, r, look);
	int pad = ui->sz.in, pic = r.h - 2 * pad;
	pic = pic > r.w * 2 / 5 ? r.w * 2 / 5 : pic;
	ui_image(ui, c->image, c->name, (struct ui_rect){r.x + pad, r.y + (r.h - pic) / 2, pic, pic});
	int tx = r.x + 2 * pad + pic, tw = r.x + r.w - pad - tx;
	const struct role *role = roles_find(app_roles(app), c->role);
	const char *job = role ? role->title : "";
	enum ui_font lf = UI_FONT_BODY;
	int nh = ui_text_height(ui, c->name, tw, UI_FONT_TITLE, UI_BOLD);
	int jh = ui_text_height(ui, job, tw, UI_FONT_SMALL, UI_BOLD);
	int lh = ui_text_height(ui, c->line, tw, lf, UI_REGULAR);
	if (nh + jh + lh + 2 * pad > r.h) {
		lf = UI_FONT_SMALL;
		lh = ui_text_height(ui, c->line, tw, lf, UI_REGULAR);
	}
	int gap = ui_size(ui, UI_SIZE_NUDGE), y = r.y + (r.h - nh - jh - lh - 2 * gap) / 2;
	y += ui_label(ui, c->name, (struct ui_rect){tx, y, tw, 0}, UI_FONT_TITLE, UI_BOLD,
		      ui->th.text, UI_ALIGN_LEFT) + gap;
	y += ui_label(ui, job, (struct ui_rect){tx, y, tw, 0}, UI_FONT_SMALL, UI_BOLD,
		      ui->th.primary, UI_ALIGN_LEFT) + gap;
	ui_label(ui, c->line, (struct ui_rect){tx, y, tw, 0}, lf, UI_REGULAR, ui->th.muted,
		 UI_ALIGN_LEFT);
	return hit;
}

static void draw_choose(struct app *app, struct quiz_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui->sz.pad, gap = ui->sz.gap, row = ui->sz.button_h;
	struct ui_rect intro = {a.x + pad, a.y + ui->sz.gap_small, a.w - 2 * pad, row};
	if (app->visit.quiz_done) {
		const char *again = app_str(app, "quiz.choose.again");
		int bw = ui_text_width(ui, again, UI_FONT_LARGE, UI_BOLD) + ui_size(ui, UI_SIZE_BUTTON_AIR);
		intro.w -= bw + gap;
		if (ui_button_named(ui, again, "results",
				    (struct ui_rect){intro.x + intro.w + gap, intro.y, bw, row},
				    UI_STYLE_SECONDARY, NULL))
			app_goto(app, SCENE_QUIZ_RESULT, NULL);
	}
	/* Two lines in larger text: the cards below give up the room. */
	const char *words = app_str(app, "quiz.choose.intro");
	int ih = ui_text_height(ui, words, intro.w, UI_FONT_BODY, UI_REGULAR);
	intro.h = ih > row ? ih : row;
	ui_label(ui, words, intro, UI_FONT_BODY, UI_REGULAR, ui->th.text,
		 app->visit.quiz_done ? UI_ALIGN_LEFT : UI_ALIGN_CENTER);
	int n = (int)s->quiz->nchars, cols = n <= 4 ? 2 : 3, rows = (n + cols - 1) / cols;
	int top = intro.y + intro.h + gap, h = a.y + a.h - pad - top;
	int cw = (a.w - 2 * pad - (cols - 1) * gap) / cols, ch = (h - (rows - 1) * gap) / rows;
	for (int i = 0; i < n; i++) {
		struct ui_rect r = {a.x + pad + (i % cols) * (cw + gap), top + (i / cols) * (ch + gap), cw,
				    ch};
		if (card(app, ui, &s->quiz->chars[i], r)) {
			start(s, &s->quiz->chars[i]);
			app_count(app, "quiz.start", s->quiz->chars[i].id);
			app_count_once(app, "visit.quiz", NULL);
		}
	}
}

/* The bar under the top bar: how many questions are answered. */
static int draw_progress(struct app *app, struct quiz_state *s, struct ui *ui, struct ui_rect a)
{
	size_t done = s->k + (s->step == ST_FEEDBACK), total = s->c->nquestions;
	char d[16], t[16], text[128];
	snprintf(d, sizeof d, "%zu", done);
	snprintf(t, sizeof t, "%zu", total);
	const char *const kv[][2] = {{"done", d}, {"total", t}};
	strtab_fill(text, sizeof text, app_str(app, "quiz.progress"), kv, 2);
	int pad = ui->sz.pad, h = ui_size(ui, UI_SIZE_PROGRESS_ROW), bh = ui->sz.in, y = a.y + ui_size(ui, UI_SIZE_ROW_GAP);
	int tw = ui_text_width(ui, text, UI_FONT_SMALL, UI_BOLD);
	struct ui_rect bar = {a.x + pad, y + (h - bh) / 2, a.w - 3 * pad - tw, bh};
	const struct ui_progress p = {(int)done, (int)total, ui->th.line, ui->th.primary, text,
				      "progress", false};
	ui_progress(ui, bar, &p);
	ui_text(ui, text, (struct ui_rect){bar.x + bar.w + pad, y, tw + 1, h}, UI_FONT_SMALL,
		UI_BOLD, ui->th.muted, UI_ALIGN_RIGHT);
	return ui_size(ui, UI_SIZE_ROW_GAP) + h;
}

/* Lines stacked as paragraphs in the first font that fits in h. */
static void paragraphs(struct ui *ui, char *const *lines, size_t n, struct ui_rect r)
{
	static const enum ui_font fonts[] = {UI_FONT_LARGE, UI_FONT_BODY, UI_FONT_SMALL};
	int gap = ui_size(ui, UI_SIZE_LINE_GAP), total = 0;
	enum ui_font f = UI_FONT_SMALL;
	for (size_t k = 0; k < 3; k++) {
		f = fonts[k];
		total = 0;
		for (size_t i = 0; i < n; i++)
			total += ui_text_height(ui, lines[i], r.w, f, UI_REGULAR) + (i ? gap : 0);
		if (total <= r.h)
			break;
	}
	int y = r.y + (r.h > total ? (r.h - total) / 2 : 0);
	for (size_t i = 0; i < n; i++)
		y += ui_label(ui, lines[i], (struct ui_rect){r.x, y, r.w, 0}, f, UI_REGULAR,
			      ui->th.text, UI_ALIGN_LEFT) + gap;
}

/* The bottom row: an optional note on the left, one button on the right. */
static bool bottom(struct ui *ui, struct ui_rect a, const char *note, const char *label)
{
	int pad = ui->sz.pad, bh = ui->sz.button_h;
	int bw = ui_text_width(ui, label, UI_FONT_LARGE, UI_BOLD) + ui_size(ui, UI_SIZE_BUTTON_AIR_WIDE);
	struct ui_rect b = {a.x + a.w - pad - bw, a.y + a.h - pad - bh, bw, bh};
	if (note)
		ui_label(ui, note, (struct ui_rect){a.x + pad, b.y, b.x - a.x - 2 * pad, bh}, UI_FONT_BODY,
			 UI_BOLD, ui->th.muted, UI_ALIGN_LEFT);
	return ui_button_named(ui, label, "next", b, UI_STYLE_PRIMARY, NULL);
}

static void draw_scene(struct app *app, struct quiz_state *s, struct ui *ui, struct ui_rect a)
{
	const struct quiz_scene *sc = &s->c->scenes[s->scene];
	int pad = ui->sz.pad, gap = ui->sz.pad;
	int bottom_h = ui->sz.button_h + 2 * pad;
	struct ui_rect body = {a.x + pad, a.y, a.w - 2 * pad, a.h - bottom_h};
	int pw = body.w * 13 / 25, ph = pw * 9 / 16;
	if (ph > body.h) {
		ph = body.h;
		pw = ph * 16 / 9;
	}
	ui_image(ui, sc->image, sc->line[0], (struct ui_rect){body.x, body.y + (body.h - ph) / 2, pw, ph});
	struct ui_rect cap = {body.x + pw + gap, body.y, body.w - pw - gap, body.h};
	ui_frame(ui, cap, (struct ui_look){.fill = ui->th.surface, .radius = ui->sz.radius_card});
	ui_frame(ui, (struct ui_rect){cap.x, cap.y, ui->sz.gap_small, cap.h},
		 (struct ui_look){.fill = ui->th.accent, .radius = ui_size(ui, UI_SIZE_NUDGE)});
	int in = ui->sz.in;
	paragraphs(ui, sc->line, sc->nlines,
		   (struct ui_rect){cap.x + in + ui_size(ui, UI_SIZE_LINE_GAP), cap.y + in, cap.w - 2 * in - ui_size(ui, UI_SIZE_LINE_GAP),
				    cap.h - 2 * in});
	char p[16], ps[16], note[128];
	snprintf(p, sizeof p, "%zu", s->scene + 1);
	snprintf(ps, sizeof ps, "%zu", s->c->nscenes);
	const char *const kv[][2] = {{"part", p}, {"parts", ps}};
	strtab_fill(note, sizeof note, app_str(app, "quiz.part"), kv, 2);
	if (bottom(ui, a, note, app_str(app, "quiz.to_questions")))
		next(app, s);
}

/* The scene's picture small, and the question beside it. */
static int question_head(struct ui *ui, const struct quiz_scene *sc, const char *text,
			 struct ui_rect a)
{
	int pad = ui->sz.pad, tw = ui_size(ui, UI_SIZE_THUMB_W), th = tw * 9 / 16, gap = ui_size(ui, UI_SIZE_CARD_GAP);
	ui_image(ui, sc->image, sc->line[0], (struct ui_rect){a.x + pad, a.y, tw, th});
	int x = a.x + pad + tw + gap, w = a.x + a.w - pad - x;
	int h = ui_text_height(ui, text, w, UI_FONT_LARGE, UI_BOLD);
	h = h > th ? h : th;
	ui_label(ui, text, (struct ui_rect){x, a.y, w, h}, UI_FONT_LARGE, UI_BOLD, ui->th.text,
		 UI_ALIGN_LEFT);
	return h;
}

static void draw_question(struct quiz_state *s, struct ui *ui, struct ui_rect a)
{
	size_t si;
	const struct quiz_question *q = quiz_question_at(s->c, s->k, &si);
	int pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_ROW_GAP);
	int y = a.y + question_head(ui, &s->c->scenes[si], q->text, a) + ui_size(ui, UI_SIZE_CARD_GAP);
	int n = (int)q->nopt, avail = a.y + a.h - pad - y;
	int h = (avail - (n - 1) * gap) / n;
	h = h > ui_size(ui, UI_SIZE_OPTION_H) ? ui_size(ui, UI_SIZE_OPTION_H) : h;
	for (int i = 0; i < n; i++) {
		struct ui_rect r = {a.x + pad, y + i * (h + gap), a.w - 2 * pad, h};
		if (ui_choice(ui, UI_CHOICE_OPTION, q->opt[i].text, NULL, r, false)) {
			s->answers[s->k] = i;
			s->step = ST_FEEDBACK;
		}
	}
}

static void draw_feedback(struct app *app, struct quiz_state *s, struct ui *ui, struct ui_rect a)
{
	const struct quiz_question *q = quiz_question_at(s->c, s->k, NULL);
	const struct quiz_option *o = &q->opt[s->answers[s->k]];
	int pad = ui->sz.pad, in = ui_size(ui, UI_SIZE_PANEL_IN), w = a.w - 2 * pad;
	const char *chose = app_str(app, "quiz.you_chose");
	int ch = ui_text_height(ui, chose, w - 2 * in, UI_FONT_SMALL, UI_BOLD);
	int oh = ui_text_height(ui, o->text, w - 2 * in, UI_FONT_BODY, UI_BOLD);
	struct ui_rect top = {a.x + pad, a.y, w, ch + oh + 2 * in};
	ui_frame(ui, top, (struct ui_look){.fill = ui->th.line, .radius = ui->sz.radius});
	ui_label(ui, chose, (struct ui_rect){top.x + in, top.y + in, w - 2 * in, ch}, UI_FONT_SMALL,
		 UI_BOLD, ui->th.muted, UI_ALIGN_LEFT);
	ui_label(ui, o->text, (struct ui_rect){top.x + in, top.y + in + ch, w - 2 * in, oh},
		 UI_FONT_BODY, UI_BOLD, ui->th.text, UI_ALIGN_LEFT);
	int y = top.y + top.h + ui->sz.gap;
	struct ui_rect fb = {a.x + pad, y, w, a.y + a.h - ui->sz.button_h - 2 * pad - y};
	ui_frame(ui, fb, ui_look(ui, ui->th.surface, ui->th.primary));
	int is = ui_size(ui, UI_SIZE_BIG_ICON);
	/* The character says it: a face, not a mark out of ten. */
	ui_image(ui, s->c->image, s->c->name, (struct ui_rect){fb.x + in, fb.y + (fb.h - is) / 2, is, is});
	char *lines[1] = {o->feedback};
	paragraphs(ui, lines, 1,
		   (struct ui_rect){fb.x + 2 * in + is, fb.y + in, fb.w - 3 * in - is, fb.h - 2 * in});
	bool last = s->k + 1 >= s->c->nquestions;
	if (bottom(ui, a, NULL, app_str(app, last ? "quiz.finish" : "quiz.next")))
		next(app, s);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct quiz_state *s = state;
	/* The language on screen: the same quiz, by ids, in its words. */
	const struct quiz *q = app_quiz(app, NULL);
	if (q != s->quiz && s->loaded) {
		const struct quiz_character *c = s->c ? quiz_find(q, s->c->id) : NULL;
		if (!s->c || (c && c->nquestions == s->c->nquestions)) {
			s->quiz = q;
			s->c = c;
		}
	}
	struct ui_rect area;
	char title[128];
	const char *const kv[][2] = {{"name", s->c ? s->c->name : ""}};
	strtab_fill(title, sizeof title, app_str(app, s->c ? "quiz.day_title" : "quiz.choose.title"), kv, 1);
	const struct ui_bar bar = {.title = title,
				   .back = app_str(app, s->c ? "quiz.stop" : "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	if (!s->loaded) {
		int pad = ui_size(ui, UI_SIZE_WIDE_PAD);
		ui_label(ui, app_str(app, "quiz.unavailable"),
			 (struct ui_rect){area.x + pad, area.y + pad, area.w - 2 * pad, area.h / 2},
			 UI_FONT_LARGE, UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	} else if (!s->c) {
		draw_choose(app, s, ui, area);
	} else {
		int ph = draw_progress(app, s, ui, area) + ui->sz.gap;
		struct ui_rect a = {area.x, area.y + ph, area.w, area.h - ph};
		if (s->step == ST_SCENE)
			draw_scene(app, s, ui, a);
		else if (s->step == ST_QUESTION)
			draw_question(s, ui, a);
		else
			draw_feedback(app, s, ui, a);
	}
	if (nav == 2 || (nav == 1 && !s->c))
		app_goto(app, SCENE_HOME, NULL);
	else if (nav == 1)
		stop(s);
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct quiz_state *s = state;
	(void)arg;
	int nquiz = 0;
	s->quiz = app_quiz(app, &nquiz);
	s->loaded = nquiz > 0;
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	struct quiz_state *s = state;
	if (ev->type != UI_EV_KEY || ev->key != UI_KEY_ESCAPE)
		return false;
	if (s->c)
		stop(s);
	else
		app_goto(app, SCENE_HOME, NULL);
	return true;
}

const struct scene scene_quiz = {
	.name = "quiz",
	.state_size = sizeof(struct quiz_state),
	.enter = enter,
	.draw = draw,
	.key = key,
};
