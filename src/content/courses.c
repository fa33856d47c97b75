/*
 * courses.c: courses.csv to a course_list (see courses.h for the format):
 * rows from the CSV reader (csv.c), the header mapped to columns, each
 * cell checked with a message that says what to change. Dates and the
 * "upcoming" rules are in courses_dates.c.
 */
#include "content/courses.h"

#include "content/csv.h"
#include "content/json.h"
#include "content/programmes.h"
#include "content/slurp.h"
#include "store/fields.h"
#include "util/grow.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FILE_BYTES ((size_t)4 << 20)
#define SHOW_BYTES     60 /* how much of a bad value a message repeats */

enum col { C_TITLE, C_PROGRAMME, C_DATE, C_START, C_END, C_VENUE, C_POSTCODE, C_URL, C_ELIG, C_N };

static const struct {
	const char *name;
	int required;
} columns[C_N] = {
	{"title", 1}, {"programme", 1}, {"date", 1}, {"start", 1},       {"end", 0},
	{"venue", 1}, {"postcode", 0},  {"url", 1},  {"eligibility", 0},
};

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}
static int is_alpha(int c)
{
	return lower(c) >= 'a' && lower(c) <= 'z';
}

static void note(struct diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void note(struct diag_list *d, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(d, file, line, "%s", msg);
}

/* A bad value as a message repeats it: at most SHOW_BYTES (cut on a UTF-8
 * character boundary, "..." added), line breaks and tabs as spaces. */
static const char *show(const char *v, char *buf, size_t n)
{
	size_t len = strlen(v), cut = len;
	if (len > SHOW_BYTES) {
		cut = SHOW_BYTES;
		while (cut > 0 && ((unsigned char)v[cut] & 0xC0) == 0x80)
			cut--;
	}
	snprintf(buf, n, "%.*s%s", (int)cut, v, cut < len ? "..." : "");
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return buf;
}

static const char *field(const struct csv_rec *r, const int idx[C_N], enum col k)
{
	return idx[k] >= 0 ? csv_field(r, (size_t)idx[k]) : "";
}

/* ---- values ---------------------------------------------------------- */

/* Reads up to maxd digits; returns how many. */
static int num(const char **s, int maxd, int *v)
{
	int n = 0;
	*v = 0;
	while (n < maxd && is_digit(**s)) {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

static int eat(const char **s, char c)
{
	if (**s != c)
		return 0;
	(*s)++;
	return 1;
}

static int days_in(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

enum { V_OK, V_SYNTAX, V_UNREAL, V_RANGE };

static int parse_date(const char *s, int *y, int *m, int *d)
{
	int a, b, c, na = num(&s, 4, &a);
	if (na == 4 && eat(&s, '-') && num(&s, 2, &b) && eat(&s, '-') && num(&s, 2, &c) && !*s) {
		*y = a, *m = b, *d = c;
	} else if (na >= 1 && na <= 2 && eat(&s, '/') && num(&s, 2, &b) && eat(&s, '/') &&
		   num(&s, 4, &c) == 4 && !*s) {
		*d = a, *m = b, *y = c;
	} else {
		return V_SYNTAX;
	}
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
		return V_UNREAL;
	return *y < 2000 || *y > 2099 ? V_RANGE : V_OK;
}

static int parse_time(const char *s, int *min)
{
	int h, m, sec;
	if (!num(&s, 2, &h) || !eat(&s, ':') || num(&s, 2, &m) != 2)
		return V_SYNTAX;
	if (eat(&s, ':') && num(&s, 2, &sec) != 2)
		return V_SYNTAX;
	if (*s || h > 23 || m > 59)
		return V_SYNTAX;
	*min = h * 60 + m;
	return V_OK;
}

enum { URL_OK, URL_SCHEME, URL_SPACE, URL_HOST };

static int check_url(const char *u)
{
	const char *h;
	if (strncasecmp(u, "https://", 8) == 0)
		h = u + 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		h = u + 7;
	else
		return URL_SCHEME;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7F)
			return URL_SPACE;
	size_t hl = strcspn(h, "/?#");
	for (size_t i = hl; i > 0; i--) /* drop "user:password@" */
		if (h[i - 1] == '@') {
			h += i;
			hl -= i;
			break;
		}
	for (size_t i = hl; i > 0 && is_digit(h[i - 1]); i--) /* drop ":port" */
		if (i >= 2 && h[i - 2] == ':') {
			hl = i - 2;
			break;
		}
	if (hl < 3 || h[0] == '.' || h[hl - 1] == '.' || !memchr(h, '.', hl))
		return URL_HOST;
	for (size_t i = 0; i < hl; i++) {
		unsigned char ch = (unsigned char)h[i];
		if (!(is_alpha(ch) || is_digit(ch) || ch == '-' || ch == '.' || ch >= 0x80))
			return URL_HOST;
		if (ch == '.' && h[i + 1] == '.')
			return URL_HOST;
	}
	return URL_OK;
}

bool courses_url_ok(const char *u)
{
	return check_url(u) == URL_OK;
}

/* ---- rows to courses ------------------------------------------------- */

static void course_free_one(struct course *c)
{
	free(c->title);
	free(c->programme);
	free(c->venue);
	free(c->postcode);
	free(c->url);
	free(c->eligibility);
	memset(c, 0, sizeof *c);
}

/* Checks the values that are present; returns the number of problems. */
static int check_values(const char *name, int line, const char *const v[C_N],
			const struct programmes *progs, struct course *c, char *postcode,
			struct diag_list *diag)
{
	char s1[SHOW_BYTES + 4], s2[SHOW_BYTES + 4];
	const char *use = "(use DD/MM/YYYY or YYYY-MM-DD)";
	int bad = 0, r;

	if (*v[C_PROGRAMME] && !programmes_match(progs, v[C_PROGRAMME])) {
		char ids[400];
		programmes_ids(progs, ids, sizeof ids);
		note(diag, name, line, "programme \"%s\" is not one of %s (programmes.json)",
		     show(v[C_PROGRAMME], s1, sizeof s1), ids);
		bad++;
	}
	if (*v[C_DATE] && (r = parse_date(v[C_DATE], &c->year, &c->month, &c->day)) != V_OK) {
		if (r == V_RANGE)
			note(diag, name, line, "date \"%s\" is out of range (years 2000-2099)",
			     show(v[C_DATE], s1, sizeof s1));
		else
			note(diag, name, line, "date \"%s\" is not a %sdate %s",
			     show(v[C_DATE], s1, sizeof s1), r == V_UNREAL ? "real " : "", use);
		bad++;
	}
	int t_ok = 1;
	for (enum col k = C_START; k <= C_END; k++) {
		int *dst = k == C_START ? &c->start_min : &c->end_min;
		if (*v[k] && parse_time(v[k], dst) != V_OK) {
			note(diag, name, line,
			     "%s \"%s\" is not a time (use HH:MM, 24-hour, e.g. 09:30)",
			     columns[k].name, show(v[k], s1, sizeof s1));
			bad++;
			t_ok = 0;
		}
	}
	if (t_ok && *v[C_START] && *v[C_END] && c->end_min <= c->start_min) {
		note(diag, name, line, "end \"%s\" is not after start \"%s\"",
		     show(v[C_END], s1, sizeof s1), show(v[C_START], s2, sizeof s2));
		bad++;
	}
	if (*v[C_URL] && (r = check_url(v[C_URL])) != URL_OK) {
		const char *why = r == URL_SCHEME ? "must start with https:// or http://"
				  : r == URL_SPACE
					  ? "must not contain spaces"
					  : "has no valid host name (like wecare.example.org)";
		note(diag, name, line, "url \"%s\" %s", show(v[C_URL], s1, sizeof s1), why);
		bad++;
	}
	if (*v[C_POSTCODE] && fields_postcode(v[C_POSTCODE], postcode, 9) != FIELDS_OK) {
		note(diag, name, line, "postcode \"%s\" is not a UK postcode (like LS9 8AB)",
		     show(v[C_POSTCODE], s1, sizeof s1));
		bad++;
	}
	return bad;
}

/* Turns a data row into *c. Returns 1 if it is good, 0 if it has problems
 * (all reported), -1 out of memory. */
static int make_course(const char *name, const struct csv_rec *r, const int idx[C_N],
		       const struct programmes *progs, struct course *c, struct diag_list *diag)
{
	const char *v[C_N];
	char postcode[9] = "";
	int bad = 0;

	memset(c, 0, sizeof *c);
	c->end_min = -1;
	c->line = r->line;
	for (enum col k = 0; k < C_N; k++) {
		v[k] = field(r, idx, k);
		if (utf8_bad_at(v[k], strlen(v[k])) >= 0) {
			note(diag, name, r->line,
			     "%s is not valid UTF-8 (in Excel use Save As, \"CSV UTF-8\")",
			     columns[k].name);
			bad++;
		}
	}
	if (bad)
		return 0;
	for (enum col k = 0; k < C_N; k++)
		if (columns[k].required && !*v[k]) {
			note(diag, name, r->line, "missing %s", columns[k].name);
			bad++;
		}
	bad += check_values(name, r->line, v, progs, c, postcode, diag);
	if (bad)
		return 0;

	c->title = strdup(v[C_TITLE]);
	c->programme = strdup(programmes_match(progs, v[C_PROGRAMME])->id);
	c->venue = strdup(v[C_VENUE]);
	c->postcode = strdup(postcode);
	c->url = strdup(v[C_URL]);
	c->eligibility = strdup(v[C_ELIG]);
	if (!c->title || !c->programme || !c->venue || !c->postcode || !c->url || !c->eligibility) {
		course_free_one(c);
		return -1;
	}
	return 1;
}

/* Maps header names to field positions; reports missing required columns.
 * Returns the number of columns missing. */
static int map_header(const char *name, const struct csv_rec *r, int idx[C_N],
		      struct diag_list *diag)
{
	int missing = 0;
	for (enum col k = 0; k < C_N; k++)
		idx[k] = -1;
	for (size_t i = 0; i < r->n; i++) {
		const char *h = csv_field(r, i);
		for (enum col k = 0; k < C_N; k++) {
			if (strlen(h) != strlen(columns[k].name) ||
			    strncasecmp(h, columns[k].name, strlen(h)) != 0)
				continue;
			if (idx[k] < 0)
				idx[k] = (int)i;
			else
				note(diag, name, r->line,
				     "column \"%s\" appears more than once; the first is used",
				     columns[k].name);
		}
	}
	for (enum col k = 0; k < C_N; k++)
		if (columns[k].required && idx[k] < 0) {
			note(diag, name, r->line, "missing column \"%s\"", columns[k].name);
			missing++;
		}
	return missing;
}

static int not_csv(const char *name, const char *text, size_t len, struct diag_list *diag)
{
	if (len >= 4 && memcmp(text, "PK\3\4", 4) == 0) {
		note(diag, name, 0,
		     "this is an Excel workbook, not CSV (in Excel use Save As, \"CSV UTF-8\")");
		return 1;
	}
	if (memchr(text, '\0', len)) {
		note(diag, name, 0,
		     "this is not a CSV text file (in Excel use Save As, \"CSV UTF-8\")");
		return 1;
	}
	return 0;
}

/* Reports a record the CSV reader could not split; returns 1 if it did. */
static int bad_record(const char *name, const struct csv_rec *r, struct diag_list *diag)
{
	if (r->bad == CSV_BAD_UNCLOSED)
		note(diag, name, r->bad_line,
		     "a quoted cell starting on this line never ends (a \" is missing)");
	else if (r->bad == CSV_BAD_JUNK)
		note(diag, name, r->bad_line,
		     "unexpected text after the closing quote in column %zu", r->bad_col);
	return r->bad != 0;
}

/* Adds *co to l (*cap slots allocated). Returns 0, or -1 out of memory. */
static int append(struct course_list *l, size_t *cap, const struct course *co)
{
	if (!grow(&l->v, cap, l->n, 16))
		return -1;
	l->v[l->n++] = *co;
	return 0;
}

int courses_parse(const char *name, const char *text, size_t len, const struct programmes *progs,
		  struct course_list *out, struct diag_list *diag)
{
	struct course_list l = {0};
	struct csv_rec r = {0};
	size_t cap = 0;
	int idx[C_N], have_header = 0, ret = 0, oom = 0;

	if (!name)
		name = "courses.csv";
	if (out)
		memset(out, 0, sizeof *out);
	if (!out || !progs || (!text && len)) {
		ret = -1;
		goto out;
	}
	if (len && not_csv(name, text, len, diag))
		goto out;

	struct csv c;
	csv_init(&c, text, len);
	for (;;) {
		int got = csv_read(&c, &r);
		if (got <= 0) {
			oom = got < 0;
			break;
		}
		if (bad_record(name, &r, diag) || csv_trim(&r))
			continue;
		if (!have_header) {
			have_header = 1;
			if (map_header(name, &r, idx, diag))
				goto out;
			continue;
		}
		struct course co;
		int ok = make_course(name, &r, idx, progs, &co, diag);
		if (ok < 0) {
			oom = 1;
			break;
		}
		if (ok && append(&l, &cap, &co)) {
			course_free_one(&co);
			oom = 1;
			break;
		}
	}
	if (oom) {
		note(diag, name, 0, "out of memory");
		ret = -1;
		goto out;
	}
	if (!have_header)
		note(diag, name, 1,
		     "no header row: the first row must name the columns (title, programme, "
		     "date, start, end, venue, postcode, url, eligibility)");
	*out = l;
	ret = (int)l.n;
	memset(&l, 0, sizeof l);
out:
	courses_free(&l);
	csv_rec_free(&r);
	return ret;
}

int courses_load(const char *path, const struct programmes *progs, struct course_list *out,
		 struct diag_list *diag)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!path || !out)
		return -1;
	size_t len;
	char *text = slurp_file(path, MAX_FILE_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			note(diag, path, 0, "cannot read: file is too big for a course list (over 4 MB)");
		else
			note(diag, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	int ret = courses_parse(path, text, len, progs, out, diag);
	free(text);
	return ret;
}

void courses_free(struct course_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		course_free_one(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
