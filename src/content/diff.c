/*
 * diff.c: course sessions and roles that differ between two bundles
 * (diff.h).
 */
#include "content/diff.h"

#include "content/slurp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(struct content_diff *d, struct diff_list *l, const char *s)
{
	char *copy = strdup(s);
	char **v = copy ? realloc(l->v, (l->n + 1) * sizeof *v) : NULL;
	if (!v) {
		free(copy);
		d->oom = true;
		return;
	}
	l->v = v;
	l->v[l->n++] = copy;
}

static bool same_session(const struct course *a, const struct course *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->start_min == b->start_min && !strcmp(a->title, b->title) &&
	       !strcmp(a->venue, b->venue);
}

static bool upcoming(const struct course *c, int y, int m, int d)
{
	long k = (long)c->year * 10000 + c->month * 100 + c->day;
	return k >= (long)y * 10000 + m * 100 + d;
}

/* Each upcoming session of from that to does not have, into out. */
static void sessions_missing(struct content_diff *d, const struct course_list *from,
			     const struct course_list *to, const char *const days[7],
			     const char *const months[12], int y, int m, int dd,
			     struct diff_list *out)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct course *c = &from->v[i];
		if (!upcoming(c, y, m, dd))
			continue;
		size_t j = 0;
		while (j < to->n && !same_session(c, &to->v[j]))
			j++;
		if (j < to->n)
			continue;
		char when[128] = "", line[1024];
		courses_format_when(c, days, months, when, sizeof when);
		snprintf(line, sizeof line, "%s, %s, %s", c->title, when, c->venue);
		add(d, out, line);
	}
}

/* True when the two files' bytes differ (or one cannot be read). */
static bool file_differs(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	char *x = slurp_file(a, 1 << 20, &la), *y = slurp_file(b, 1 << 20, &lb);
	bool differs = !x || !y || la != lb || memcmp(x, y, la) != 0;
	free(x);
	free(y);
	return differs;
}

static void roles_diff(struct content_diff *d, const struct roles *old, const struct roles *new_r)
{
	for (size_t i = 0; i < new_r->n; i++) {
		const struct role *r = &new_r->v[i], *was = roles_find(old, r->id);
		if (!was)
			add(d, &d->roles_added, r->title);
		else if (file_differs(was->file, r->file))
			add(d, &d->roles_changed, r->title);
	}
	for (size_t i = 0; i < old->n; i++)
		if (!roles_find(new_r, old->v[i].id))
			add(d, &d->roles_removed, old->v[i].title);
}

void content_diff(const struct bundle *old, const struct bundle *new_b,
		  const char *const days[7], const char *const months[12], int y, int m, int dd,
		  struct content_diff *out)
{
	memset(out, 0, sizeof *out);
	sessions_missing(out, &new_b->courses, &old->courses, days, months, y, m, dd, &out->added);
	sessions_missing(out, &old->courses, &new_b->courses, days, months, y, m, dd,
			 &out->removed);
	roles_diff(out, &old->roles, &new_b->roles);
}

bool content_diff_empty(const struct content_diff *d)
{
	return !d->added.n && !d->removed.n && !d->roles_added.n && !d->roles_removed.n &&
	       !d->roles_changed.n;
}

static void list_free(struct diff_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void content_diff_free(struct content_diff *d)
{
	list_free(&d->added);
	list_free(&d->removed);
	list_free(&d->roles_added);
	list_free(&d->roles_removed);
	list_free(&d->roles_changed);
}
