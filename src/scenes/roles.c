/*
 * roles: "Explore care jobs", a gallery of role cards (picture, title, one
 * line) in a scrolling grid, with chips at the top to show only the jobs in
 * one setting. Tapping a card opens the "role" scene with the role's id.
 *
 * The grid shows whole rows only: the card height is chosen so that the
 * view holds an exact number of rows, so a card is never cut in half at
 * rest (and the layout test never sees a clipped touch target).
 */
#include "scenes/scenes.h"

#include "ui/ui_theme.h"

#define NCHIPS 5

struct chip {
	const char *key, *name;
	unsigned bit;		/* 0 = all jobs */
};

static const struct chip chips[NCHIPS] = {
	{"roles.filter.all", "filter-all", 0},
	{"roles.filter.homes", "filter-homes", ROLE_SET_HOMES},
	{"roles.filter.care_home", "filter-care-home", ROLE_SET_CARE_HOME},
	{"roles.filter.community", "filter-community", ROLE_SET_COMMUNITY},
	{"roles.filter.nights", "filter-nights", ROLE_SET_NIGHTS},
};

struct roles_state {
	unsigned filter;	/* a ROLE_SET_* bit, 0 = all */
	struct ui_scroll scroll;
};

static void draw_chips(struct app *app, struct roles_state *s, struct ui *ui, struct ui_rect *area)
{
	const char *text[NCHIPS], *name[NCHIPS];
	int on = 0, h;
	for (int i = 0; i < NCHIPS; i++) {
		text[i] = app_str(app, chips[i].key);
		name[i] = chips[i].name;
		on = s->filter == chips[i].bit ? i : on;
	}
	struct ui_chips c = {text, name, NCHIPS, on, true};
	struct ui_rect row = ui_inset(*area, ui->sz.pad_list, 0);
	row.h = ui->sz.button_h;
	int hit = ui_chips(ui, row, &c, &h);
	ui_cut_top(area, h + ui_size(ui, UI_SIZE_CHIPS_GAP));
	if (hit >= 0) {
		s->filter = chips[hit].bit;
		s->scroll = (struct ui_scroll){0};
	}
}

/* The words' column of a card cw wide: x offset and width. */
static int card_text_w(struct ui *ui, int cw, int *tx)
{
	int pad = ui_size(ui, UI_SIZE_CARD_IN);
	*tx = pad + (cw - 2 * pad) * 2 / 5 + ui->sz.gap;
	return cw - pad - *tx;
}

/* The height a card cw wide needs for its title and summary in full. */
static int card_need(struct ui *ui, const struct role *r, int cw)
{
	int tx, tw = card_text_w(ui, cw, &tx);
	return 2 * ui_size(ui, UI_SIZE_CARD_IN) + ui_size(ui, UI_SIZE_LINE_GAP) +
	       ui_text_height(ui, r->title, tw, UI_FONT_BODY, UI_BOLD) +
	       ui_text_height(ui, r->summary, tw, UI_FONT_SMALL, UI_REGULAR);
}

/* One card: the picture at the start, the title and the one-line summary
 * beside it, centred as a block. */
static bool card(struct ui *ui, const struct role *r, struct ui_rect c)
{
	bool hit = ui_card(ui, UI_BUTTON, r->title, r->id, c, ui_look(ui, ui->th.surface, ui->th.line));
	int pad = ui_size(ui, UI_SIZE_CARD_IN), tx, tw = card_text_w(ui, c.w, &tx);
	struct ui_rect in = ui_inset(c, pad, pad);
	ui_image(ui, r->image, r->title, ui_cut_start(ui, &in, (c.w - 2 * pad) * 2 / 5));
	struct ui_rect words = ui_cut_end(ui, &in, tw);
	int between = ui_size(ui, UI_SIZE_LINE_GAP), room = in.h - between;
	/* A long title and summary (editable content) share the card: the
	 * title steps down to the small font before anything spills. */
	enum ui_font tf = UI_FONT_BODY;
	int sh = ui_text_height(ui, r->summary, tw, UI_FONT_SMALL, UI_REGULAR);
	int th = ui_text_height(ui, r->title, tw, tf, UI_BOLD);
	if (th + sh > room) {
		tf = UI_FONT_SMALL;
		th = ui_text_height(ui, r->title, tw, tf, UI_BOLD);
	}
	int top = (words.h - th - between - sh) / 2;
	ui_cut_top(&words, top > 0 ? top : 0);
	ui_label(ui, r->title, ui_cut_top(&words, th), tf, UI_BOLD, ui->th.text, UI_ALIGN_LEFT);
	ui_cut_top(&words, between);
	ui_label(ui, r->summary, words, UI_FONT_SMALL, UI_REGULAR, ui->th.muted, UI_ALIGN_LEFT);
	return hit;
}

static void draw_grid(struct app *app, struct roles_state *s, struct ui *ui, struct ui_rect view)
{
	const struct roles *roles = app_roles(app);
	int pad = ui->sz.pad_list, gap = ui->sz.gap;
	int cols = (view.w - 2 * pad) / ui_size(ui, UI_SIZE_ROLE_CARD_W);
	cols = cols < 2 ? 2 : cols;
	int rows_seen = view.h / ui_size(ui, UI_SIZE_ROLE_CARD_H);
	rows_seen = rows_seen < 1 ? 1 : rows_seen;
	int cw = (view.w - 2 * pad - (cols - 1) * gap) / cols, ch = view.h / rows_seen - gap;
	/* Cards grow to hold their words (larger text), and the grid scrolls. */
	for (size_t i = 0; i < roles->n; i++) {
		int need = card_need(ui, &roles->v[i], cw);
		ch = need > ch ? need : ch;
	}
	struct ui_rect in = ui_inset(ui_scroll_begin(ui, &s->scroll, view), pad, 0);
	int k = 0;
	for (size_t i = 0; i < roles->n; i++) {
		const struct role *r = &roles->v[i];
		if (s->filter && !(r->settings & s->filter))
			continue;
		if (card(ui, r, ui_cell(ui, in, cols, gap, ch, k++)))
			app_goto(app, SCENE_ROLE, r->id);
	}
	struct ui_rect none = ui_inset(view, pad, 0);
	none.h = ch;
	if (!k)
		ui_label(ui, app_str(app, "roles.none"), none, UI_FONT_LARGE, UI_REGULAR, ui->th.text,
			 UI_ALIGN_CENTER);
	ui_scroll_end(ui, ((k + cols - 1) / cols) * (ch + gap));
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct roles_state *s = state;
	struct ui_rect area;
	const struct ui_bar bar = {.title = app_str(app, "roles.title"),
				   .back = app_str(app, "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	ui_cut_top(&area, ui_size(ui, UI_SIZE_CHIPS_GAP));
	draw_chips(app, s, ui, &area);
	draw_grid(app, s, ui, area);
	if (nav)
		app_goto(app, SCENE_HOME, NULL);
}

const struct scene scene_roles = {
	.name = "roles",
	.state_size = sizeof(struct roles_state),
	.draw = draw,
};
