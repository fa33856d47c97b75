/*
 * report_sum.c: adding counts up (report_sum.h).
 */
#include "report/report_sum.h"
#include "util/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_funnel_names[REPORT_FUNNEL_STEPS] = {
	"visit.start", "visit.preview", "visit.quiz", "visit.form", "lead.sent",
};

int report_sum_add(struct report_sum *s, const struct store_tally *row)
{
	const char *item = row->item ? row->item : "";
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, row->name) && !strcmp(s->v[i].item, item)) {
			s->v[i].n += row->n;
			return 0;
		}
	if (!grow(&s->v, &s->cap, s->n, 32))
		return -1;
	struct report_item *x = &s->v[s->n++];
	snprintf(x->name, sizeof x->name, "%s", row->name);
	snprintf(x->item, sizeof x->item, "%s", item);
	x->n = row->n;
	return 0;
}

long report_sum_get(const struct report_sum *s, const char *name, const char *item)
{
	long n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name) && (!item || !strcmp(s->v[i].item, item)))
			n += s->v[i].n;
	return n;
}

static bool before(const struct report_item *a, const struct report_item *b)
{
	return a->n != b->n ? a->n > b->n : strcmp(a->item, b->item) < 0;
}

size_t report_sum_top(const struct report_sum *s, const char *name,
		      const struct report_item **out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct report_item *x = &s->v[i];
		if (strcmp(x->name, name) || x->n <= 0)
			continue;
		/* Insertion into the short list, best first. */
		size_t at = k;
		while (at > 0 && before(x, out[at - 1]))
			at--;
		if (at >= max)
			continue;
		size_t end = k < max ? k : max - 1;
		memmove(&out[at + 1], &out[at], (end - at) * sizeof *out);
		out[at] = x;
		if (k < max)
			k++;
	}
	return k;
}

void report_sum_free(struct report_sum *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
