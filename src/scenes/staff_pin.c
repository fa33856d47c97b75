/*
 * staff_pin.c: the staff scene's PIN pad. Big keys 0-9, Delete and OK; a
 * dot for each digit typed; after a wrong PIN how many tries are left;
 * while locked, how long is left (counting down). Digits, Backspace and
 * Enter on a physical keyboard work too. The PIN is checked against its
 * hash by pin_check_at() at app_pin_time(), so the lockout runs on the
 * kiosk's (virtual, under test) clock and holds when the wall clock jumps.
 */
#include "scenes/scenes.h"

#include "scenes/staff_int.h"

#include <stdio.h>
#include <string.h>

void staff_pin_enter(struct app *app, struct staff_state *s)
{
	struct pin_status ps = {0};
	s->mode = MODE_PIN;
	if (!app_store(app)) {
		s->pm = PM_NO_STORE;
		s->serr = app->store_err;
		return;
	}
	struct pin_time t;
	app_pin_time(app, &t);
	if ((s->serr = pin_status_at(app->store, &t, &ps))) {
		s->pm = PM_NO_STORE;
		return;
	}
	s->pm = !ps.set ? PM_NOT_SET : ps.locked_until_ms ? PM_LOCKED : PM_PROMPT;
	s->locked_until = ps.locked_until_ms;
	s->tries_left = ps.tries_left;
}

static void clear_pin(struct staff_state *s)
{
	explicit_bzero(s->pin, sizeof s->pin);
	s->npin = 0;
}

static void submit(struct app *app, struct staff_state *s)
{
	if (s->pm == PM_LOCKED)
		return;
	if (s->npin < PIN_MIN_DIGITS) {
		s->pm = PM_SHORT;
		return;
	}
	struct pin_status ps;
	struct pin_time t;
	app_pin_time(app, &t);
	enum pin_err r = pin_check_at(app->store, s->pin, &t, &ps, &s->serr);
	clear_pin(s);
	s->tries_left = ps.tries_left;
	s->locked_until = ps.locked_until_ms;
	switch (r) {
	case PIN_OK:
		s->mode = MODE_MAIN;
		s->modal = MO_NONE;
		app_update_soon(app);
		break;
	case PIN_LOCKED:
		s->pm = PM_LOCKED;
		break;
	case PIN_NOT_SET:
		s->pm = PM_NOT_SET;
		break;
	case PIN_STORE:
	case PIN_NOMEM:
		s->pm = PM_NO_STORE;
		break;
	default:
		s->pm = PM_WRONG;
		break;
	}
}

static void type_digit(struct staff_state *s, char d)
{
	if (s->pm == PM_LOCKED || s->npin >= PIN_MAX_DIGITS)
		return;
	s->pin[s->npin++] = d;
	if (s->pm == PM_SHORT)
		s->pm = PM_PROMPT;
}

static void backspace(struct staff_state *s)
{
	if (s->npin)
		s->pin[--s->npin] = '\0';
}

/* "4 minutes" / "1 minute" / "30 seconds", rounded up. */
static void time_left(struct app *app, int64_t ms, char *out, size_t n)
{
	char num[24];
	int64_t secs = (ms + 999) / 1000;
	bool mins = secs >= 60;
	int64_t v = mins ? (secs + 59) / 60 : secs;
	snprintf(num, sizeof num, "%lld", (long long)v);
	const char *key = mins ? (v == 1 ? "staff.pin.minute" : "staff.pin.minutes")
			       : (v == 1 ? "staff.pin.second" : "staff.pin.seconds");
	staff_fill1(out, n, app_str(app, key), "{n}", num);
}

/* The line under the dots; also ends a lock that has run out. */
static void message(struct app *app, struct staff_state *s, struct ui *ui, char *out, size_t n)
{
	char t[64], num[24];
	int64_t now = app_wall_ms(app);
	if (s->pm == PM_LOCKED && now >= s->locked_until) {
		s->pm = PM_PROMPT;
		s->tries_left = PIN_TRIES;
	}
	switch (s->pm) {
	case PM_LOCKED:
		time_left(app, s->locked_until - now, t, sizeof t);
		staff_fill1(out, n, app_str(app, "staff.pin.locked"), "{time}", t);
		/* Redraw when the whole seconds left change. */
		int64_t part = (s->locked_until - now) % 1000;
		ui_request_tick(ui, ui->now + (uint64_t)(part ? part : 1000));
		break;
	case PM_WRONG:
		snprintf(num, sizeof num, "%d", s->tries_left);
		staff_fill1(out, n, app_str(app, s->tries_left == 1 ? "staff.pin.wrong_one"
								    : "staff.pin.wrong"),
			    "{n}", num);
		break;
	case PM_SHORT:
		snprintf(out, n, "%s", app_str(app, "staff.pin.short"));
		break;
	default:
		out[0] = '\0';
		break;
	}
}

/* No PIN set, or no database: say so plainly; Back is the only way on. */
static void draw_blocked(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect a)
{
	char msg[512];
	if (s->pm == PM_NOT_SET)
		snprintf(msg, sizeof msg, "%s", app_str(app, "staff.pin.not_set"));
	else
		staff_fill1(msg, sizeof msg, app_str(app, "staff.pin.no_store"), "{error}",
			    store_strerror(s->serr));
	ui_notice(ui, a, msg);
}

void staff_pin_draw(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct ui_rect a;
	const struct ui_bar bar = {.title = app_str(app, "staff.pin.title"),
				   .back = app_str(app, "nav.back")};
	if (ui_topbar(ui, &bar, &a)) {
		app_goto(app, SCENE_ATTRACT, NULL);
		return;
	}
	if (s->pm == PM_NOT_SET || s->pm == PM_NO_STORE) {
		draw_blocked(app, s, ui, a);
		return;
	}
	char msg[512];
	message(app, s, ui, msg, sizeof msg);
	const struct ui_pin_pad p = {
		.prompt = app_str(app, "staff.pin.prompt"), .msg = msg,
		.msg_color = s->pm == PM_SHORT ? ui->th.text : ui->th.danger,
		.n = (int)s->npin, .min = PIN_MIN_DIGITS,
		.del = app_str(app, "staff.pin.delete"), .ok = app_str(app, "staff.pin.ok"),
	};
	int k = ui_pin_pad(ui, a, &p);
	if (k == '\b')
		backspace(s);
	else if (k == '\n')
		submit(app, s);
	else if (k)
		type_digit(s, (char)k);
}

bool staff_pin_key(struct app *app, struct staff_state *s, const struct ui_event *ev)
{
	if (s->pm == PM_NOT_SET || s->pm == PM_NO_STORE)
		return false;
	if (ev->type == UI_EV_TEXT) {
		for (const char *p = ev->text; *p; p++)
			if (*p >= '0' && *p <= '9')
				type_digit(s, *p);
		return true;
	}
	if (ev->type != UI_EV_KEY)
		return false;
	if (ev->key == UI_KEY_BACKSPACE || ev->key == UI_KEY_DELETE)
		backspace(s);
	else if (ev->key == UI_KEY_RETURN)
		submit(app, s);
	else
		return false;
	return true;
}
