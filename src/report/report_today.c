/*
 * report_today: the counts staff mode's "Today at this event" shows
 * (report_sum.h), added up from the database's tallies and the batch the
 * kiosk has not written yet. Only counts: nothing names or follows a
 * visitor (report/report.h).
 */
#include "report/report.h"
#include "report/report_sum.h"

#include <stdio.h>
#include <string.h>

static int add_row(void *ctx, const struct store_tally *row)
{
	return report_sum_add(ctx, row) ? STORE_NOMEM : 0;
}

static void add_pending(void *ctx, const struct store_tally *row)
{
	report_sum_add(ctx, row);
}

void report_today(struct store *st, const struct report *r, const char *tag, int64_t now_ms,
		  struct report_today *v)
{
	struct report_sum sum = {0};
	char hour[STORE_TALLY_HOUR_LEN];
	memset(v, 0, sizeof *v);
	if (store_tally_hour(now_ms, hour) != STORE_OK)
		return;
	memcpy(v->date, hour, 10);
	const struct store_tally_filter f = {.event = tag, .since = v->date, .until = v->date};
	if (st)
		store_tally_foreach(st, &f, add_row, &sum);
	if (r)
		report_foreach_pending(r, tag, v->date, add_pending, &sum);
	for (int i = 0; i < REPORT_FUNNEL_STEPS; i++)
		v->funnel[i] = report_sum_get(&sum, report_funnel_names[i], NULL);
	const struct report_item *top[REPORT_TOP_ROLES];
	v->ntop = (int)report_sum_top(&sum, "role.preview", top, REPORT_TOP_ROLES);
	for (int i = 0; i < v->ntop; i++) {
		snprintf(v->top[i], sizeof v->top[i], "%s", top[i]->item);
		v->top_n[i] = top[i]->n;
	}
	v->quiz_done = report_sum_get(&sum, "quiz.finish", NULL);
	v->qr = report_sum_get(&sum, "course.qr", NULL);
	v->slips = report_sum_get(&sum, "course.slip", NULL);
	v->idle = report_sum_get(&sum, "idle.reset", NULL);
	report_sum_free(&sum);
}
