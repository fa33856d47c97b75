/*
 * script.c: the headless test driver. Time moves only through `wait`, so a
 * 60 s idle timeout takes no real time at all.
 */
#include "script.h"

#include "platform/platform.h"
#include "ui/ui_pf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ARGS 6

struct step {
	char *argv[MAX_ARGS];
	int argc;
	char buf[2048];
};

/* Splits a line into words; "quoted strings" may hold spaces and the
 * escapes \" \\ \n. Returns false on an unterminated quote. */
static bool split(const char *line, struct step *st)
{
	char *o = st->buf, *end = st->buf + sizeof st->buf - 1;
	st->argc = 0;
	const char *p = line;
	while (*p && st->argc < MAX_ARGS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#' || *p == '\n' || *p == '\r')
			break;
		st->argv[st->argc++] = o;
		if (*p == '"') {
			for (p++; *p && *p != '"' && o < end; p++) {
				if (*p == '\\' && p[1]) {
					p++;
					*o++ = *p == 'n' ? '\n' : *p;
				} else {
					*o++ = *p;
				}
			}
			if (*p != '"')
				return false;
			p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && o < end)
				*o++ = *p++;
		}
		*o++ = '\0';
	}
	return true;
}

/* 64 bits everywhere: a long is 32 on armhf, where `wait` past 24.8 days failed. */
static bool parse_int(const char *s, long long *out)
{
	char *e;
	errno = 0;
	long long v = strtoll(s, &e, 10);
	if (errno || e == s || *e)
		return false;
	*out = v;
	return true;
}

static void inject(struct app *app, enum pf_event_type type, int x, int y)
{
	struct pf_event ev = {.type = type, .x = x, .y = y};
	app_event(app, &ev);
	app_tick(app);
	app_frame_if_dirty(app);
}

/* Moves the virtual clock forward, firing every deadline on the way in
 * order, as the real loop would. */
static void advance(struct app *app, uint64_t ms)
{
	uint64_t target = pf_now_ms(app->pf) + ms;
	for (int guard = 0; guard < 100000; guard++) {
		uint64_t now = pf_now_ms(app->pf);
		uint64_t d = app_next_deadline(app);
		if (!d || d > target)
			break;
		if (d <= now)
			d = now + 1;
		if (d > target)
			break;
		pf_advance(app->pf, d - now);
		app_tick(app);
		app_frame(app);
	}
	uint64_t now = pf_now_ms(app->pf);
	if (target > now)
		pf_advance(app->pf, target - now);
	app_tick(app);
	/* Animations (a fling, a fade) skip their frames headless; show where
	 * they are now, so the next step sees the screen a visitor would. */
	if (app->ui.next_frame && app->ui.next_frame <= pf_now_ms(app->pf))
		app->ui.dirty = true;
	app_frame_if_dirty(app);
}

static void tap_at(struct app *app, int x, int y)
{
	inject(app, PF_EV_DOWN, x, y);
	advance(app, 80);
	inject(app, PF_EV_UP, x, y);
}

static const struct {
	const char *name;
	enum pf_key key;
} keys[] = {
	{"Return", PF_KEY_RETURN}, {"Enter", PF_KEY_RETURN}, {"Backspace", PF_KEY_BACKSPACE},
	{"Delete", PF_KEY_DELETE}, {"Escape", PF_KEY_ESCAPE}, {"Tab", PF_KEY_TAB},
	{"Left", PF_KEY_LEFT},     {"Right", PF_KEY_RIGHT},   {"Up", PF_KEY_UP},
	{"Down", PF_KEY_DOWN},     {"Home", PF_KEY_HOME},     {"End", PF_KEY_END},
};

static const char *scene_name(const struct app *app)
{
	return app->scene ? app->scene->name : "";
}

/* One event per character, as a keyboard would send them. */
static void type_text(struct app *app, const char *s)
{
	while (*s) {
		struct pf_event ev = {.type = PF_EV_TEXT};
		size_t len = 1;
		while (s[len] && ((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		memcpy(ev.text, s, len);
		app_event(app, &ev);
		s += len;
	}
	app_tick(app);
	app_frame_if_dirty(app);
}

/* Presses the key named as in keys[]; false if there is none. */
static bool press_key(struct app *app, const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (!strcmp(keys[i].name, name)) {
			struct pf_event ev = {.type = PF_EV_KEY, .key = keys[i].key};
			app_event(app, &ev);
			app_tick(app);
			app_frame_if_dirty(app);
			return true;
		}
	}
	return false;
}

enum step_result { STEP_OK, STEP_FAILED, STEP_UNKNOWN };

/* Test-only: text-style rtl|ltr [SCRIPT [REGULAR [BOLD [LINE_HEIGHT]]]]
 * sets the text style directly, as the app does from a language's
 * language.json ("-" = none), and draws again. */
static enum step_result text_style(struct app *app, const struct step *st, char *err, size_t n)
{
	const char *a[4] = {NULL, NULL, NULL, NULL};
	for (int i = 2; i < st->argc; i++)
		a[i - 2] = strcmp(st->argv[i], "-") ? st->argv[i] : NULL;
	char *end = NULL;
	float lh = a[3] ? strtof(a[3], &end) : 0;
	if (a[3] && (*end || lh < 0)) {
		snprintf(err, n, "bad line height \"%s\"", a[3]);
		return STEP_FAILED;
	}
	const struct pf_text_style ts = {!strcmp(st->argv[1], "rtl"), a[0], a[1], a[2], lh};
	if (!ui_set_text_style(&app->ui, &ts, err, n))
		return STEP_FAILED;
	app_frame(app);
	return STEP_OK;
}

/* The steps a visitor (or the clock) takes: tap, longpress, drag, type,
 * key and wait. STEP_UNKNOWN if st is none of them, or has bad arguments. */
static enum step_result act(struct app *app, const struct step *st, char *err, size_t n)
{
	const char *cmd = st->argv[0];
	long long v[4];
	if (!strcmp(cmd, "tap") && st->argc == 2) {
		struct ui_widget w;
		int r = ui_find(&app->ui, st->argv[1], &w);
		if (r) {
			snprintf(err, n, r == -1 ? "no widget \"%s\" on the %s screen"
							   : "several widgets \"%s\" on the %s screen",
				 st->argv[1], scene_name(app));
			return STEP_FAILED;
		}
		tap_at(app, w.r.x + w.r.w / 2, w.r.y + w.r.h / 2);
		return STEP_OK;
	}
	if (!strcmp(cmd, "tap") && st->argc == 3 && parse_int(st->argv[1], &v[0]) &&
	    parse_int(st->argv[2], &v[1])) {
		tap_at(app, (int)v[0], (int)v[1]);
		return STEP_OK;
	}
	if (!strcmp(cmd, "longpress") && st->argc == 4 && parse_int(st->argv[1], &v[0]) &&
	    parse_int(st->argv[2], &v[1]) && parse_int(st->argv[3], &v[2]) && v[2] >= 0) {
		inject(app, PF_EV_DOWN, (int)v[0], (int)v[1]);
		advance(app, (uint64_t)v[2]);
		inject(app, PF_EV_UP, (int)v[0], (int)v[1]);
		return STEP_OK;
	}
	if (!strcmp(cmd, "drag") && st->argc == 5) {
		for (int i = 0; i < 4; i++)
			if (!parse_int(st->argv[i + 1], &v[i]))
				return STEP_UNKNOWN;
		inject(app, PF_EV_DOWN, (int)v[0], (int)v[1]);
		for (int i = 1; i <= 10; i++) {
			advance(app, 16);
			inject(app, PF_EV_MOVE, (int)(v[0] + (v[2] - v[0]) * i / 10),
			       (int)(v[1] + (v[3] - v[1]) * i / 10));
		}
		inject(app, PF_EV_UP, (int)v[2], (int)v[3]);
		return STEP_OK;
	}
	if (!strcmp(cmd, "type") && st->argc == 2) {
		type_text(app, st->argv[1]);
		return STEP_OK;
	}
	if (!strcmp(cmd, "key") && st->argc == 2) {
		if (press_key(app, st->argv[1]))
			return STEP_OK;
		snprintf(err, n, "unknown key \"%s\"", st->argv[1]);
		return STEP_FAILED;
	}
	if (!strcmp(cmd, "wait") && st->argc == 2 && parse_int(st->argv[1], &v[0]) && v[0] >= 0) {
		advance(app, (uint64_t)v[0]);
		return STEP_OK;
	}
	/* Jobs run on real threads while the clock here is virtual: this
	 * waits, in real time, for every job to end and its result to be
	 * shown, without moving the clock. */
	if (!strcmp(cmd, "wait-jobs") && (st->argc == 1 || (st->argc == 2 &&
	    parse_int(st->argv[1], &v[0]) && v[0] >= 0))) {
		long limit = st->argc == 2 ? v[0] : 30000;
		bool idle = app_wait_jobs(app, (int)(limit > 600000 ? 600000 : limit));
		app_frame_if_dirty(app);
		if (idle)
			return STEP_OK;
		snprintf(err, n, "a job was still running after %ld ms", limit);
		return STEP_FAILED;
	}
	if (!strcmp(cmd, "text-style") && st->argc >= 2 &&
	    (!strcmp(st->argv[1], "rtl") || !strcmp(st->argv[1], "ltr")))
		return text_style(app, st, err, n);
	return STEP_UNKNOWN;
}

/* The steps that look at the screen: expect, expect-not, expect-scene,
 * screenshot and dump. STEP_UNKNOWN if st is none of them. */
static enum step_result look(struct app *app, const struct step *st, const char *shots,
			     char *err, size_t n, bool interactive)
{
	const char *cmd = st->argv[0];
	if (!strcmp(cmd, "expect") && st->argc == 2) {
		if (ui_text_visible(&app->ui, st->argv[1]))
			return STEP_OK;
		snprintf(err, n, "expected \"%s\" on the %s screen; it is not there", st->argv[1],
			 scene_name(app));
		return STEP_FAILED;
	}
	if (!strcmp(cmd, "expect-not") && st->argc == 2) {
		if (!ui_text_visible(&app->ui, st->argv[1]))
			return STEP_OK;
		snprintf(err, n, "\"%s\" is on the %s screen but should not be", st->argv[1],
			 scene_name(app));
		return STEP_FAILED;
	}
	if (!strcmp(cmd, "expect-scene") && st->argc == 2) {
		if (!strcmp(scene_name(app), st->argv[1]))
			return STEP_OK;
		snprintf(err, n, "expected the %s screen, but this is %s", st->argv[1], scene_name(app));
		return STEP_FAILED;
	}
	if (!strcmp(cmd, "screenshot") && st->argc == 2) {
		if (!shots) {
			snprintf(err, n, "screenshot needs --screenshots DIR");
			return STEP_FAILED;
		}
		char path[1024];
		snprintf(path, sizeof path, "%s/%s.png", shots, st->argv[1]);
		if (!pf_screenshot(app->pf, path)) {
			snprintf(err, n, "cannot write %.900s: %.100s", path, pf_error());
			return STEP_FAILED;
		}
		return STEP_OK;
	}
	if (!strcmp(cmd, "stats") && st->argc == 1) {	/* for tools/bench */
		char line[512];
		pf_stats_format(app->pf, line, sizeof line, true);
		printf("%s\n", line);
		if (!interactive)
			fflush(stdout);
		return STEP_OK;
	}
	if (!strcmp(cmd, "dump") && st->argc == 1) {
		char *json = ui_dump_json(&app->ui, scene_name(app));
		printf("%s\n", json ? json : "{}");
		free(json);
		if (!interactive)
			fflush(stdout);
		return STEP_OK;
	}
	return STEP_UNKNOWN;
}

/* Runs one step. On failure writes the reason into err. */
static bool run_step(struct app *app, const struct step *st, const char *shots, char *err,
		     size_t n, bool interactive)
{
	app_tick(app);	/* a thread's wake-up becomes a frame here */
	app_frame_if_dirty(app);
	enum step_result r = act(app, st, err, n);
	if (r == STEP_UNKNOWN)
		r = look(app, st, shots, err, n, interactive);
	if (r == STEP_UNKNOWN)
		snprintf(err, n, "cannot understand \"%s\" (see --help for the script steps)",
			 st->argv[0]);
	return r == STEP_OK;
}

int script_run(struct app *app, FILE *in, const char *name, bool interactive,
	       const char *shots_dir)
{
	if (shots_dir)
		mkdir(shots_dir, 0755);
	app_frame(app);
	char line[4096];
	int lineno = 0, failed = 0;
	while (!app->quit && fgets(line, sizeof line, in)) {
		lineno++;
		struct step st;
		char err[1024] = "";
		bool ok;
		if (!split(line, &st)) {
			snprintf(err, sizeof err, "a quoted string is not closed");
			ok = false;
		} else if (st.argc == 0) {
			if (interactive && strspn(line, " \t\r\n") != strlen(line)) {
				printf("ok\n");
				fflush(stdout);
			}
			continue;
		} else {
			ok = run_step(app, &st, shots_dir, err, sizeof err, interactive);
		}
		if (interactive) {
			if (!ok)
				printf("error: %s\n", err);
			else if (strcmp(st.argv[0], "dump") != 0 && strcmp(st.argv[0], "stats") != 0)
				printf("ok\n");
			fflush(stdout);
			failed |= !ok;
			continue;
		}
		if (!ok) {
			fprintf(stderr, "%s:%d: %s\n", name, lineno, err);
			return 1;
		}
	}
	return failed;
}
