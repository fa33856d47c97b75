/*
 * staff_clock.c: the clock on staff mode's Wi-Fi and clock screen
 * (sys/timedate.h). A Raspberry Pi has no real-time clock: without a
 * network it boots with the time it stopped at. The screen shows the
 * kiosk's date and time and whether it is synchronised; when it is not,
 * staff set it (to the minute) with + and - for day, hour and minute, and
 * systemd-timedated sets the system clock. timedated is asked on a job's
 * thread when the screen opens, once a minute and after a set.
 */
#include "scenes/staff_int.h"
#include "ui/ui_theme.h"

#include "sys/timedate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define READ_EVERY_MS 60000

struct staff_clock {
	struct td_status st;
	bool have;
	struct td_job *job;
	uint64_t read_at;
	bool editing;
	int64_t set_ms;		/* the editor's value, whole minutes */
	bool pending;		/* set the clock to set_ms once no read runs */
	char note[256];		/* after a set: done, or why not */
	bool note_bad;
};

static void clock_done(struct job *j, void *owner, void *ctx)
{
	struct staff_state *s = owner;
	struct app *app = ctx;
	struct td_job *t = (struct td_job *)j;
	struct staff_clock *c = s->clock;
	c->job = NULL;
	c->st = t->st;
	c->have = true;
	app_clock_note(app, &t->st);	/* new leads record it */
	c->read_at = app_now_ms(app) | 1;
	if (t->set) {
		c->note_bad = t->set_err != TD_OK;
		if (t->set_err)
			staff_fill1(c->note, sizeof c->note,
				    app_str(app, t->set_err == TD_DENIED ? "staff.clock.denied"
									 : "staff.clock.failed"),
				    "{error}", t->set_why);
		else
			snprintf(c->note, sizeof c->note, "%s", app_str(app, "staff.clock.set_done"));
	}
	app_update_soon(app);
}

static void start(struct app *app, struct staff_state *s, bool set, int64_t ms)
{
	struct staff_clock *c = s->clock;
	if (c->job)
		return;
	struct td_job *t = td_job_new(set, ms);
	if (t)
		t->job.done = clock_done;
	if (!t || job_start(app->jobs, &t->job, s) != JOB_OK) {
		c->read_at = app_now_ms(app) | 1;
		return;
	}
	c->job = t;
}

void staff_clock_open(struct app *app, struct staff_state *s)
{
	if (!s->clock)
		s->clock = calloc(1, sizeof *s->clock);
	if (s->clock)
		start(app, s, false, 0);
}

void staff_clock_leave(struct app *app, struct staff_state *s)
{
	if (!s->clock)
		return;
	if (s->clock->job)
		job_cancel(app->jobs, &s->clock->job->job);
	free(s->clock);
	s->clock = NULL;
}

uint64_t staff_clock_update(struct app *app, struct staff_state *s, uint64_t now)
{
	struct staff_clock *c = s->clock;
	if (!c)
		return 0;
	if (!c->job && c->pending) {
		c->pending = false;
		start(app, s, true, c->set_ms);
		if (!c->job) {
			c->note_bad = true;
			snprintf(c->note, sizeof c->note, "%s", app_str(app, "staff.wifi.no_job"));
		}
	}
	if (!c->job && (!c->read_at || now - c->read_at >= READ_EVERY_MS))
		start(app, s, false, 0);
	/* The time shown moves on at each whole minute of the wall clock. */
	int64_t wall = app_wall_ms(app);
	return now + (uint64_t)(60000 - wall % 60000);
}

bool staff_clock_editing(const struct staff_state *s)
{
	return s->clock && s->clock->editing;
}

void staff_clock_stop_editing(struct staff_state *s)
{
	if (s->clock)
		s->clock->editing = false;
}

void staff_time_text(int64_t ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, n, "-");
}

int staff_clock_line(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r)
{
	struct staff_clock *c = s->clock;
	if (!c)
		return 0;
	char now[32], line[512];
	staff_time_text(app_wall_ms(app), now, sizeof now);
	const char *key = !c->have				 ? "staff.clock.reading"
			  : c->st.err == TD_UNAVAILABLE ? "staff.clock.unknown"
			  : c->st.err			 ? "staff.clock.error"
			  : c->st.synced		 ? "staff.clock.synced"
							 : "staff.clock.not_synced";
	const char *const slots[][2] = {{"{time}", now}, {"{error}", c->st.why}};
	staff_fill(line, sizeof line, app_str(app, key), slots, 2);
	bool can_set = c->have && !c->st.err && !c->st.synced, tapped;
	bool bad = c->have && (c->st.err || !c->st.synced);
	const struct ui_button_spec set = {app_str(app, "staff.clock.set"), "clock-set", UI_STYLE_PRIMARY};
	int gap = ui->sz.gap_small;
	int h = ui_status_row(ui, r, line, bad ? ui->th.danger : ui->th.text, can_set ? &set : NULL,
			      &tapped);
	if (tapped) {
		c->editing = true;
		c->note[0] = '\0';
		c->set_ms = app_wall_ms(app) / 60000 * 60000;
	}
	if (c->note[0])
		h += gap + ui_label(ui, c->note, (struct ui_rect){r.x, r.y + h + gap, r.w, 0},
				    UI_FONT_BODY, UI_REGULAR,
				    c->note_bad ? ui->th.danger : ui->th.primary, UI_ALIGN_LEFT);
	return h;
}

/* Moves the editor's value by one unit of a field of local time (so a
 * day is a calendar day, across a clock change too). */
static void nudge(struct staff_clock *c, int field, int by)
{
	time_t t = (time_t)(c->set_ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return;
	if (field == 0)
		tm.tm_mday += by;
	else if (field == 1)
		tm.tm_hour += by;
	else
		tm.tm_min += by;
	tm.tm_isdst = -1;
	time_t n = mktime(&tm);
	if (n != (time_t)-1)
		c->set_ms = (int64_t)n * 1000;
}

void staff_clock_edit_draw(struct app *app, struct staff_state *s, struct ui *ui)
{
	struct staff_clock *c = s->clock;
	struct ui_rect a;
	const struct ui_bar bar = {.title = app_str(app, "staff.clock.title"),
				   .back = app_str(app, "staff.tag.cancel")};
	if (ui_topbar(ui, &bar, &a)) {
		c->editing = false;
		return;
	}
	int pad = ui->sz.in, gap = ui->sz.gap_small, bh = ui->sz.button_h;
	char when[32];
	staff_time_text(c->set_ms, when, sizeof when);
	int th = ui_size(ui, UI_SIZE_CLOCK_H), y = a.y + pad;
	ui_label(ui, app_str(app, "staff.clock.hint"), (struct ui_rect){a.x + pad, y, a.w - 2 * pad, bh},
		 UI_FONT_BODY, UI_REGULAR, ui->th.text, UI_ALIGN_LEFT);
	y += bh;
	ui_label(ui, when, (struct ui_rect){a.x + pad, y, a.w - 2 * pad, th}, UI_FONT_TITLE, UI_BOLD,
		 ui->th.primary, UI_ALIGN_CENTER);
	y += th + gap;
	static const char *const units[] = {"staff.clock.day", "staff.clock.hour",
					    "staff.clock.minute"};
	static const char *const names[][2] = {{"clock-day-minus", "clock-day-plus"},
					       {"clock-hour-minus", "clock-hour-plus"},
					       {"clock-minute-minus", "clock-minute-plus"}};
	int cw = (a.w - 2 * pad - 2 * gap) / 3, sw = (cw - gap) / 2;
	for (int i = 0; i < 3; i++) {
		int x = a.x + pad + i * (cw + gap);
		ui_label(ui, app_str(app, units[i]), (struct ui_rect){x, y, cw, bh / 2 + gap},
			 UI_FONT_SMALL, UI_REGULAR, ui->th.muted, UI_ALIGN_CENTER);
		for (int k = 0; k < 2; k++)
			if (ui_button_named(ui, k ? "+" : "-", names[i][k],
					    (struct ui_rect){x + k * (sw + gap), y + bh / 2 + gap, sw, bh},
					    UI_STYLE_SECONDARY, NULL))
				nudge(c, i, k ? 1 : -1);
	}
	y += bh / 2 + gap + bh + 2 * gap;
	int w = ui_size(ui, UI_SIZE_CLOCK_SAVE_W);
	if (ui_button_named(ui, app_str(app, "staff.clock.save"), "clock-save",
			    (struct ui_rect){a.x + (a.w - w) / 2, y, w, bh}, UI_STYLE_PRIMARY, NULL)) {
		c->editing = false;
		c->note[0] = '\0';
		c->pending = true;	/* after a read that may be running */
		app_update_soon(app);
	}
}
