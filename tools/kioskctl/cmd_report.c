/*
 * kioskctl report: the kiosk's anonymous counts (issue 18) per event and
 * hour, as a table for the terminal, a CSV for Excel, JSON, or an SVG
 * chart to paste into a report. Read-only: safe while the kiosk runs.
 * Nothing in it is personal (store.h, "Anonymous counts").
 */
#include "kioskctl.h"

#include "kctl_store.h"
#include "report/report_sum.h"
#include "store/export.h"
#include "util/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fmt { F_TEXT, F_CSV, F_JSON, F_SVG };

static void usage(FILE *f)
{
	fprintf(f, "usage: kioskctl report [--event TAG] [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
		   "                       [--format text|csv|json|svg] [--config DIR] [--data DIR]\n"
		   "What happened on this kiosk, per event and hour (UTC): visits, job previews,\n"
		   "quiz, form steps, leads sent, course codes and slips, visits left unfinished.\n"
		   "Counts only: nothing in it names or follows a visitor. text (the default) is a\n"
		   "table, csv opens in Excel (one row per event, hour and counter), json has the\n"
		   "same numbers, svg is a chart of each event's funnel. Writes to the screen:\n"
		   "  kioskctl report --format csv > counts.csv\n");
}

struct hour_sum {
	char hour[STORE_TALLY_HOUR_LEN];
	struct report_sum s;
};

struct ev_sum {
	char *tag;
	struct report_sum total;
	struct hour_sum *h;
	size_t nh, caph;
};

struct all {
	struct ev_sum *e;
	size_t n, cap;
};

static void all_free(struct all *a)
{
	for (size_t i = 0; i < a->n; i++) {
		for (size_t j = 0; j < a->e[i].nh; j++)
			report_sum_free(&a->e[i].h[j].s);
		free(a->e[i].h);
		report_sum_free(&a->e[i].total);
		free(a->e[i].tag);
	}
	free(a->e);
}

/* Rows come ordered by event, then hour: each opens a new group or adds
 * to the last. */
static int take(void *ctx, const struct store_tally *r)
{
	struct all *a = ctx;
	if (!a->n || strcmp(a->e[a->n - 1].tag, r->event)) {
		if (!grow(&a->e, &a->cap, a->n, 8))
			return STORE_NOMEM;
		a->e[a->n] = (struct ev_sum){.tag = strdup(r->event)};
		if (!a->e[a->n++].tag)
			return STORE_NOMEM;
	}
	struct ev_sum *e = &a->e[a->n - 1];
	if (!e->nh || strcmp(e->h[e->nh - 1].hour, r->hour)) {
		if (!grow(&e->h, &e->caph, e->nh, 16))
			return STORE_NOMEM;
		memset(&e->h[e->nh], 0, sizeof e->h[0]);
		snprintf(e->h[e->nh++].hour, sizeof e->h[0].hour, "%s", r->hour);
	}
	if (report_sum_add(&e->h[e->nh - 1].s, r) || report_sum_add(&e->total, r))
		return STORE_NOMEM;
	return 0;
}

/* The funnel's words and the columns of the text table. */
static const char *const funnel_words[REPORT_FUNNEL_STEPS] = {
	"visits", "looked at a job", "tried the quiz", "started the form", "sent details"};
static const char *const funnel_keys[REPORT_FUNNEL_STEPS] = {"visits", "previews", "quiz",
							     "form", "sent"};

static void text_items(const struct report_sum *s, const char *name, const char *title)
{
	const struct report_item *top[64];
	size_t n = report_sum_top(s, name, top, 64);
	if (!n)
		return;
	printf("  %s:\n", title);
	for (size_t i = 0; i < n; i++)
		printf("    %-36s %6ld\n", top[i]->item[0] ? top[i]->item : "-", top[i]->n);
}

/* Once-per-visit counts the text shows as one line each, when not 0. */
static const char *const used[][2] = {
	{"visit.read_aloud", "visits that used Listen (read aloud):"},
	{"visit.larger_text", "visits with larger text:"},
	{"visit.high_contrast", "visits with high contrast:"},
};

static void print_text(const struct all *a)
{
	if (!a->n)
		printf("Nothing counted yet (for these filters).\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct ev_sum *e = &a->e[i];
		printf("%sEvent: %s\n", i ? "\n" : "", e->tag[0] ? e->tag : "(no event tag)");
		printf("  %-16s %7s %8s %6s %6s %6s %10s\n", "hour (UTC)", "visits", "previews",
		       "quiz", "form", "sent", "unfinished");
		for (size_t j = 0; j <= e->nh; j++) {
			const struct report_sum *s = j < e->nh ? &e->h[j].s : &e->total;
			char hour[20];
			if (j < e->nh)
				snprintf(hour, sizeof hour, "%.10s %.2s:00", e->h[j].hour,
					 e->h[j].hour + 11);
			else
				snprintf(hour, sizeof hour, "total");
			printf("  %-16s", hour);
			for (int k = 0; k < REPORT_FUNNEL_STEPS; k++)
				printf(" %*ld", k == 0 ? 7 : k == 1 ? 8 : 6,
				       report_sum_get(s, report_funnel_names[k], NULL));
			printf(" %10ld\n", report_sum_get(s, "idle.reset", NULL));
		}
		text_items(&e->total, "role.preview", "jobs looked at (previews opened)");
		text_items(&e->total, "quiz.finish", "quiz finished, per character");
		text_items(&e->total, "form.step", "visits that reached each form step");
		text_items(&e->total, "lead.quiz", "leads sent with quiz results, per character");
		text_items(&e->total, "course.qr", "course codes shown, per programme");
		text_items(&e->total, "course.slip", "slips printed, per programme");
		text_items(&e->total, "idle.reset", "visits left unfinished, per screen");
		text_items(&e->total, "visit.lang", "visits per language (each one a visit used)");
		for (size_t k = 0; k < sizeof used / sizeof used[0]; k++) {
			long n = report_sum_get(&e->total, used[k][0], NULL);
			if (n)
				printf("  %-38s %6ld\n", used[k][1], n);
		}
	}
}

/* A JSON string; tags and ids are the kiosk's own, but quote them right. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* {"visit.start": 5, "role.preview": {"home-care-worker": 2}, ...}: a
 * counter with items is an object, one without a number. */
static void json_counts(const struct report_sum *s)
{
	printf("{");
	bool first = true;
	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->v[i].name;
		size_t k = 0;
		while (k < i && strcmp(s->v[k].name, name))
			k++;
		if (k < i)
			continue;	/* already written with its first item */
		bool items = false;
		for (size_t j = i; j < s->n; j++)
			items |= !strcmp(s->v[j].name, name) && s->v[j].item[0];
		printf("%s", first ? "" : ", ");
		first = false;
		json_str(name);
		if (!items) {
			printf(": %ld", report_sum_get(s, name, NULL));
			continue;
		}
		printf(": {");
		bool f2 = true;
		for (size_t j = i; j < s->n; j++) {
			if (strcmp(s->v[j].name, name))
				continue;
			printf("%s", f2 ? "" : ", ");
			f2 = false;
			json_str(s->v[j].item);
			printf(": %ld", s->v[j].n);
		}
		printf("}");
	}
	printf("}");
}

static void print_json(const struct all *a)
{
	printf("{\"events\": [");
	for (size_t i = 0; i < a->n; i++) {
		const struct ev_sum *e = &a->e[i];
		printf("%s\n  {\"event\": ", i ? "," : "");
		json_str(e->tag);
		printf(", \"funnel\": {");
		for (int k = 0; k < REPORT_FUNNEL_STEPS; k++)
			printf("%s\"%s\": %ld", k ? ", " : "", funnel_keys[k],
			       report_sum_get(&e->total, report_funnel_names[k], NULL));
		printf("},\n   \"totals\": ");
		json_counts(&e->total);
		printf(",\n   \"hours\": [");
		for (size_t j = 0; j < e->nh; j++) {
			printf("%s\n    {\"hour\": \"%s\", \"counts\": ", j ? "," : "", e->h[j].hour);
			json_counts(&e->h[j].s);
			printf("}");
		}
		printf("]}");
	}
	printf("\n]}\n");
}

/* Text in an SVG: & < > escaped. */
static void svg_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", stdout);
		else if (*s == '<')
			fputs("&lt;", stdout);
		else if (*s == '>')
			fputs("&gt;", stdout);
		else
			putchar(*s);
	}
}

/* One panel per event: the funnel as bars with their numbers, then the
 * jobs looked at most. Plain SVG 1.1 a word processor takes. */
static void print_svg(const struct all *a)
{
	const int W = 720, bar_h = 28, gap = 10, left = 190, right = 70;
	int h = 20;
	for (size_t i = 0; i < a->n; i++) {
		const struct report_item *top[5];
		h += 50 + REPORT_FUNNEL_STEPS * (bar_h + gap) + 40 +
		     (int)report_sum_top(&a->e[i].total, "role.preview", top, 5) * (bar_h + gap) + 20;
	}
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	       "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"15\">\n"
	       "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n", W, h, W, h);
	int y = 20;
	for (size_t i = 0; i < a->n; i++) {
		const struct ev_sum *e = &a->e[i];
		printf("<text x=\"20\" y=\"%d\" font-size=\"20\" font-weight=\"bold\">", y + 20);
		svg_text(e->tag[0] ? e->tag : "(no event tag)");
		printf("</text>\n");
		y += 50;
		long max = 1;
		for (int k = 0; k < REPORT_FUNNEL_STEPS; k++) {
			long v = report_sum_get(&e->total, report_funnel_names[k], NULL);
			max = v > max ? v : max;
		}
		for (int k = 0; k < REPORT_FUNNEL_STEPS; k++) {
			long v = report_sum_get(&e->total, report_funnel_names[k], NULL);
			int bw = (int)((long)(W - left - right - 20) * v / max);
			printf("<g class=\"funnel\" data-step=\"%s\" data-value=\"%ld\">"
			       "<text x=\"20\" y=\"%d\">%s</text>"
			       "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#0b6e6e\"/>"
			       "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%ld</text></g>\n",
			       funnel_keys[k], v, y + 19, funnel_words[k], left, y, bw > 1 ? bw : 1,
			       bar_h, left + (bw > 1 ? bw : 1) + 8, y + 19, v);
			y += bar_h + gap;
		}
		const struct report_item *top[5];
		size_t nt = report_sum_top(&e->total, "role.preview", top, 5);
		printf("<text x=\"20\" y=\"%d\" font-weight=\"bold\">jobs looked at most</text>\n",
		       y + 25);
		y += 40;
		for (size_t t = 0; t < nt; t++) {
			int bw = (int)((long)(W - left - right - 20) * top[t]->n / top[0]->n);
			printf("<g class=\"role\" data-role=\"");
			svg_text(top[t]->item);
			printf("\" data-value=\"%ld\"><text x=\"20\" y=\"%d\">", top[t]->n, y + 19);
			svg_text(top[t]->item);
			printf("</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			       "fill=\"#c2410c\"/><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%ld"
			       "</text></g>\n",
			       left, y, bw, bar_h, left + bw + 8, y + 19, top[t]->n);
			y += bar_h + gap;
		}
		y += 20;
	}
	printf("</svg>\n");
}

static bool date_ok(const char *s)
{
	int y, m, d;
	char extra;
	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

static int parse(struct kctl *k, struct store_tally_filter *f, enum fmt *fmt)
{
	static const char *const fmts[] = {"text", "csv", "json", "svg"};
	for (int i = 1; i < k->argc; i++) {
		const char *a = k->argv[i], *v = i + 1 < k->argc ? k->argv[i + 1] : NULL;
		if (!v) {
			fprintf(stderr, "kioskctl report: %s needs a value (see --help)\n", a);
			return 2;
		}
		i++;
		int want = -1;
		for (int j = 0; j < 4; j++)
			if (!strcmp(v, fmts[j]))
				want = j;
		if (!strcmp(a, "--format") && want >= 0)
			*fmt = (enum fmt)want;
		else if (!strcmp(a, "--event"))
			f->event = v;
		else if (!strcmp(a, "--since") && date_ok(v))
			f->since = v;
		else if (!strcmp(a, "--until") && date_ok(v))
			f->until = v;
		else {
			fprintf(stderr, "kioskctl report: cannot use %s \"%s\" (see --help)\n", a, v);
			return 2;
		}
	}
	return 0;
}

int cmd_report(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	struct store_tally_filter f = {0};
	enum fmt fmt = F_TEXT;
	int rc = parse(k, &f, &fmt);
	if (rc)
		return rc;
	struct store *st = kctl_open_store(k, false);
	if (!st)
		return 1;
	enum store_err err = STORE_OK;
	struct all a = {0};
	if (fmt == F_CSV) {
		rc = export_tally_csv(stdout, st, &f, &err);
	} else {
		rc = store_tally_foreach(st, &f, take, &a);
		err = rc > 0 ? (enum store_err)rc : STORE_OK;
		if (!rc && fmt == F_TEXT)
			print_text(&a);
		else if (!rc && fmt == F_JSON)
			print_json(&a);
		else if (!rc)
			print_svg(&a);
	}
	all_free(&a);
	store_close(st);
	if (rc == -2 || err) {
		fprintf(stderr, "kioskctl report: cannot read the counts: %s\n", store_strerror(err));
		return 1;
	}
	if (rc || fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kioskctl report: could not write the report\n");
		return 1;
	}
	return 0;
}
