/*
 * config.c: kiosk.json, described by one table of settings.
 */
#include "content/config.h"

#include "content/json.h"

#include <sodium.h>

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum kind {
	K_STR,
	K_INT,
	K_BOOL,
	K_COLOR,
	K_ENUM,
};

struct setting {
	const char *section;	/* NULL = top level */
	const char *key;
	enum kind kind;
	size_t off;
	int min, max;		/* K_INT range; K_STR max length */
	const char *def;	/* default, as text */
	const char *const *choices;	/* K_ENUM, NULL-terminated; stored as index */
};

static const char *const renderers[] = {"auto", "software", "gpu", NULL};

#define O(f) offsetof(struct config, f)
static const struct setting settings[] = {
	{NULL, "device_name", K_STR, O(device_name), 0, 40, "kiosk-1", NULL},
	{NULL, "event_tag", K_STR, O(event_tag), 0, 60, "", NULL},
	{NULL, "language", K_STR, O(language), 0, 10, "en", NULL},
	{NULL, "retention_days", K_INT, O(retention_days), 1, 3650, "30", NULL},
	{"screen", "width", K_INT, O(width), 0, 8192, "0", NULL},
	{"screen", "height", K_INT, O(height), 0, 8192, "0", NULL},
	{"screen", "fullscreen", K_BOOL, O(fullscreen), 0, 0, "true", NULL},
	{"screen", "rotation", K_INT, O(rotation), 0, 270, "0", NULL},
	{"screen", "renderer", K_ENUM, O(renderer), 0, 0, "auto", renderers},
	{"screen", "off_hours", K_STR, O(screen_off_hours), 0, 11, "", NULL},
	{"screen", "backlight_dir", K_STR, O(screen_backlight_dir), 0, 200, "", NULL},
	{"idle", "timeout_s", K_INT, O(idle_timeout_s), 10, 3600, "60", NULL},
	{"idle", "warning_s", K_INT, O(idle_warning_s), 5, 120, "15", NULL},
	{"theme", "background", K_COLOR, O(theme.bg), 0, 0, "#FFF6E9", NULL},
	{"theme", "surface", K_COLOR, O(theme.surface), 0, 0, "#FFFFFF", NULL},
	{"theme", "primary", K_COLOR, O(theme.primary), 0, 0, "#0B6E6E", NULL},
	{"theme", "on_primary", K_COLOR, O(theme.on_primary), 0, 0, "#FFFFFF", NULL},
	{"theme", "accent", K_COLOR, O(theme.accent), 0, 0, "#C2410C", NULL},
	{"theme", "on_accent", K_COLOR, O(theme.on_accent), 0, 0, "#FFFFFF", NULL},
	{"theme", "text", K_COLOR, O(theme.text), 0, 0, "#1F2A44", NULL},
	{"theme", "muted", K_COLOR, O(theme.muted), 0, 0, "#4A5568", NULL},
	{"theme", "line", K_COLOR, O(theme.line), 0, 0, "#C9D6D5", NULL},
	{"theme", "focus", K_COLOR, O(theme.focus), 0, 0, "#F6C85F", NULL},
	{"theme", "danger", K_COLOR, O(theme.danger), 0, 0, "#B42318", NULL},
	{"high_contrast", "background", K_COLOR, O(high_contrast.bg), 0, 0, "#F0F0F0", NULL},
	{"high_contrast", "surface", K_COLOR, O(high_contrast.surface), 0, 0, "#FFFFFF", NULL},
	{"high_contrast", "primary", K_COLOR, O(high_contrast.primary), 0, 0, "#003E38", NULL},
	{"high_contrast", "on_primary", K_COLOR, O(high_contrast.on_primary), 0, 0, "#FFFFFF", NULL},
	{"high_contrast", "accent", K_COLOR, O(high_contrast.accent), 0, 0, "#7A2000", NULL},
	{"high_contrast", "on_accent", K_COLOR, O(high_contrast.on_accent), 0, 0, "#FFFFFF", NULL},
	{"high_contrast", "text", K_COLOR, O(high_contrast.text), 0, 0, "#000000", NULL},
	{"high_contrast", "muted", K_COLOR, O(high_contrast.muted), 0, 0, "#2E2E2E", NULL},
	{"high_contrast", "line", K_COLOR, O(high_contrast.line), 0, 0, "#C8C8C8", NULL},
	{"high_contrast", "focus", K_COLOR, O(high_contrast.focus), 0, 0, "#000000", NULL},
	{"high_contrast", "danger", K_COLOR, O(high_contrast.danger), 0, 0, "#8A0000", NULL},
	{"upload", "url", K_STR, O(upload_url), 0, 500, "", NULL},
	{"upload", "token_file", K_STR, O(upload_token_file), 0, 500, "", NULL},
	{"upload", "ca_file", K_STR, O(upload_ca_file), 0, 500, "", NULL},
	{"printer", "target", K_STR, O(printer), 0, 300, "", NULL},
	{"printer", "paper_mm", K_INT, O(printer_paper_mm), 58, 80, "80", NULL},
	{"printer", "native_qr", K_BOOL, O(printer_native_qr), 0, 0, "false", NULL},
	{"staff", "usb_dirs", K_STR, O(usb_dirs), 0, 500, "/media:/run/media", NULL},
	{"courses", "tag_event", K_BOOL, O(courses_tag_event), 0, 0, "true", NULL},
	{"read_aloud", "command", K_STR, O(read_aloud_command), 0, 300,
	 "espeak-ng -v en-gb -s 140", NULL},
	{"privacy", "office_public_key", K_STR, O(office_public_key), 0, 60, "", NULL},
	{"content", "public_key", K_STR, O(content_public_key), 0, 60, "", NULL},
	{"content", "url", K_STR, O(content_url), 0, 500, "", NULL},
	{"content", "allow_usb_unsigned", K_BOOL, O(content_allow_usb_unsigned), 0, 0, "false",
	 NULL},
};
#undef O
#define NSETTINGS (sizeof settings / sizeof settings[0])

static const char *const sections[] = {"screen",  "idle",	   "theme",   "high_contrast",
				       "upload",  "printer",   "staff",	      "courses",
				       "read_aloud", "privacy", "content", NULL};

bool config_parse_hours(const char *s, int *from_min, int *to_min)
{
	int h1, m1, h2, m2, used = 0;
	if (!s || sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4 || s[used] ||
	    strlen(s) != 11 || h1 < 0 || h1 > 23 || h2 < 0 || h2 > 23 || m1 < 0 || m1 > 59 ||
	    m2 < 0 || m2 > 59 || (h1 == h2 && m1 == m2))
		return false;
	*from_min = h1 * 60 + m1;
	*to_min = h2 * 60 + m2;
	return true;
}

static bool parse_color(const char *s, struct config_rgb *out)
{
	if (strlen(s) != 7 || s[0] != '#')
		return false;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	unsigned v = (unsigned)strtoul(s + 1, NULL, 16);
	*out = (struct config_rgb){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	return true;
}

static void set_str(struct config *c, const struct setting *s, const char *v)
{
	char **p = (char **)((char *)c + s->off);
	free(*p);
	*p = strdup(v);
}

static void apply_default(struct config *c, const struct setting *s)
{
	void *p = (char *)c + s->off;
	switch (s->kind) {
	case K_STR:
		set_str(c, s, s->def);
		break;
	case K_INT:
		*(int *)p = atoi(s->def);
		break;
	case K_BOOL:
		*(bool *)p = strcmp(s->def, "true") == 0;
		break;
	case K_COLOR:
		parse_color(s->def, p);
		break;
	case K_ENUM:
		for (int i = 0; s->choices[i]; i++)
			if (strcmp(s->choices[i], s->def) == 0)
				*(int *)p = i;
		break;
	}
}

void config_defaults(struct config *c)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		apply_default(c, &settings[i]);
}

static const char *kind_words(const struct setting *s)
{
	switch (s->kind) {
	case K_STR:
		return "text in quotes";
	case K_INT:
		return "a whole number";
	case K_BOOL:
		return "true or false";
	case K_COLOR:
		return "a colour like \"#0B6E6E\"";
	default:
		return "one of the listed words";
	}
}

/* base64 of exactly 32 bytes (an X25519 public key); src/store/seal.c
 * parses it for real. */
static bool public_key_ok(const char *s)
{
	unsigned char pk[32];
	size_t len = 0;
	return sodium_init() >= 0 &&
	       sodium_base642bin(pk, sizeof pk, s, strlen(s), " ", &len, NULL,
				 sodium_base64_VARIANT_ORIGINAL) == 0 && len == sizeof pk;
}

static bool apply(struct config *c, const struct jdoc *d, const struct setting *s, const cJSON *v,
		  struct diag_list *diag)
{
	void *p = (char *)c + s->off;
	int line = jdoc_line(d, v);
	const char *name = s->key;
	if (s->kind == K_STR && cJSON_IsString(v)) {
		if (utf8_chars(v->valuestring) > (size_t)s->max) {
			diag_add(diag, d->file, line, "\"%s\" is too long (at most %d characters)", name,
				 s->max);
			return false;
		}
		/* Run without a shell (src/speech/speech.h): words split on spaces. */
		if (strcmp(name, "command") == 0 && strpbrk(v->valuestring, "\"'`|;&<>$\\*?")) {
			diag_add(diag, d->file, line,
				 "\"command\" is a program and its options separated by spaces; "
				 "it cannot have quotes or shell signs like | ; & < > $ * ?");
			return false;
		}
		if (strcmp(name, "office_public_key") == 0 && *v->valuestring &&
		    !public_key_ok(v->valuestring)) {
			diag_add(diag, d->file, line,
				 "\"office_public_key\" must be the public key line that "
				 "`kioskctl keygen` printed (44 characters ending in =)");
			return false;
		}
		if (strcmp(name, "public_key") == 0 && *v->valuestring &&
		    !public_key_ok(v->valuestring)) {
			diag_add(diag, d->file, line,
				 "\"public_key\" must be the line that `carekiosk-receiver content "
				 "keygen` printed (44 characters ending in =)");
			return false;
		}
		int from, to;
		if (strcmp(name, "off_hours") == 0 && *v->valuestring &&
		    !config_parse_hours(v->valuestring, &from, &to)) {
			diag_add(diag, d->file, line,
				 "\"off_hours\" is a time range like \"22:00-07:00\" (24-hour clock, "
				 "from and to not the same), or \"\" for a screen that stays on, not \"%s\"",
				 v->valuestring);
			return false;
		}
		set_str(c, s, v->valuestring);
		return true;
	}
	if (s->kind == K_INT && cJSON_IsNumber(v)) {
		double n = v->valuedouble;
		if (n != (int)n || n < s->min || n > s->max) {
			diag_add(diag, d->file, line, "\"%s\" must be a whole number from %d to %d", name,
				 s->min, s->max);
			return false;
		}
		if (strcmp(name, "rotation") == 0 && (int)n % 90) {
			diag_add(diag, d->file, line, "\"rotation\" must be 0, 90, 180 or 270");
			return false;
		}
		*(int *)p = (int)n;
		return true;
	}
	if (s->kind == K_BOOL && cJSON_IsBool(v)) {
		*(bool *)p = cJSON_IsTrue(v);
		return true;
	}
	if (s->kind == K_COLOR && cJSON_IsString(v)) {
		if (parse_color(v->valuestring, p))
			return true;
		diag_add(diag, d->file, line, "\"%s\" must be a colour like \"#0B6E6E\", not \"%s\"", name,
			 v->valuestring);
		return false;
	}
	if (s->kind == K_ENUM && cJSON_IsString(v)) {
		for (int i = 0; s->choices[i]; i++) {
			if (strcmp(s->choices[i], v->valuestring) == 0) {
				*(int *)p = i;
				return true;
			}
		}
		char list[200] = "";
		for (int i = 0; s->choices[i]; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
				 s->choices[i]);
		diag_add(diag, d->file, line, "\"%s\" must be one of: %s", name, list);
		return false;
	}
	diag_add(diag, d->file, line, "\"%s\" must be %s", name, kind_words(s));
	return false;
}

static const struct config_old_url old_urls[CONFIG_OLD_URLS] = {
	{"url_step_into_care", "step-into-care", NULL, 0},
	{"url_sbwa", "sbwa", NULL, 0},
	{"url_pa", "pa-academy", NULL, 0},
};

/* courses.url_*: kept with its line for programmes_apply_old_urls(). */
static bool old_url(struct config *c, const struct jdoc *d, const cJSON *m, bool *ok,
		    struct diag_list *diag)
{
	for (size_t i = 0; i < CONFIG_OLD_URLS; i++) {
		if (strcmp(old_urls[i].key, m->string) != 0)
			continue;
		if (!cJSON_IsString(m) || utf8_chars(m->valuestring) > 300) {
			diag_add(diag, d->file, jdoc_line(d, m),
				 "\"%s\" must be text in quotes (at most 300 characters)", m->string);
			*ok = false;
			return true;
		}
		free(c->old_url[i].url);
		c->old_url[i] = old_urls[i];
		c->old_url[i].url = strdup(m->valuestring);
		c->old_url[i].line = jdoc_line(d, m);
		return true;
	}
	return false;
}

/* Applies every member of obj (a section, or the top level). */
static bool apply_object(struct config *c, const struct jdoc *d, const cJSON *obj,
			 const char *section, struct diag_list *diag)
{
	bool ok = true;
	const cJSON *m;
	cJSON_ArrayForEach(m, obj) {
		if (!section && m->string[0] == '_')
			continue;	/* "_comment" and friends */
		const struct setting *found = NULL;
		for (size_t i = 0; i < NSETTINGS; i++) {
			bool same_section = section ? settings[i].section &&
							      strcmp(settings[i].section, section) == 0
						    : !settings[i].section;
			if (same_section && strcmp(settings[i].key, m->string) == 0)
				found = &settings[i];
		}
		if (found) {
			ok &= apply(c, d, found, m, diag);
			continue;
		}
		if (section && !strcmp(section, "courses") && old_url(c, d, m, &ok, diag))
			continue;
		bool is_section = false;
		for (size_t i = 0; !section && sections[i]; i++)
			is_section |= strcmp(sections[i], m->string) == 0;
		if (is_section && cJSON_IsObject(m)) {
			ok &= apply_object(c, d, m, m->string, diag);
		} else if (is_section) {
			diag_add(diag, d->file, jdoc_line(d, m), "\"%s\" must be a group in { }", m->string);
			ok = false;
		} else {
			diag_add(diag, d->file, jdoc_line(d, m), "unknown setting \"%s%s%s\"",
				 section ? section : "", section ? "." : "", m->string);
			ok = false;
		}
	}
	return ok;
}

int config_load(struct config *c, const char *dir, struct diag_list *diag)
{
	memset(c, 0, sizeof *c);
	config_defaults(c);
	c->dir = strdup(dir);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/kiosk.json", dir);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;	/* no file: all defaults (one that cannot be read is reported) */
	struct jdoc d;
	size_t before = diag_count(diag);
	if (jdoc_load(&d, path, path, diag) == 0) {
		if (!cJSON_IsObject(d.root))
			diag_add(diag, path, jdoc_line(&d, d.root), "the settings must be one { } group");
		else
			apply_object(c, &d, d.root, NULL, diag);
	}
	jdoc_free(&d);
	return diag_count(diag) > before ? -1 : 0;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < NSETTINGS; i++) {
		if (settings[i].kind == K_STR) {
			char **p = (char **)((char *)c + settings[i].off);
			free(*p);
		}
	}
	for (size_t i = 0; i < CONFIG_OLD_URLS; i++)
		free(c->old_url[i].url);
	free(c->dir);
	memset(c, 0, sizeof *c);
}
