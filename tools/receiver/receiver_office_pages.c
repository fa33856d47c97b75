/*
 * receiver_office_pages.c: the Kiosks page (the latest heartbeat of each
 * kiosk; one silent for over an hour stands out) and the Events page
 * (per event: the kiosks' anonymous funnel beside the leads received; then
 * leads per event, kiosk and day). Neither shows personal data.
 */
#include "receiver_office_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kctx {
	struct obuf *b;
	char stale[32];
	int silent;
};

static void cell(struct obuf *b, const char *head, const char *v)
{
	ob_printf(b, "<td data-h=\"%s\">", head);
	oh_esc(b, v && *v ? v : "-");
	ob_put(b, "</td>");
}

static int kiosk_row(void *ctx, const struct rstatus *k)
{
	struct kctx *x = ctx;
	const char *const *v = k->v;
	bool silent = v[RS_SEEN_AT] && strcmp(v[RS_SEEN_AT], x->stale) < 0;
	char clock[48];
	snprintf(clock, sizeof clock, "%+.0f s%s", v[RS_CLOCK_OFFSET_S] ? atof(v[RS_CLOCK_OFFSET_S]) : 0,
		 v[RS_CLOCK_SYNCED] && !strcmp(v[RS_CLOCK_SYNCED], "1") ? ", synced" : ", NOT synced");
	x->silent += silent;
	ob_put(x->b, silent ? "<tr class=\"silent\">" : "<tr>");
	cell(x->b, "Kiosk", v[RS_KIOSK]);
	ob_put(x->b, "<td data-h=\"Last seen\">");
	oh_esc(x->b, v[RS_SEEN_AT]);
	if (silent)
		ob_put(x->b, " <strong>silent for over an hour</strong>");
	ob_put(x->b, "</td>");
	cell(x->b, "Leads waiting", v[RS_QUEUED]);
	cell(x->b, "Refused", v[RS_REJECTED]);
	cell(x->b, "App", v[RS_APP_VERSION]);
	ob_put(x->b, "<td data-h=\"Content\">");
	oh_esc(x->b, v[RS_CONTENT_VERSION] && *v[RS_CONTENT_VERSION] ? v[RS_CONTENT_VERSION] : "-");
	if (v[RS_CONTENT_REFUSED] && *v[RS_CONTENT_REFUSED]) {
		ob_put(x->b, "<br><span class=\"refused\">New content refused: ");
		oh_esc(x->b, v[RS_CONTENT_REFUSED]);
		ob_put(x->b, "</span>");
	}
	ob_put(x->b, "</td>");
	cell(x->b, "Last upload", v[RS_LAST_UPLOAD]);
	cell(x->b, "Last error", v[RS_LAST_ERROR]);
	cell(x->b, "Clock", clock);
	cell(x->b, "Free disk (MB)", v[RS_FREE_DISK_MB]);
	ob_put(x->b, "</tr>\n");
	return 0;
}

enum MHD_Result office_kiosks_page(struct office *o, struct MHD_Connection *c,
				   struct osession *s)
{
	struct obuf b = {0}, rows = {0};
	struct kctx x = {.b = &rows};
	char err[300];
	rstore_utc_ago(3600, x.stale);
	int rc = o->store->ops->status_each(o->store, kiosk_row, &x, err, sizeof err);
	oh_head(&b, "Kiosks", s);
	if (rc) {
		fprintf(stderr, "carekiosk-receiver: office kiosks: %s\n", err);
		ob_put(&b, "<p class=\"err\">The kiosks cannot be read now. Try again in a "
			   "minute.</p>");
	}
	if (x.silent)
		ob_printf(&b, "<p class=\"warn\">%d kiosk%s not reported for over an hour: if it "
			      "should be open, check its power and Wi-Fi.</p>", x.silent,
			  x.silent == 1 ? " has" : "s have");
	ob_put(&b, "<table><thead><tr><th>Kiosk</th><th>Last seen (UTC)</th><th>Leads waiting"
		   "</th><th>Refused</th><th>App</th><th>Content</th><th>Last upload</th>"
		   "<th>Last error</th><th>Clock</th><th>Free disk (MB)</th></tr></thead><tbody>");
	ob_putn(&b, rows.p ? rows.p : "", rows.len);
	ob_put(&b, "</tbody></table>");
	oh_tail(&b);
	ob_wipe(&rows);
	return office_send(c, rc ? 503 : 200, "text/html; charset=utf-8", &b, NULL, NULL, NULL);
}

struct count {
	char *event, *kiosk, day[11];
	long n;
};

struct ectx {
	struct count *v;
	size_t n;
	bool nomem;
};

static int count_lead(void *ctx, const struct rlead *l)
{
	struct ectx *e = ctx;
	const char *event = l->event ? l->event : "", *kiosk = l->kiosk ? l->kiosk : l->device;
	char day[11] = "";
	snprintf(day, sizeof day, "%s", l->created_at ? l->created_at : "");
	kiosk = kiosk ? kiosk : "";
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->v[i].event, event) && !strcmp(e->v[i].kiosk, kiosk) &&
		    !strcmp(e->v[i].day, day)) {
			e->v[i].n++;
			return 0;
		}
	struct count *p = realloc(e->v, (e->n + 1) * sizeof *p);
	if (!p) {
		e->nomem = true;
		return 0;
	}
	e->v = p;
	struct count *k = &p[e->n];
	k->event = strdup(event);
	k->kiosk = strdup(kiosk);
	snprintf(k->day, sizeof k->day, "%s", day);
	k->n = 1;
	if (!k->event || !k->kiosk) {
		free(k->event);
		free(k->kiosk);
		e->nomem = true;
		return 0;
	}
	e->n++;
	return 0;
}

/* The funnel the Events page shows, in the kiosk's counter names
 * (README.md, Counting visits). */
static const struct {
	const char *name, *head;
} funnel[] = {
	{"visit.start", "Visits"},	      {"visit.preview", "Looked at jobs"},
	{"visit.quiz", "Tried the quiz"},     {"visit.form", "Started the form"},
	{"lead.sent", "Sent their details"},
};
#define NFUNNEL (sizeof funnel / sizeof funnel[0])

struct frow {
	char *event;
	long long n[NFUNNEL];
	long leads;
};

struct fctx {
	struct frow *v;
	size_t n;
	bool nomem;
};

static struct frow *frow_of(struct fctx *f, const char *event)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].event, event))
			return &f->v[i];
	struct frow *p = realloc(f->v, (f->n + 1) * sizeof *p);
	if (!p || !(p[f->n] = (struct frow){.event = strdup(event)}).event) {
		if (p)
			f->v = p;
		f->nomem = true;
		return NULL;
	}
	f->v = p;
	return &p[f->n++];
}

static int take_sum(void *ctx, const char *event, const char *name, long long n)
{
	for (size_t i = 0; i < NFUNNEL; i++)
		if (!strcmp(name, funnel[i].name)) {
			struct frow *r = frow_of(ctx, event ? event : "");
			if (r)
				r->n[i] += n;
		}
	return 0;
}

static int by_tag(const void *x, const void *y)
{
	return strcmp(((const struct frow *)x)->event, ((const struct frow *)y)->event);
}

/* Per event: the funnel summed over kiosks, and the leads received. */
static void funnel_table(struct obuf *b, struct office *o, const struct ectx *e)
{
	struct fctx f = {0};
	char err[300];
	int rc = o->store->ops->counts_each(o->store, take_sum, &f, err, sizeof err);
	for (size_t i = 0; i < e->n; i++) {
		struct frow *r = frow_of(&f, e->v[i].event);
		if (r)
			r->leads += e->v[i].n;
	}
	if (rc || f.nomem) {
		fprintf(stderr, "carekiosk-receiver: office counts: %s\n", rc ? err : "out of memory");
		ob_put(b, "<p class=\"err\">The kiosks' counts cannot be read now. Try again in a "
			  "minute.</p>");
	}
	if (f.n)
		qsort(f.v, f.n, sizeof *f.v, by_tag);
	ob_put(b, "<h2>What happened at each event</h2><p class=\"meta\">Counted by the kiosks,"
		  " anonymously: each visit once, whatever it did. Leads received are the details"
		  " that reached this office.</p><table class=\"funnel\"><thead><tr><th>Event</th>");
	for (size_t k = 0; k < NFUNNEL; k++)
		ob_printf(b, "<th>%s</th>", funnel[k].head);
	ob_put(b, "<th>Leads received</th></tr></thead><tbody>");
	for (size_t i = 0; i < f.n; i++) {
		char num[24];
		ob_put(b, "<tr>");
		cell(b, "Event", f.v[i].event[0] ? f.v[i].event : "(no event tag)");
		for (size_t k = 0; k < NFUNNEL; k++) {
			snprintf(num, sizeof num, "%lld", f.v[i].n[k]);
			cell(b, funnel[k].head, num);
		}
		snprintf(num, sizeof num, "%ld", f.v[i].leads);
		cell(b, "Leads received", num);
		ob_put(b, "</tr>\n");
		free(f.v[i].event);
	}
	free(f.v);
	ob_put(b, "</tbody></table><h2>Leads per day and kiosk</h2>");
}

static int by_event(const void *x, const void *y)
{
	const struct count *a = x, *b = y;
	int c = strcmp(a->event, b->event);
	c = c ? c : strcmp(b->day, a->day);
	return c ? c : strcmp(a->kiosk, b->kiosk);
}

enum MHD_Result office_events_page(struct office *o, struct MHD_Connection *c,
				   struct osession *s)
{
	struct obuf b = {0};
	struct ectx e = {0};
	char err[300];
	int rc = o->store->ops->each(o->store, count_lead, &e, err, sizeof err);
	oh_head(&b, "Events", s);
	if (rc || e.nomem) {
		fprintf(stderr, "carekiosk-receiver: office events: %s\n", rc ? err : "out of memory");
		ob_put(&b, "<p class=\"err\">The leads cannot be counted now. Try again in a "
			   "minute.</p>");
	}
	if (e.n)
		qsort(e.v, e.n, sizeof *e.v, by_event);
	funnel_table(&b, o, &e);
	ob_put(&b, "<table><thead><tr><th>Event</th><th>Day</th><th>Kiosk</th><th>Leads</th>"
		   "</tr></thead><tbody>");
	for (size_t i = 0; i < e.n; i++) {
		char n[24];
		snprintf(n, sizeof n, "%ld", e.v[i].n);
		ob_put(&b, "<tr>");
		cell(&b, "Event", e.v[i].event);
		cell(&b, "Day", e.v[i].day);
		cell(&b, "Kiosk", e.v[i].kiosk);
		cell(&b, "Leads", n);
		ob_put(&b, "</tr>\n");
		free(e.v[i].event);
		free(e.v[i].kiosk);
	}
	free(e.v);
	ob_put(&b, "</tbody></table>");
	oh_tail(&b);
	return office_send(c, rc ? 503 : 200, "text/html; charset=utf-8", &b, NULL, NULL, NULL);
}
