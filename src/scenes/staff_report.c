/*
 * staff_report.c: staff mode's "Today at this event": the funnel (visits,
 * looked at a job, tried the quiz, started the form, sent their details)
 * as bars with numbers, the jobs looked at most, and a line of other
 * counts, for this event tag and today (UTC), as report_today() adds
 * them up.
 */
#include "scenes/scenes.h"

#include "report/report_sum.h"
#include "scenes/staff_int.h"
#include "ui/ui_theme.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void staff_report_refresh(struct app *app, struct staff_state *s)
{
	app_event_tag(app, s->tag, sizeof s->tag);
	report_today(app->store, &app->report, s->tag, app_wall_ms(app), &s->rv);
}

static void heading(struct ui *ui, const char *text, struct ui_col *c)
{
	ui_col_label(ui, c, text, UI_FONT_LARGE, UI_BOLD, ui->th.text);
}

static void draw_funnel(struct app *app, const struct report_today *v, struct ui *ui,
			struct ui_rect r)
{
	static const char *const keys[REPORT_FUNNEL_STEPS] = {
		"staff.report.funnel.visits", "staff.report.funnel.previews",
		"staff.report.funnel.quiz", "staff.report.funnel.form", "staff.report.funnel.sent"};
	static const char *const names[REPORT_FUNNEL_STEPS] = {
		"funnel-visits", "funnel-previews", "funnel-quiz", "funnel-form", "funnel-sent"};
	ui_panel(ui, r, ui->th.surface);
	struct ui_rect in = ui_inset(r, ui->sz.in, ui->sz.in);
	int gap = ui->sz.gap_small, h = (in.h - (REPORT_FUNNEL_STEPS - 1) * gap) / REPORT_FUNNEL_STEPS;
	long max = v->funnel[0];
	for (int i = 1; i < REPORT_FUNNEL_STEPS; i++)
		max = v->funnel[i] > max ? v->funnel[i] : max;
	for (int i = 0; i < REPORT_FUNNEL_STEPS; i++)
		ui_count_bar(ui, (struct ui_rect){in.x, in.y + i * (h + gap), in.w, h},
			     app_str(app, keys[i]), v->funnel[i], max, names[i]);
}

static void draw_roles(struct app *app, const struct report_today *v, struct ui *ui,
		       struct ui_rect r)
{
	ui_panel(ui, r, ui->th.surface);
	struct ui_col c = ui_col(ui_inset(r, ui->sz.in, ui->sz.in), ui->sz.gap_small);
	heading(ui, app_str(app, "staff.report.roles"), &c);
	if (!v->ntop) {
		ui_col_label(ui, &c, app_str(app, "staff.report.no_roles"), UI_FONT_BODY,
			     UI_REGULAR, ui->th.muted);
		return;
	}
	int h = ui_size(ui, UI_SIZE_COUNT_BAR_H);
	for (int i = 0; i < v->ntop; i++) {
		const struct role *role = roles_find(app_roles(app), v->top[i]);
		char name[80];
		snprintf(name, sizeof name, "top-role-%d", i + 1);
		ui_count_bar(ui, ui_col_take(&c, h), role ? role->title : v->top[i], v->top_n[i],
			     v->top_n[0], name);
	}
}

void staff_report_draw(struct app *app, struct staff_state *s, struct ui *ui)
{
	const struct report_today *v = &s->rv;
	struct ui_rect area;
	if (ui_topbar(ui, &(struct ui_bar){.title = app_str(app, "staff.report.title"),
					   .back = app_str(app, "staff.report.back")},
		      &area) == UI_BAR_BACK) {
		s->modal = MO_NONE;
		app_update_soon(app);
		return;
	}
	char line[512], n[4][24];
	const char *const ev[][2] = {{"{tag}", s->tag}, {"{date}", v->date}};
	staff_fill(line, sizeof line, app_str(app, s->tag[0] ? "staff.report.event" : "staff.report.no_tag"),
		   ev, 2);
	struct ui_rect r = ui_inset(area, ui->sz.in, ui->sz.in);
	struct ui_col top = ui_col(r, ui->sz.gap_small);
	ui_col_label(ui, &top, line, UI_FONT_BODY, UI_REGULAR, ui->th.muted);
	snprintf(n[0], sizeof n[0], "%ld", v->quiz_done);
	snprintf(n[1], sizeof n[1], "%ld", v->qr);
	snprintf(n[2], sizeof n[2], "%ld", v->slips);
	snprintf(n[3], sizeof n[3], "%ld", v->idle);
	const char *const more[][2] = {{"{quiz}", n[0]}, {"{qr}", n[1]}, {"{slips}", n[2]},
				       {"{idle}", n[3]}};
	staff_fill(line, sizeof line, app_str(app, "staff.report.more"), more, 4);
	int mh = ui_text_height(ui, line, r.w, UI_FONT_BODY, UI_REGULAR);
	struct ui_rect body = ui_col_take(&top, r.y + r.h - top.y - mh - ui->sz.gap_small);
	ui_col_label(ui, &top, line, UI_FONT_BODY, UI_REGULAR, ui->th.text);
	int gap = ui->sz.gap, fw = (body.w - gap) * 55 / 100;
	draw_funnel(app, v, ui, (struct ui_rect){body.x, body.y, fw, body.h});
	draw_roles(app, v, ui, (struct ui_rect){body.x + fw + gap, body.y, body.w - fw - gap, body.h});
}
