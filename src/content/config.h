/*
 * config: the kiosk's settings, from kiosk-config/kiosk.json.
 *
 * Every setting is described once in a table (name, type, range, default)
 * that drives parsing, validation and the defaults, so an unknown or
 * misspelt setting is reported as "kiosk.json:LINE: unknown setting ...".
 * A missing kiosk.json means all defaults. The struct owns its strings.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "content/diag.h"

#include <stdbool.h>
#include <stdint.h>

struct config_rgb {
	uint8_t r, g, b;
};

/* One set of the kiosk's colours (kiosk.json's "theme" or "high_contrast"). */
struct config_palette {
	struct config_rgb bg, surface, primary, on_primary, accent, on_accent, text, muted, line,
		focus, danger;
};

enum config_renderer {
	CONFIG_RENDERER_AUTO,
	CONFIG_RENDERER_SOFTWARE,
	CONFIG_RENDERER_GPU,
};

/* Old kiosk.json settings courses.url_step_into_care, url_sbwa and url_pa:
 * the course-dates pages now live in programmes.json. Still read (url NULL
 * when absent) so programmes_apply_old_urls() can use them and say where
 * they go. */
#define CONFIG_OLD_URLS 3
struct config_old_url {
	const char *key, *programme;	/* "url_sbwa", "sbwa" */
	char *url;
	int line;			/* in kiosk.json */
};

struct config {
	char *dir;			/* the config directory */
	char *device_name;
	char *event_tag;
	char *language;

	int width, height;		/* 0 = the display's own size */
	bool fullscreen;
	int rotation;
	char *screen_off_hours;		/* "22:00-07:00": the screen is dark then; "" never */
	char *screen_backlight_dir;	/* its backlights off then; "" /sys/class/backlight */
	int renderer;			/* enum config_renderer */

	int idle_timeout_s;
	int idle_warning_s;

	struct config_palette theme;
	struct config_palette high_contrast;	/* the visitor's high contrast switch */

	int retention_days;

	char *upload_url;
	char *upload_token_file;
	char *upload_ca_file;

	char *printer;			/* "" = none; file:PATH, /dev/..., tcp:HOST:PORT */
	int printer_paper_mm;
	bool printer_native_qr;

	char *usb_dirs;			/* colon-separated mount roots */
	bool courses_tag_event;
	struct config_old_url old_url[CONFIG_OLD_URLS];

	char *read_aloud_command;	/* "" = no read-aloud; run without a shell */

	char *office_public_key;	/* "" = leads stored unsealed; else base64 X25519 */

	/* Signed content from the office (src/content/pack.h). */
	char *content_public_key;	/* "" = no updates; else base64 Ed25519 */
	char *content_url;		/* "" = "content" beside upload.url */
	bool content_allow_usb_unsigned;	/* staff may take a plain courses.csv from USB */
};

/* Loads dir/kiosk.json over the defaults. Returns 0, or -1 with every
 * problem in diag (the struct then still holds defaults where bad). */
int config_load(struct config *c, const char *dir, struct diag_list *diag);
void config_defaults(struct config *c);
void config_free(struct config *c);
/* Parses screen.off_hours ("HH:MM-HH:MM", local time; the end may be past
 * midnight) into minutes of the day. False if s is not such a range. */
bool config_parse_hours(const char *s, int *from_min, int *to_min);

#endif
