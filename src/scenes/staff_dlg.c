/*
 * staff_dlg.c: the staff scene's dialogs (working... with a running clock,
 * a result with OK, "Close the kiosk?") and the event tag editor: a text
 * field above the on-screen keyboard, whose layouts come from
 * kiosk-config/keyboards.json (loaded when the editor opens, freed when
 * the scene ends). The tag is stored in the leads database's kv table as
 * "event.tag".
 */
#include "scenes/scenes.h"

#include "content/form.h"
#include "scenes/staff_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kiosk.json's event_tag holds at most 60 characters; so does ours. */
#define TAG_MAX 60

void staff_tag_open(struct app *app, struct staff_state *s)
{
	if (!ui_kb_find(app_kbset(app), "letters")) {
		snprintf(s->note, sizeof s->note, "%s", app_str(app, "staff.tag.no_keyboard"));
		return;
	}
	ui_field_set(&s->field, s->tag);
	ui_keyboard_reset(&s->kb, &s->field, true);
	s->tag_too_long = false;
	s->modal = MO_TAG;
}

static void tag_save(struct app *app, struct staff_state *s)
{
	char tag[UI_FIELD_BYTES];
	const char *p = s->field.text;
	while (*p == ' ')
		p++;
	snprintf(tag, sizeof tag, "%s", p);
	size_t n = strlen(tag);
	while (n && tag[n - 1] == ' ')
		tag[--n] = '\0';
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)tag[i] & 0xC0) != 0x80;
	if (chars > TAG_MAX) {
		s->tag_too_long = true;
		return;
	}
	enum store_err err = app_store(app) ? store_kv_set(app->store, "event.tag", tag)
					: app->store_err;
	if (err)
		staff_fill1(s->note, sizeof s->note, app_str(app, "staff.tag.failed"), "{error}",
			    store_strerror(err));
	else
		snprintf(s->note, sizeof s->note, "%s", app_str(app, "staff.tag.saved"));
	s->modal = MO_NONE;
	app_update_soon(app);
}

void staff_tag_draw(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct ui_rect a;
	const struct ui_bar bar = {.title = app_str(app, "staff.tag.title"),
				   .back = app_str(app, "staff.tag.cancel")};
	if (ui_topbar(ui, &bar, &a)) {
		s->modal = MO_NONE;
		return;
	}
	int kbh = ui_keyboard_height(ui, app_kbset(app)), pad = ui_u(ui, 12);
	int top = a.y + pad, avail = a.h - kbh - 2 * pad;
	int bw = ui_u(ui, 150), fh = ui_u(ui, 60);
	const char *hint = app_str(app, s->tag_too_long ? "staff.tag.too_long" : "staff.tag.hint");
	int hh = avail - fh - pad;
	ui_label(ui, hint, (struct ui_rect){a.x + pad, top, a.w - 2 * pad, hh}, UI_FONT_BODY,
		 UI_REGULAR, s->tag_too_long ? ui->th.danger : ui->th.text, UI_ALIGN_LEFT);
	struct ui_rect f = {a.x + pad, top + hh + pad, a.w - 3 * pad - bw, fh};
	ui_text_field(ui, &s->field, "event_tag", f, true, s->tag_too_long);
	if (ui_button_named(ui, app_str(app, "staff.tag.save"), "tag-save",
			    (struct ui_rect){f.x + f.w + pad, f.y, bw, fh}, UI_STYLE_PRIMARY, NULL)) {
		tag_save(app, s);
		return;
	}
	enum ui_kb_result r = ui_keyboard(ui, &s->kb, app_kbset(app), "letters", &s->field, true);
	if (r == UI_KB_EDITED)
		s->tag_too_long = false;
	else if (r == UI_KB_HIDE)
		tag_save(app, s);
}

bool staff_tag_key(struct app *app, struct staff_state *s, const struct ui_event *ev)
{
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_RETURN) {
		tag_save(app, s);
		return true;
	}
	if (ui_field_key(&s->field, ev)) {
		s->tag_too_long = false;
		return true;
	}
	return false;
}


/* A dialog card in the middle of the screen, sized for inner_h of
 * content (at most most of the screen); returns the area inside it. */
static struct ui_rect card(struct ui *ui, int inner_h)
{
	ui_modal_begin(ui);
	int pad = ui_u(ui, 20);
	int w = ui->w * 3 / 4, max = ui->h * 17 / 20;
	int h = inner_h + 2 * pad < max ? inner_h + 2 * pad : max;
	struct ui_rect c = {(ui->w - w) / 2, (ui->h - h) / 2, w, h};
	ui_panel(ui, c, ui->th.surface);
	return (struct ui_rect){c.x + pad, c.y + pad, c.w - 2 * pad, c.h - 2 * pad};
}

static void draw_message(struct app *app, struct staff_state *s, struct ui *ui)
{
	int bh = ui_u(ui, 64), gap = ui_u(ui, 16), tw = ui->w * 3 / 4 - ui_u(ui, 48);
	int th = ui_text_height(ui, s->dialog, tw, UI_FONT_BODY, UI_REGULAR);
	struct ui_rect in = card(ui, th + gap + bh);
	struct ui_rect view = {in.x, in.y, in.w, in.h - bh - gap};
	/* One paragraph reads best centred; a list of problems, left. */
	enum ui_align al = strchr(s->dialog, '\n') ? UI_ALIGN_LEFT : UI_ALIGN_CENTER;
	struct ui_rect c = ui_scroll_begin(ui, &s->dlg_scroll, view);
	ui_label(ui, s->dialog, (struct ui_rect){c.x, c.y, tw, th}, UI_FONT_BODY,
		 UI_REGULAR, ui->th.text, al);
	ui_scroll_end(ui, th);
	int bw = ui_u(ui, 200);
	if (ui_button_named(ui, app_str(app, "staff.ok"), "dialog-1",
			    (struct ui_rect){in.x + (in.w - bw) / 2, in.y + in.h - bh, bw, bh},
			    UI_STYLE_PRIMARY, NULL))
		s->modal = MO_NONE;
}

static void draw_exit(struct app *app, struct staff_state *s, struct ui *ui)
{
	const struct ui_dialog d = {
		.title = app_str(app, "staff.exit.question"),
		.text = app_str(app, "staff.exit.text"),
		.button = {app_str(app, "staff.exit.no"), app_str(app, "staff.exit.yes")},
		.style = {UI_STYLE_SECONDARY, UI_STYLE_ACCENT},
		.name = {"exit-no", "exit-yes"},
	};
	int answer = ui_dialog(ui, &d);
	if (answer == 1)
		s->modal = MO_NONE;
	else if (answer == 2)
		app->quit = true;
}

/* "Writing to the USB stick..." with, under it, how long it has taken
 * ("0:07"): the job runs on its own thread, and a clock that moves shows
 * staff the kiosk has not hung. */
static void draw_busy(struct app *app, struct staff_state *s, struct ui *ui)
{
	int lh = ui_u(ui, 120), ch = ui_u(ui, 40);
	struct ui_rect in = card(ui, lh + ch);
	ui_label(ui, app_str(app, s->modal == MO_EXPORT_BUSY ? "staff.export.busy"
				  : s->modal == MO_USB_BUSY  ? "staff.usb.busy"
							     : "staff.check.busy"),
		 (struct ui_rect){in.x, in.y, in.w, in.h - ch}, UI_FONT_LARGE, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	if (!(s->modal == MO_USB_BUSY ? (void *)s->usb : (void *)s->job))
		return;
	uint64_t secs = ui->now > s->job_started ? (ui->now - s->job_started) / 1000 : 0;
	char clock[32];
	snprintf(clock, sizeof clock, "%llu:%02llu", (unsigned long long)(secs / 60),
		 (unsigned long long)(secs % 60));
	ui_label(ui, clock, (struct ui_rect){in.x, in.y + in.h - ch, in.w, ch}, UI_FONT_BODY,
		 UI_REGULAR, ui->th.muted, UI_ALIGN_CENTER);
}

/* Content: check what is here, ask the office for newer content (with
 * content.public_key set), or take new content from a USB stick. */
static void draw_content_menu(struct app *app, struct staff_state *s, struct ui *ui)
{
	const char *title = app_str(app, "staff.content.title");
	const char *text = app_str(app, "staff.content.text");
	int bh = ui->sz.button_h, gap = ui->sz.gap_small, tw = ui->w * 3 / 4 - ui_u(ui, 40);
	int th = ui_text_height(ui, title, tw, UI_FONT_TITLE, UI_BOLD);
	int xh = ui_text_height(ui, text, tw, UI_FONT_BODY, UI_REGULAR);
	int n = s->content.set_up ? 4 : 3;
	struct ui_rect in = card(ui, th + gap + xh + ui->sz.gap + n * bh + (n - 1) * gap);
	ui_label(ui, title, (struct ui_rect){in.x, in.y, in.w, th}, UI_FONT_TITLE, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	ui_label(ui, text, (struct ui_rect){in.x, in.y + th + gap, in.w, xh}, UI_FONT_BODY,
		 UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	static const char *const keys[] = {"staff.content.check", "staff.act.content",
					   "staff.content.usb", "staff.content.close"};
	static const char *const names[] = {"content-check", "content-office", "content-usb",
					    "content-close"};
	int y = in.y + in.h - n * bh - (n - 1) * gap;
	for (int k = 0, i = 0; i < 4; i++) {
		if (i == 1 && !s->content.set_up)
			continue;	/* no office content to ask for */
		struct ui_rect b = {in.x, y + k++ * (bh + gap), in.w, bh};
		if (!ui_button_named(ui, app_str(app, keys[i]), names[i], b,
				     i == 3 ? UI_STYLE_SECONDARY : UI_STYLE_PRIMARY, NULL))
			continue;
		if (i == 0) {
			staff_job_start(app, s, MO_CHECK_BUSY);
		} else if (i == 1) {
			app_content_fetch_now(app);	/* the dashboard shows how it goes */
			s->modal = MO_NONE;
		} else if (i == 2) {
			staff_usb_start(app, s);
		} else {
			s->modal = MO_NONE;
		}
		app_update_soon(app);
	}
}

/* What the stick's content would change, and Cancel or Install. */
static void draw_usb_confirm(struct app *app, struct staff_state *s, struct ui *ui)
{
	const struct ui_dialog d = {
		.title = app_str(app, "staff.usb.question"),
		.text = s->dialog,
		.button = {app_str(app, "staff.usb.cancel"), app_str(app, "staff.usb.install")},
		.style = {UI_STYLE_SECONDARY, UI_STYLE_PRIMARY},
		.name = {"usb-cancel", "usb-install"},
	};
	int answer = ui_dialog(ui, &d);
	if (answer) {
		staff_usb_answer(app, s, answer == 2);
		app_update_soon(app);
	}
}

void staff_draw_modal(struct app *app, struct staff_state *s, struct ui *ui)
{
	switch (s->modal) {
	case MO_EXPORT_BUSY:
	case MO_CHECK_BUSY:
	case MO_USB_BUSY:
		draw_busy(app, s, ui);
		break;
	case MO_CONTENT:
		draw_content_menu(app, s, ui);
		break;
	case MO_USB_CONFIRM:
		draw_usb_confirm(app, s, ui);
		break;
	case MO_MESSAGE:
		draw_message(app, s, ui);
		break;
	case MO_EXIT:
		draw_exit(app, s, ui);
		break;
	default:
		break;
	}
}
