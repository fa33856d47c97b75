/*
 * app_lang.c: the language on screen (app.h). The bundle holds every
 * language (content/lang.h); the app shows one at a time: its words, its
 * direction, its keyboards and its read-aloud voice. A visitor's choice
 * lasts for the visit; the idle reset, the end of a visit and staff mode
 * go back to kiosk.json's "language".
 */
#include "app.h"

#include "platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Keyboards: the ui form of each language's layouts ---- */

static bool kb_build(const struct form_keyboards *k, struct app_kb *out)
{
	size_t nrows = 0, nkeys = 0;
	for (size_t l = 0; l < k->nlayouts; l++) {
		nrows += k->layouts[l].nrows;
		for (size_t r = 0; r < k->layouts[l].nrows; r++)
			nkeys += k->layouts[l].rows[r].n;
	}
	size_t bytes = k->nlayouts * sizeof(struct ui_kb_layout) + nrows * sizeof(struct ui_kb_row) +
		       nkeys * sizeof(struct ui_kb_key) + k->naccents * sizeof(struct ui_kb_accent);
	char *mem = calloc(1, bytes ? bytes : 1);
	if (!mem)
		return false;
	struct ui_kb_layout *lay = (struct ui_kb_layout *)mem;
	struct ui_kb_row *row = (struct ui_kb_row *)(lay + k->nlayouts);
	struct ui_kb_key *key = (struct ui_kb_key *)(row + nrows);
	struct ui_kb_accent *acc = (struct ui_kb_accent *)(key + nkeys);
	static const enum ui_kb_action act[] = {
		[FORM_KB_CHAR] = UI_KB_CHAR,	       [FORM_KB_SHIFT] = UI_KB_SHIFT,
		[FORM_KB_BACKSPACE] = UI_KB_BACKSPACE, [FORM_KB_LAYOUT] = UI_KB_LAYOUT,
		[FORM_KB_DONE] = UI_KB_DONE,
	};
	out->set = (struct ui_kb_set){lay, k->nlayouts, acc, k->naccents};
	for (size_t l = 0; l < k->nlayouts; l++) {
		const struct form_kb_layout *fl = &k->layouts[l];
		lay[l] = (struct ui_kb_layout){fl->id, row, fl->nrows};
		for (size_t r = 0; r < fl->nrows; r++) {
			*row++ = (struct ui_kb_row){key, fl->rows[r].n};
			for (size_t i = 0; i < fl->rows[r].n; i++) {
				const struct form_kb_key *fk = &fl->rows[r].keys[i];
				*key++ = (struct ui_kb_key){fk->label, fk->text, act[fk->action], fk->to,
							    fk->icon, fk->width};
			}
		}
	}
	for (size_t a = 0; a < k->naccents; a++)
		acc[a] = (struct ui_kb_accent){k->accents[a].base,
					       (const char *const *)k->accents[a].alts.v,
					       k->accents[a].alts.n};
	out->mem = mem;
	return true;
}

void app_lang_free(struct app *app)
{
	for (size_t i = 0; app->kb && i < app->nkb; i++)
		free(app->kb[i].mem);
	free(app->kb);
	app->kb = NULL;
	app->nkb = 0;
}

/* One log line for each language read-aloud cannot speak. */
static void note_voices(const struct app *app)
{
	const struct bundle *b = &app->content;
	for (size_t i = 0; i < b->nlangs; i++) {
		const struct lang_info *in = &b->langs[i].info;
		if (!in->voice || !*in->voice)
			fprintf(stderr,
				"carekiosk: no Listen button in %s (%s): lang/%s/language.json names no "
				"espeak-ng voice\n",
				in->english_name, in->code, in->code);
	}
}

bool app_lang_build(struct app *app)
{
	app_lang_free(app);
	const struct bundle *b = &app->content;
	app->kb = calloc(b->nlangs ? b->nlangs : 1, sizeof *app->kb);
	if (!app->kb)
		return false;
	app->nkb = b->nlangs;
	for (size_t i = 0; i < b->nlangs; i++)
		if (!kb_build(bundle_lang_keyboards(b, (int)i), &app->kb[i]))
			return false;
	app->lang = b->deflang;
	note_voices(app);
	return true;
}

/* ---- The language on screen ---- */

int app_lang(const struct app *app)
{
	return app->lang;
}

const struct lang_info *app_lang_info(const struct app *app, int i)
{
	const struct lang *l = bundle_lang(&app->content, i);
	return l ? &l->info : NULL;
}

size_t app_lang_count(const struct app *app)
{
	return app->content.nlangs;
}

const char *app_str(const struct app *app, const char *key)
{
	return bundle_lang_str(&app->content, app->lang, key);
}

const struct roles *app_roles(const struct app *app)
{
	return bundle_lang_roles(&app->content, app->lang);
}

const struct quiz *app_quiz(const struct app *app, int *nquiz)
{
	return bundle_lang_quiz(&app->content, app->lang, nquiz);
}

const struct form_content *app_form(const struct app *app)
{
	return bundle_lang_form(&app->content, app->lang);
}

const struct ui_kb_set *app_kbset(const struct app *app)
{
	static const struct ui_kb_set none = {0};
	if (!app->kb || app->lang < 0 || (size_t)app->lang >= app->nkb)
		return &none;
	return &app->kb[app->lang].set;
}

/* read_aloud.command with its "-v VOICE" set to voice (added when the
 * command has none). */
static void voice_command(const char *cmd, const char *voice, char *out, size_t n)
{
	out[0] = '\0';
	size_t o = 0;
	bool set = false, skip = false;
	char buf[512];
	snprintf(buf, sizeof buf, "%s", cmd ? cmd : "");
	for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		const char *put = w;
		if (skip) {
			put = voice;
			skip = false;
			set = true;
		} else if (!strcmp(w, "-v")) {
			skip = true;
		}
		o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? " " : "", put);
	}
	if (!set && o)
		snprintf(out + o, o < n ? n - o : 0, " -v %s", voice);
}

static void apply_voice(struct app *app, const struct lang_info *in)
{
	speech_close(&app->speech);
	const char *cmd = app->content.cfg.read_aloud_command;
	if (!cmd || !*cmd || !in->voice || !*in->voice)
		return;	/* no Listen button (app_lang_build said why) */
	char full[600];
	voice_command(cmd, in->voice, full, sizeof full);
	enum speech_err e = speech_open(&app->speech, full);
	if (e != SPEECH_OK && e != SPEECH_OFF)
		fprintf(stderr, "carekiosk: no Listen button: %s (read_aloud.command \"%s\" in kiosk.json)\n",
			speech_strerror(e), cmd);
}

/* A font file language.json names, unless it is Noto Sans (always loaded
 * as the base font: naming it again would load it twice). */
static const char *own_font(const char *name)
{
	if (!name || !*name || !strcmp(name, "NotoSans-Regular.ttf") ||
	    !strcmp(name, "NotoSans-Bold.ttf"))
		return NULL;
	return name;
}

/* The language's text style (direction, script, fonts, line height) for the
 * text engine; the ui mirrors its widgets (bars, grids, fields) with it. A
 * left-to-right language in Noto Sans is the default style. */
static void apply_text_style(struct app *app, const struct lang_info *in)
{
	const struct pf_text_style st = {
		.rtl = in->rtl,
		.script = in->script && *in->script ? in->script : NULL,
		.font_regular = own_font(in->font_regular),
		.font_bold = own_font(in->font_bold),
		.line_height = (float)in->line_height,
	};
	bool plain = !st.rtl && !st.font_regular && !st.font_bold && in->line_height <= 1.0;
	app_set_text_style(app, plain ? NULL : &st);
}

void app_set_lang(struct app *app, int i)
{
	const struct lang *l = bundle_lang(&app->content, i);
	if (!l)
		return;
	i = (int)(l - app->content.langs);
	bool changed = i != app->lang || !app->lang_applied;
	app->lang = i;
	app->lang_applied = true;
	app->lang_picker = false;
	app->ui.dirty = true;
	if (!changed)
		return;
	apply_text_style(app, &l->info);
	apply_voice(app, &l->info);
}

void app_lang_default(struct app *app)
{
	app_set_lang(app, app->content.deflang);
}

/* ---- Dates in the language's words and order ---- */

void app_date(const struct app *app, int y, int m, int d, char *out, size_t n)
{
	if (m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(out, n, "%d-%02d-%02d", y, m, d);
		return;
	}
	char key[40], day[8], year[8];
	snprintf(key, sizeof key, "courses.month_in_date.%d", m);
	const struct lang *l = bundle_lang(&app->content, app->lang);
	const char *month = l && !l->base ? strtab_find(&l->str, key) : NULL;
	snprintf(key, sizeof key, "courses.month.%d", m);
	if (!month)
		month = app_str(app, key);
	snprintf(key, sizeof key, "courses.day.%d", courses_weekday(y, m, d));
	snprintf(day, sizeof day, "%d", d);
	snprintf(year, sizeof year, "%d", y);
	const char *const kv[][2] = {
		{"weekday", app_str(app, key)}, {"day", day}, {"month", month}, {"year", year}};
	strtab_fill(out, n, app_str(app, "courses.date"), kv, 4);
}

void app_course_when(const struct app *app, const struct course *c, char *out, size_t n)
{
	char date[128], end[16] = "";
	app_date(app, c->year, c->month, c->day, date, sizeof date);
	if (c->end_min >= 0)
		snprintf(end, sizeof end, "-%02d:%02d", c->end_min / 60 % 100, c->end_min % 60);
	/* Right to left, a left-to-right mark before the times keeps
	 * "09:30-15:00" in that order (after Arabic letters, digits are
	 * Arabic numbers and the hyphen would split them into two runs). */
	const char *lrm = bundle_lang(&app->content, app->lang)->info.rtl ? "\xE2\x80\x8E" : "";
	snprintf(out, n, "%s, %s%02d:%02d%s", date, lrm, c->start_min / 60 % 100, c->start_min % 60,
		 end);
}

void app_day_names(const struct app *app, const char *days[7], const char *months[12])
{
	char key[40];
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof key, "courses.day.%d", i);
		days[i] = app_str(app, key);
	}
	for (int i = 0; i < 12; i++) {
		snprintf(key, sizeof key, "courses.month.%d", i + 1);
		months[i] = app_str(app, key);
	}
}

/* ---- The picker ---- */

bool app_lang_row(struct app *app, struct ui *ui, struct ui_rect r)
{
	const struct bundle *b = &app->content;
	int n = (int)b->nlangs, gap = ui->sz.gap;
	if (n < 2)
		return false;
	int bw = (r.w - (n - 1) * gap) / n;
	bool chosen = false;
	for (int k = 0; k < n; k++) {
		/* In the reading order of the screen: mirrored in right to left. */
		int i = ui->rtl ? n - 1 - k : k;
		const struct lang_info *in = &b->langs[i].info;
		char name[24];
		snprintf(name, sizeof name, "lang-%s", in->code);
		struct ui_rect br = {r.x + k * (bw + gap), r.y, bw, r.h};
		enum ui_style st = i == app->lang ? UI_STYLE_ACCENT : UI_STYLE_PRIMARY;
		if (ui_button_named(ui, in->name, name, br, st, NULL)) {
			app_set_lang(app, i);
			if (app->scene_id != SCENE_ATTRACT)	/* else the visit's start counts it */
				app_count_once(app, "visit.lang", in->code);
			chosen = true;
		}
	}
	return chosen;
}

void app_lang_picker(struct app *app, struct ui *ui)
{
	ui_modal_begin(ui);
	int pad = ui->sz.pad, bh = ui->sz.button_h;
	int w = ui->w - 2 * pad;
	const char *title = app_str(app, "language.title");
	int th = ui_text_height(ui, title, w - 2 * pad, UI_FONT_TITLE, UI_BOLD);
	int h = pad + th + pad + bh + pad + bh + pad + bh + pad;
	struct ui_rect box = {pad, (ui->h - h) / 2, w, h};
	ui_panel(ui, box, ui->th.surface);
	int y = box.y + pad;
	ui_label(ui, title, (struct ui_rect){box.x + pad, y, w - 2 * pad, th}, UI_FONT_TITLE, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	y += th + pad;
	app_lang_row(app, ui, (struct ui_rect){box.x + pad, y, w - 2 * pad, bh});
	y += bh + pad;
	/* Larger text and high contrast, for this visit. */
	int sw = (w - 3 * pad) / 2;
	struct ui_rect lt = {box.x + pad, y, sw, bh}, hc = {box.x + 2 * pad + sw, y, sw, bh};
	if (ui->rtl) {
		struct ui_rect t = lt;
		lt = hc;
		hc = t;
	}
	if (ui_choice(ui, UI_CHOICE_CHECK, app_str(app, "access.larger"), "access-larger", lt,
		      app->larger_text))
		app_set_access(app, !app->larger_text, app->high_contrast);
	if (ui_choice(ui, UI_CHOICE_CHECK, app_str(app, "access.contrast"), "access-contrast", hc,
		      app->high_contrast))
		app_set_access(app, app->larger_text, !app->high_contrast);
	y += bh + pad;
	int cw = w / 3;
	if (ui_button_named(ui, app_str(app, "nav.back"), "lang-close",
			    (struct ui_rect){box.x + (w - cw) / 2, y, cw, bh}, UI_STYLE_SECONDARY, NULL))
		app->lang_picker = false;
}
