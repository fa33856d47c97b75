/*
 * courses_dates.c: the date side of the course list (see courses.h): which
 * sessions are still to come, in what order, and how a date reads. Apart
 * from the parser so the rules for "upcoming" sit in one short file.
 */
#include "content/courses.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static long date_key(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

/* Orders by date, start time, then file position. */
static int before(const struct course_list *l, size_t a, size_t b)
{
	const struct course *x = &l->v[a], *y = &l->v[b];
	long kx = date_key(x->year, x->month, x->day), ky = date_key(y->year, y->month, y->day);
	if (kx != ky)
		return kx < ky;
	if (x->start_min != y->start_min)
		return x->start_min < y->start_min;
	return a < b;
}

/* True if c, on the day `from`, is over at now_min (see courses.h). */
static bool over_today(const struct course *c, long from, int now_min)
{
	if (now_min < 0 || date_key(c->year, c->month, c->day) != from)
		return false;
	int ends = c->end_min >= 0 ? c->end_min : c->start_min + 60;
	return ends <= now_min;
}

size_t courses_upcoming(const struct course_list *l, int y, int m, int d, size_t *idx_out,
			size_t max)
{
	return courses_upcoming_at(l, y, m, d, -1, idx_out, max);
}

size_t courses_upcoming_at(const struct course_list *l, int y, int m, int d, int now_min,
			   size_t *idx_out, size_t max)
{
	size_t count = 0, kept = 0;
	if (!l)
		return 0;
	long from = date_key(y, m, d);
	for (size_t i = 0; i < l->n; i++) {
		const struct course *c = &l->v[i];
		if (date_key(c->year, c->month, c->day) < from || over_today(c, from, now_min))
			continue;
		count++;
		if (!idx_out || max == 0)
			continue;
		/* Insertion into the kept, sorted prefix; small lists, no malloc. */
		size_t pos = kept;
		while (pos > 0 && before(l, i, idx_out[pos - 1]))
			pos--;
		if (pos >= max)
			continue;
		size_t last = kept < max ? kept : max - 1;
		memmove(idx_out + pos + 1, idx_out + pos, (last - pos) * sizeof *idx_out);
		idx_out[pos] = i;
		if (kept < max)
			kept++;
	}
	return count;
}

int courses_weekday(int y, int m, int d)
{
	static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 1 || m > 12)
		return -1;
	if (m < 3)
		y -= 1;
	return ((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7 + 7) % 7;
}

void courses_names(const struct strtab *str, const char *days[7], const char *months[12])
{
	/* Keys, not snprintf'd buffers: a missing string comes back as its key. */
	static const char *const day_keys[7] = {
		"courses.day.0", "courses.day.1", "courses.day.2", "courses.day.3",
		"courses.day.4", "courses.day.5", "courses.day.6",
	};
	static const char *const month_keys[12] = {
		"courses.month.1", "courses.month.2",  "courses.month.3",  "courses.month.4",
		"courses.month.5", "courses.month.6",  "courses.month.7",  "courses.month.8",
		"courses.month.9", "courses.month.10", "courses.month.11", "courses.month.12",
	};
	for (int i = 0; i < 7; i++)
		days[i] = strtab_get(str, day_keys[i]);
	for (int i = 0; i < 12; i++)
		months[i] = strtab_get(str, month_keys[i]);
}

int courses_format_when(const struct course *c, const char *const days[7],
			const char *const months[12], char *out, size_t n)
{
	if (!c || !days || !months || (!out && n) || c->month < 1 || c->month > 12 || c->day < 1 ||
	    c->day > 31 || c->start_min < 0)
		return -1;
	int wd = courses_weekday(c->year, c->month, c->day);
	if (!days[wd] || !months[c->month - 1])
		return -1;
	char end[16] = "";
	if (c->end_min >= 0)
		snprintf(end, sizeof end, "-%02d:%02d", c->end_min / 60 % 100, c->end_min % 60);
	return snprintf(out, n, "%s %d %s %d, %02d:%02d%s", days[wd], c->day, months[c->month - 1],
			c->year, c->start_min / 60 % 100, c->start_min % 60, end);
}
