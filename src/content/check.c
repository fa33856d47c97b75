/*
 * check.c: the content checks shared by kioskctl and staff mode (check.h):
 * the kiosk's own loader, bundle_load(), with every problem reported.
 */
#include "content/check.h"

#include "content/bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define STALE_MONTHS 12	/* pay figures older than this are out of date */
#define COURSE_DAYS 30	/* a course list with nothing this soon looks abandoned */

/* One line per language: who checked it, or that nobody has yet. */
static void review_lines(const struct bundle *b, struct diag_list *out)
{
	for (size_t i = 0; i < b->nlangs; i++) {
		const struct lang_info *in = &b->langs[i].info;
		if (b->langs[i].base)
			continue;
		char file[4400];
		snprintf(file, sizeof file, "%s/lang/%s/language.json", b->config_dir, in->code);
		if (in->review_by && *in->review_by)
			diag_add(out, file, 0, "%s (%s): checked by %s%s%s", in->name, in->english_name,
				 in->review_by, in->review_date && *in->review_date ? " on " : "",
				 in->review_date ? in->review_date : "");
		else
			diag_add(out, file, 0, "%s (%s): not checked by a native speaker yet%s%s%s",
				 in->name, in->english_name, in->review_note && *in->review_note ? " (" : "",
				 in->review_note ? in->review_note : "",
				 in->review_note && *in->review_note ? ")" : "");
	}
	diag_append(out, &b->warn);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (any y-m-d, months
 * 1-12, so adding days needs no calendar table). */
static long day_number(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool real_date(int y, int m, int d)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= (m == 2 && !leap ? 28 : days[m - 1]);
}

void content_today(struct content_day *out)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	*out = (struct content_day){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

bool content_day_parse(const char *s, struct content_day *out)
{
	int y, m, d, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || n != 10 ||
	    !real_date(y, m, d))
		return false;
	*out = (struct content_day){y, m, d};
	return true;
}

/* pay.as_of as a date: "April 2025" or "Apr 2025" (any case), "2025-04",
 * "2025-04-01"; a month alone is its first day. */
static bool as_of_date(const char *s, struct content_day *out)
{
	static const char *const months[12] = {"january", "february", "march",	   "april",
					       "may",	  "june",     "july",	   "august",
					       "september", "october", "november", "december"};
	int y, m, n = 0;
	if (content_day_parse(s, out))
		return true;
	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && !s[n] && n == 7 && real_date(y, m, 1)) {
		*out = (struct content_day){y, m, 1};
		return true;
	}
	char word[16];
	if (sscanf(s, "%15[A-Za-z] %4d%n", word, &y, &n) != 2 || s[n] || !real_date(y, 1, 1))
		return false;
	size_t wl = strlen(word);
	for (m = 0; m < 12; m++)
		if ((wl == strlen(months[m]) || wl == 3) && !strncasecmp(word, months[m], wl))
			break;
	if (m == 12)
		return false;
	*out = (struct content_day){y, m + 1, 1};
	return true;
}

/* True when a date is more than STALE_MONTHS before today: its day, that
 * many months on, has passed (the 31st of a short month counts as its end). */
static bool too_old(const struct content_day *a, const struct content_day *today)
{
	int months = a->m - 1 + STALE_MONTHS;
	int y = a->y + months / 12, m = months % 12 + 1, d = a->d;
	while (d > 28 && !real_date(y, m, d))
		d--;
	return day_number(today->y, today->m, today->d) > day_number(y, m, d);
}

static size_t stale_pay(const struct roles *r, const struct content_day *today,
			struct diag_list *out)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct role *ro = &r->v[i];
		struct content_day at;
		if (!ro->pay_as_of)
			continue;
		if (!as_of_date(ro->pay_as_of, &at)) {
			diag_add(out, ro->file, ro->pay_as_of_line,
				 "warning: pay.as_of \"%s\" is not a month and year (like April 2025), "
				 "so nobody can tell how old the pay figures are",
				 ro->pay_as_of);
			n++;
		} else if (too_old(&at, today)) {
			diag_add(out, ro->file, ro->pay_as_of_line,
				 "warning: pay figures as of %s are more than %d months old: check "
				 "them against this year's, then update pay.range, pay.source and "
				 "pay.as_of",
				 ro->pay_as_of, STALE_MONTHS);
			n++;
		}
	}
	return n;
}

static size_t stale_courses(const struct bundle *b, const struct content_day *today,
			    struct diag_list *out)
{
	if (b->ncourses < 0)
		return 0;	/* unreadable: already said */
	long from = day_number(today->y, today->m, today->d), to = from + COURSE_DAYS;
	for (size_t i = 0; i < b->courses.n; i++) {
		const struct course *c = &b->courses.v[i];
		long day = day_number(c->year, c->month, c->day);
		if (day >= from && day <= to)
			return 0;
	}
	char file[4400];
	snprintf(file, sizeof file, "%s/courses.csv", b->config_dir);
	diag_add(out, file, 0,
		 "warning: no course session in the next %d days: add the coming dates, "
		 "so visitors have something to book",
		 COURSE_DAYS);
	return 1;
}

size_t content_stale(const struct bundle *b, const struct content_day *today,
		     struct diag_list *out)
{
	return stale_pay(&b->roles, today, out) + stale_courses(b, today, out);
}

size_t content_check_at(const char *config_dir, const char *asset_dir, struct diag_list *diag,
			struct content_check_counts *counts, struct diag_list *langs,
			struct diag_list *stale, const struct content_day *today)
{
	size_t before = diag_count(diag);
	struct bundle b;
	bundle_load(&b, config_dir, asset_dir, diag, diag);
	if (counts)
		*counts = (struct content_check_counts){b.nroles, b.nquiz, b.ncourses};
	if (langs)
		review_lines(&b, langs);
	if (stale && today)
		content_stale(&b, today, stale);
	bundle_free(&b);
	return diag_count(diag) - before;
}

size_t content_check(const char *config_dir, const char *asset_dir, struct diag_list *diag,
		     struct content_check_counts *counts, struct diag_list *langs)
{
	return content_check_at(config_dir, asset_dir, diag, counts, langs, NULL, NULL);
}
