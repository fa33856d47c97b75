/*
 * export_tally.c: the anonymous counts as a CSV an office opens
 * (export.h, export_tally_csv), for kioskctl report and Export to USB.
 */
#include "store/export.h"

#include <stdio.h>
#include <string.h>

/* What each counter counts, in words, for the CSV's "What" column and
 * kioskctl's text. Keep in step with README.md ("Counting visits"). */
static const char *const words[][2] = {
	{"visit.start", "Visits (a touch on the attract screen)"},
	{"visit.preview", "Visits that looked at a job"},
	{"visit.quiz", "Visits that tried the quiz"},
	{"visit.form", "Visits that started the form"},
	{"visit.read_aloud", "Visits that used Listen (read aloud)"},
	{"visit.lang", "Visits in a language (each language a visit used)"},
	{"visit.larger_text", "Visits with larger text"},
	{"visit.high_contrast", "Visits with high contrast"},
	{"role.preview", "Job previews opened"},
	{"role.page", "Job preview pages reached"},
	{"quiz.start", "Quiz started, per character"},
	{"quiz.finish", "Quiz finished, per character"},
	{"form.start", "Form started"},
	{"form.step", "Visits that reached a form step"},
	{"lead.sent", "Details sent (leads)"},
	{"lead.quiz", "Leads sent with quiz results, per character"},
	{"course.qr", "Course-dates QR codes shown, per programme"},
	{"course.slip", "Course slips printed, per programme"},
	{"idle.reset", "Visits left unfinished (idle reset), per screen"},
};

const char *export_tally_words(const char *name)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i][0], name))
			return words[i][1];
	return "";
}

static int row(void *ctx, const struct store_tally *r)
{
	FILE *f = ctx;
	char date[11], hour[6], n[24];
	snprintf(date, sizeof date, "%.10s", r->hour);
	snprintf(hour, sizeof hour, "%.2s:00", r->hour + 11);
	snprintf(n, sizeof n, "%ld", r->n);
	const char *cells[] = {r->event, date, hour, r->name, export_tally_words(r->name),
			       r->item, n};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		if (export_csv_field(f, cells[i]) || fputs(i + 1 < 7 ? "," : "\r\n", f) == EOF)
			return -1;
	return 0;
}

int export_tally_csv(FILE *f, struct store *st, const struct store_tally_filter *filter,
		     enum store_err *serr)
{
	if (serr)
		*serr = STORE_OK;
	if (fputs("\xEF\xBB\xBF" "Event,Date (UTC),Hour (UTC),Counter,What,Item,Count\r\n", f) ==
	    EOF)
		return -1;
	int rc = store_tally_foreach(st, filter, row, f);
	if (rc > 0 && serr)
		*serr = (enum store_err)rc;
	return rc == 0 ? (ferror(f) ? -1 : 0) : rc < 0 ? -1 : -2;
}
