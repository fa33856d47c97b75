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
	const struct ui_editor e = {
		.title = app_str(app, "staff.tag.title"), .cancel = app_str(app, "staff.tag.cancel"),
		.hint = app_str(app, s->tag_too_long ? "staff.tag.too_long" : "staff.tag.hint"),
		.error = s->tag_too_long, .field_name = "event_tag",
		.done = app_str(app, "staff.tag.save"), .done_name = "tag-save",
		.set = app_kbset(app), .layout = "letters", .autocap = true,
	};
	enum ui_editor_hit hit = ui_editor(ui, &e, &s->field, &s->kb);
	if (hit == UI_EDITOR_CANCEL)
		s->modal = MO_NONE;
	else if (hit == UI_EDITOR_EDITED)
		s->tag_too_long = false;
	else if (hit == UI_EDITOR_DONE)
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


static void draw_message(struct app *app, struct staff_state *s, struct ui *ui)
{
	if (ui_sheet_message(ui, s->dialog, &s->dlg_scroll, app_str(app, "staff.ok"), "dialog-1"))
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
	const char *key = s->modal == MO_EXPORT_BUSY ? "staff.export.busy"
			  : s->modal == MO_USB_BUSY  ? "staff.usb.busy"
						     : "staff.check.busy";
	char clock[32];
	uint64_t secs = ui->now > s->job_started ? (ui->now - s->job_started) / 1000 : 0;
	snprintf(clock, sizeof clock, "%llu:%02llu", (unsigned long long)(secs / 60),
		 (unsigned long long)(secs % 60));
	bool running = s->modal == MO_USB_BUSY ? s->usb != NULL : s->job != NULL;
	ui_sheet_busy(ui, app_str(app, key), running ? clock : NULL);
}

/* Content: check what is here, ask the office for newer content (with
 * content.public_key set), or take new content from a USB stick. */
static void draw_content_menu(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct ui_button_spec b[4];
	int n = 0;
	b[n++] = (struct ui_button_spec){app_str(app, "staff.content.check"), "content-check", UI_STYLE_PRIMARY};
	if (s->content.set_up)	/* else no office content to ask for */
		b[n++] = (struct ui_button_spec){app_str(app, "staff.act.content"),
						 "content-office", UI_STYLE_PRIMARY};
	b[n++] = (struct ui_button_spec){app_str(app, "staff.content.usb"), "content-usb", UI_STYLE_PRIMARY};
	b[n++] = (struct ui_button_spec){app_str(app, "staff.content.close"), "content-close",
					 UI_STYLE_SECONDARY};
	int hit = ui_sheet_menu(ui, app_str(app, "staff.content.title"),
				app_str(app, "staff.content.text"), b, n);
	if (hit < 0)
		return;
	const char *name = b[hit].name;
	if (!strcmp(name, "content-check")) {
		staff_job_start(app, s, MO_CHECK_BUSY);
	} else if (!strcmp(name, "content-office")) {
		app_content_fetch_now(app);	/* the dashboard shows how it goes */
		s->modal = MO_NONE;
	} else if (!strcmp(name, "content-usb")) {
		staff_usb_start(app, s);
	} else {
		s->modal = MO_NONE;
	}
	app_update_soon(app);
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
