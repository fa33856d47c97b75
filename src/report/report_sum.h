/*
 * report_sum: counts added up, for people: the funnel (visits -> previews
 * -> quiz -> form started -> sent) and the most-viewed roles, as staff
 * mode's "Today at this event" and kioskctl report show them.
 *
 * A sum owns copies of what it was given; release it with report_sum_free.
 * Not thread-safe; used on one thread at a time.
 */
#ifndef KIOSK_REPORT_SUM_H
#define KIOSK_REPORT_SUM_H

#include "store/store.h"

#include <stddef.h>

/* The funnel's steps, in order, and the count name each one is. */
#define REPORT_FUNNEL_STEPS 5
extern const char *const report_funnel_names[REPORT_FUNNEL_STEPS];

struct report_item {
	char name[STORE_TALLY_NAME_MAX + 1];
	char item[STORE_TALLY_ITEM_MAX + 1];
	long n;
};

struct report_sum {
	struct report_item *v;	/* one per name and item, in the order first seen */
	size_t n, cap;
};

/* Adds row's n to its name and item. 0, or -1 out of memory. */
int report_sum_add(struct report_sum *s, const struct store_tally *row);
/* The total of name for item (NULL: all its items together). */
long report_sum_get(const struct report_sum *s, const char *name, const char *item);
/* Up to max items of name, most first (ties: by item), into out (borrowed
 * from s until it changes). Returns how many. */
size_t report_sum_top(const struct report_sum *s, const char *name,
		      const struct report_item **out, size_t max);
void report_sum_free(struct report_sum *s);

/* What staff mode's "Today at this event" shows: the counts of one event
 * tag ("" none) on the UTC day of now_ms, from the database (NULL: none)
 * and what r has not written yet (NULL: nothing). */
#define REPORT_TOP_ROLES 5
struct report_today {
	char date[11];		/* UTC "YYYY-MM-DD" */
	long funnel[REPORT_FUNNEL_STEPS];	/* report_funnel_names, in order */
	char top[REPORT_TOP_ROLES][65];	/* role ids, most previewed first */
	long top_n[REPORT_TOP_ROLES];
	int ntop;
	long quiz_done, qr, slips, idle;
};
struct report;
/* Fills out (zeroed first; left zeroed when the date cannot be told). */
void report_today(struct store *st, const struct report *r, const char *tag, int64_t now_ms,
		  struct report_today *out);

#endif
