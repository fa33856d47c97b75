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

#include <string.h>

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

/* The widest word of text: a chip never gets narrower than that. */
static int widest_word(struct ui *ui, const char *text, enum ui_font f)
{
	int best = 0;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");
		int w = ui_text_width_n(ui, p, n, f, UI_BOLD);
		best = w > best ? w : best;
		p += n + (p[n] == ' ');
	}
	return best;
}

/* Chips share the row in proportion to their words, so short ones stay
 * short and long ones wrap as little as possible, but no word breaks. */
static int draw_chips(struct app *app, struct roles_state *s, struct ui *ui, struct ui_rect row)
{
	int gap = ui_u(ui, 8), pad = ui_u(ui, 28), tw[NCHIPS], mw[NCHIPS], sum = 0, msum = 0;
	int free_w = row.w - gap * (NCHIPS - 1);
	/* Measured in the chip's font, or in the small one it steps down to
	 * when the words do not fit a row (larger text). */
	for (enum ui_font f = UI_FONT_BODY; f >= UI_FONT_SMALL && (msum == 0 || msum >= free_w);
	     f--) {
		sum = msum = 0;
		for (int i = 0; i < NCHIPS; i++) {
			const char *t = app_str(app, chips[i].key);
			tw[i] = ui_text_width(ui, t, f, UI_BOLD) + pad;
			mw[i] = widest_word(ui, t, f) + pad;
			sum += tw[i];
			msum += mw[i];
		}
		if (f == UI_FONT_SMALL)
			break;
	}
	int x = row.x;
	for (int i = 0; i < NCHIPS; i++) {
		int w = sum <= free_w	 ? tw[i] + (free_w - sum) / NCHIPS
			: msum < free_w && sum > msum
				? mw[i] + (tw[i] - mw[i]) * (free_w - msum) / (sum - msum)
				: tw[i] * free_w / sum;
		if (i == NCHIPS - 1)
			w = row.x + row.w - x;
		struct ui_rect r = {x, row.y, w, row.h};
		bool on = s->filter == chips[i].bit;
		if (ui_chip(ui, UI_BUTTON, app_str(app, chips[i].key), chips[i].name, r, on) && !on) {
			s->filter = chips[i].bit;
			s->scroll = (struct ui_scroll){0};
		}
		x += w + gap;
	}
	return row.h;
}

/* One card: the picture on the left, the title and the one-line summary
 * beside it, centred as a block. */
/* The words' column of a card cw wide: x offset and width. */
static int card_text_w(struct ui *ui, int cw, int *tx)
{
	int pad = ui_u(ui, 10);
	*tx = pad + (cw - 2 * pad) * 2 / 5 + ui->sz.gap;
	return cw - pad - *tx;
}

/* The height a card cw wide needs for its title and summary in full. */
static int card_need(struct ui *ui, const struct role *r, int cw)
{
	int tx, tw = card_text_w(ui, cw, &tx);
	return 2 * ui_u(ui, 10) + ui_u(ui, 6) +
	       ui_text_height(ui, r->title, tw, UI_FONT_BODY, UI_BOLD) +
	       ui_text_height(ui, r->summary, tw, UI_FONT_SMALL, UI_REGULAR);
}

static bool card(struct ui *ui, const struct role *r, struct ui_rect c)
{
	bool hit = ui_card(ui, UI_BUTTON, r->title, r->id, c, ui_look(ui, ui->th.surface, ui->th.line));
	int pad = ui_u(ui, 10);
	struct ui_rect pic = {c.x + pad, c.y + pad, (c.w - 2 * pad) * 2 / 5, c.h - 2 * pad};
	ui_image(ui, r->image, r->title, pic);
	int tx, tw = card_text_w(ui, c.w, &tx);
	tx += c.x;
	int between = ui_u(ui, 6), room = c.h - 2 * pad - between;
	/* A long title and summary (editable content) share the card: the
	 * title steps down to the small font before anything spills. */
	enum ui_font tf = UI_FONT_BODY;
	int sh = ui_text_height(ui, r->summary, tw, UI_FONT_SMALL, UI_REGULAR);
	int th = ui_text_height(ui, r->title, tw, tf, UI_BOLD);
	if (th + sh > room) {
		tf = UI_FONT_SMALL;
		th = ui_text_height(ui, r->title, tw, tf, UI_BOLD);
	}
	int y = c.y + (c.h - th - between - sh) / 2;
	y = y < c.y + pad ? c.y + pad : y;
	ui_label(ui, r->title, (struct ui_rect){tx, y, tw, th}, tf, UI_BOLD, ui->th.text,
		 UI_ALIGN_LEFT);
	y += th + between;
	ui_label(ui, r->summary, (struct ui_rect){tx, y, tw, c.y + c.h - pad - y}, UI_FONT_SMALL,
		 UI_REGULAR, ui->th.muted, UI_ALIGN_LEFT);
	return hit;
}

static void draw_grid(struct app *app, struct roles_state *s, struct ui *ui, struct ui_rect view)
{
	int pad = ui->sz.pad_list, gap = ui->sz.gap;
	int cols = (view.w - 2 * pad) / ui_u(ui, 380);
	cols = cols < 2 ? 2 : cols;
	int rows_seen = view.h / ui_u(ui, 150);
	rows_seen = rows_seen < 1 ? 1 : rows_seen;
	int pitch = view.h / rows_seen;
	int cw = (view.w - 2 * pad - (cols - 1) * gap) / cols, ch = pitch - gap;
	/* Cards grow to hold their words (larger text), and the grid scrolls. */
	for (size_t i = 0; i < app_roles(app)->n; i++) {
		int need = card_need(ui, &app_roles(app)->v[i], cw);
		ch = need > ch ? need : ch;
	}
	pitch = ch + gap;
	struct ui_rect in = ui_scroll_begin(ui, &s->scroll, view);
	int k = 0;
	for (size_t i = 0; i < app_roles(app)->n; i++) {
		const struct role *r = &app_roles(app)->v[i];
		if (s->filter && !(r->settings & s->filter))
			continue;
		struct ui_rect c = {in.x + pad + (k % cols) * (cw + gap), in.y + (k / cols) * pitch, cw, ch};
		k++;
		if (card(ui, r, c))
			app_goto(app, SCENE_ROLE, r->id);
	}
	if (!k)
		ui_label(ui, app_str(app, "roles.none"),
			 (struct ui_rect){view.x + pad, view.y, view.w - 2 * pad, ch}, UI_FONT_LARGE,
			 UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	ui_scroll_end(ui, ((k + cols - 1) / cols) * pitch);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct roles_state *s = state;
	struct ui_rect area;
	const struct ui_bar bar = {.title = app_str(app, "roles.title"),
				   .back = app_str(app, "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	int pad = ui->sz.pad_list, gap = ui_u(ui, 10);
	struct ui_rect row = {area.x + pad, area.y + gap, area.w - 2 * pad, ui->sz.button_h};
	draw_chips(app, s, ui, row);
	int top = row.y + row.h + gap;
	draw_grid(app, s, ui, (struct ui_rect){area.x, top, area.w, area.y + area.h - top});
	if (nav)
		app_goto(app, SCENE_HOME, NULL);
}

const struct scene scene_roles = {
	.name = "roles",
	.state_size = sizeof(struct roles_state),
	.draw = draw,
};
