/*
 * attract: the idle screen. A picture, "Could you care?", a slow fade
 * between a few short messages, and a big "Touch to start". Any touch
 * starts; a 3-second press in the top-left corner opens staff mode. With
 * more than one language, a row of big buttons along the bottom, each
 * language in its own name and script: a tap starts the visit in it.
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include <stdio.h>

#define SHOW_MS 5000	/* each message stays this long */
#define FADE_MS 800	/* then fades into the next */
#define FADE_FRAME_MS 50	/* 20 frames a second while fading: a smooth text
			 * fade to the eye, a third fewer frames than 30 Hz
			 * (this screen is where an unattended kiosk spends its day) */
#define NMSG 3

static const char *const messages[NMSG] = {"attract.msg1", "attract.msg2", "attract.msg3"};

static uint8_t fade_alpha(uint64_t t)
{
	if (t < FADE_MS)
		return (uint8_t)(255 * t / FADE_MS);
	if (t > SHOW_MS - FADE_MS)
		return (uint8_t)(255 * (SHOW_MS - t) / FADE_MS);
	return 255;
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	(void)state;
	uint64_t now = ui->now;
	int W = ui->w, pad = ui_size(ui, UI_SIZE_WIDE_PAD);
	/* The language row takes a band at the bottom; the rest is as it was. */
	int band = app_lang_count(app) > 1 ? ui->sz.button_h + 2 * ui->sz.gap : 0;
	int H = ui->h - band;
	struct ui_rect all = {0, 0, W, ui->h};
	/* The whole screen is the start button; the visible one sits on top. */
	bool start = ui_activated(ui, ui_record(ui, UI_BUTTON, app_str(app, "attract.title"), NULL,
						  all, true));
	ui_rule(ui, (struct ui_rect){W / 2, 0, W - W / 2, H}, ui->th.primary);
	ui_image(ui, "attract.svg", app_str(app, "attract.picture"),
		 (struct ui_rect){pad, pad, W / 2 - 2 * pad, H - 2 * pad});

	int x = W / 2 + pad, w = W - W / 2 - 2 * pad;
	ui_label(ui, app_str(app, "attract.title"), (struct ui_rect){x, ui_size(ui, UI_SIZE_ATTRACT_TITLE_Y), w, ui_size(ui, UI_SIZE_ATTRACT_TITLE_H)},
		 UI_FONT_HUGE, UI_BOLD, ui->th.on_primary, UI_ALIGN_CENTER);

	/* Start fully shown rather than fading in from nothing. */
	uint64_t shifted = now + FADE_MS;
	uint64_t t = shifted % SHOW_MS;
	int which = (int)(shifted / SHOW_MS % NMSG);
	struct ui_color c = ui->th.on_primary;
	c.a = fade_alpha(t);
	ui_label(ui, app_str(app, messages[which]), (struct ui_rect){x, ui_size(ui, UI_SIZE_ATTRACT_MSG_Y), w, ui_size(ui, UI_SIZE_ATTRACT_MSG_H)},
		 UI_FONT_TITLE, UI_REGULAR, c, UI_ALIGN_CENTER);
	/* Frames only while fading; otherwise sleep until the next fade. */
	if (t < FADE_MS || t > SHOW_MS - FADE_MS)
		ui_request_frame(ui, now + FADE_FRAME_MS);
	else
		ui_request_frame(ui, now + (SHOW_MS - FADE_MS - t));

	struct ui_rect btn = {x + ui_size(ui, UI_SIZE_ATTRACT_START_IN), H - ui_size(ui, UI_SIZE_ATTRACT_START_UP), w - ui_size(ui, UI_SIZE_ATTRACT_START_SIDES), ui_size(ui, UI_SIZE_START_H)};
	start |= ui_button_named(ui, app_str(app, "attract.start"), "start", btn, UI_STYLE_ACCENT, NULL);

	if (band) {
		ui_rule(ui, (struct ui_rect){0, H, W, band}, ui->th.surface);
		struct ui_rect row = {pad, H + ui->sz.gap, W - 2 * pad, ui->sz.button_h};
		if (app_lang_row(app, ui, row)) {
			app_goto(app, SCENE_HOME, NULL);
			return;
		}
	}

	struct ui_rect corner = {0, 0, ui_size(ui, UI_SIZE_STAFF_CORNER), ui_size(ui, UI_SIZE_STAFF_CORNER)};
	if (ui_held(ui, corner, 3000))
		app_goto(app, SCENE_STAFF, NULL);
	else if (start)
		app_goto(app, SCENE_HOME, NULL);
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	(void)state;
	if (ev->type == UI_EV_KEY && (ev->key == UI_KEY_RETURN || ev->key == UI_KEY_TAB)) {
		app_goto(app, SCENE_HOME, NULL);
		return true;
	}
	return false;
}

const struct scene scene_attract = {
	.name = "attract",
	.draw = draw,
	.key = key,
};
