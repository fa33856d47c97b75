/* courses: CSV parsing edge cases with exact messages, upcoming filter and
 * order, date formatting, loading from disk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/courses.h"
#include "content/programmes.h"

static struct programmes progs;	/* the shipped kiosk-config/programmes.json */

static int load_progs(void **state)
{
	(void)state;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/kiosk-config", getenv("KIOSK_SOURCE_DIR"));
	return programmes_load(&progs, dir, NULL);
}

static int free_progs(void **state)
{
	(void)state;
	programmes_free(&progs);
	return 0;
}

#define HDR "title,programme,date,start,end,venue,postcode,url,eligibility\n"
#define ROW                                                                                        \
	"Step into Care,step-into-care,01/12/2026,09:30,14:30,Burmantofts Centre,LS9 7HA,"         \
	"https://wecare.example.org/c/1,Anyone 18+\n"
/* A row whose cells are built from: title, programme, date, start, end, venue,
 * postcode, url, eligibility. */
#define R(t, p, d, s, e, v, pc, u, el) t "," p "," d "," s "," e "," v "," pc "," u "," el "\n"
#define OK_URL                         "https://wecare.example.org/c/2"
#define USE                            " (use DD/MM/YYYY or YYYY-MM-DD)"

struct csv_case {
	const char *label, *csv;
	size_t len; /* 0: strlen(csv) */
	int want_n;
	const char *diags[6]; /* exact, in order */
	/* Checks on the first course, where set. */
	const char *title, *programme, *venue, *postcode, *url, *elig;
	int y, m, d, start, end, line;
};

/* clang-format off */
static const struct csv_case csv_cases[] = {
	{.label = "basic", .csv = HDR ROW, .want_n = 1,
	 .title = "Step into Care", .programme = "step-into-care", .venue = "Burmantofts Centre",
	 .postcode = "LS9 7HA", .url = "https://wecare.example.org/c/1", .elig = "Anyone 18+",
	 .y = 2026, .m = 12, .d = 1, .start = 570, .end = 870, .line = 2},
	{.label = "no newline at end",
	 .csv = HDR "T,sbwa,2026-12-01,09:30,,V,,https://a.example.org/x", .want_n = 1,
	 .title = "T", .programme = "sbwa", .venue = "V", .postcode = "",
	 .url = "https://a.example.org/x", .elig = "", .y = 2026, .m = 12, .d = 1,
	 .start = 570, .end = -1, .line = 2},
	{.label = "quoted comma",
	 .csv = HDR R("T", "sbwa", "2026-12-01", "09:30", "", "\"Hall, Room 2\"", "", OK_URL, ""),
	 .want_n = 1, .venue = "Hall, Room 2", .postcode = "", .elig = "", .end = -1},
	{.label = "doubled quotes",
	 .csv = HDR R("\"Say \"\"hi\"\" today\"", "sbwa", "2026-12-01", "09:30", "", "V", "",
		      OK_URL, "\"\"\"\""),
	 .want_n = 1, .title = "Say \"hi\" today", .elig = "\""},
	{.label = "newline in quotes",
	 .csv = HDR R("T", "sbwa", "2026-12-01", "09:30", "", "V", "", OK_URL,
		      "\"line one\nline two\"")
		R("T", "sbwa", "2026-12-01", "09:30", "", "V", "", "", ""),
	 .want_n = 1, .diags = {"t.csv:4: missing url"},
	 .elig = "line one\nline two", .line = 2},
	{.label = "CRLF inside quotes",
	 .csv = HDR "T,sbwa,2026-12-01,09:30,,\"Hall\r\nRoom 2\",," OK_URL ",\r\n"
		"T,sbwa,2026-12-01,bad,,V,," OK_URL ",\r\n",
	 .want_n = 1,
	 .diags = {"t.csv:4: start \"bad\" is not a time (use HH:MM, 24-hour, e.g. 09:30)"},
	 .venue = "Hall\nRoom 2"},
	{.label = "UTF-8 venue",
	 .csv = HDR R("T", "info-session", "09/12/2026", "10:00", "11:30",
		      "\"Caf\xc3\xa9 Mosaic, Roundhay Road\"", "LS8 5PL", OK_URL, "Just drop in"),
	 .want_n = 1, .programme = "info-session", .venue = "Caf\xc3\xa9 Mosaic, Roundhay Road",
	 .postcode = "LS8 5PL", .y = 2026, .m = 12, .d = 9, .start = 600, .end = 690},
	{.label = "CRLF",
	 .csv = "title,programme,date,start,end,venue,postcode,url,eligibility\r\n"
		"T,sbwa,2026-12-01,09:30,,V,," OK_URL ",\r\n"
		"T,sbwa,2026-12-01,09:30,,V,," OK_URL "\r\n"
		"T,sbwa,2026-12-01,,,V,," OK_URL ",\r\n",
	 .want_n = 2, .diags = {"t.csv:4: missing start"},
	 .title = "T", .venue = "V", .url = OK_URL, .elig = "", .line = 2},
	{.label = "lone CR (old Mac Excel)",
	 .csv = "title,programme,date,start,end,venue,postcode,url,eligibility\r"
		"T,sbwa,2026-12-01,09:30,,V,," OK_URL ",\r"
		"T,sbwa,2026-12-01,09:30,,,," OK_URL ",\r",
	 .want_n = 1, .diags = {"t.csv:3: missing venue"}, .line = 2},
	{.label = "BOM", .csv = "\xef\xbb\xbf" HDR ROW, .want_n = 1,
	 .title = "Step into Care", .line = 2},
	{.label = "blank lines and empty rows",
	 .csv = "\n" HDR "\n\n" ROW ",,,,,,,,\n   \n\r\n"
		"T,nope,2026-12-01,09:30,,V,," OK_URL ",\n",
	 .want_n = 1,
	 .diags = {"t.csv:9: programme \"nope\" is not one of step-into-care, sbwa, "
		   "apprenticeship, pa-academy, info-session (programmes.json)"},
	 .title = "Step into Care", .line = 5},
	{.label = "trailing empty columns",
	 .csv = HDR "T,sbwa,2026-12-01,09:30,,V,," OK_URL "\n"
		"T,sbwa,2026-12-01,09:30,,V,," OK_URL ",e,,,,\n"
		"T,sbwa,2026-12-01,09:30\n",
	 .want_n = 2, .diags = {"t.csv:4: missing venue", "t.csv:4: missing url"},
	 .elig = "", .end = -1},
	{.label = "any order, any case, extra column",
	 .csv = "URL, Venue ,Notes,TITLE,Date,Start,Programme\n"
		OK_URL ",Armley Library,x,T,2027-02-16,10:00,PA academy\n",
	 .want_n = 1, .title = "T", .programme = "pa-academy", .venue = "Armley Library",
	 .postcode = "", .url = OK_URL, .elig = "", .y = 2027, .m = 2, .d = 16,
	 .start = 600, .end = -1, .line = 2},
	{.label = "whitespace trimmed",
	 .csv = HDR R("  Step into Care ", " sbwa ", " 01/12/2026 ", " 9:30 ", "\t14:30", " V ",
		      " ls9 7ha ", " " OK_URL " ", " e "),
	 .want_n = 1, .title = "Step into Care", .programme = "sbwa", .venue = "V",
	 .postcode = "LS9 7HA", .url = OK_URL, .elig = "e", .y = 2026, .m = 12, .d = 1,
	 .start = 570, .end = 870},
	{.label = "missing column", .csv = "title,programme,start,end,venue,url\n" ROW,
	 .diags = {"t.csv:1: missing column \"date\""}},
	{.label = "missing columns after a blank line", .csv = "\ntitle,venue\nT,V\n",
	 .diags = {"t.csv:2: missing column \"programme\"", "t.csv:2: missing column \"date\"",
		   "t.csv:2: missing column \"start\"", "t.csv:2: missing column \"url\""}},
	{.label = "duplicate column",
	 .csv = "title,date,programme,date,start,venue,url\n"
		"T,01/12/2026,sbwa,junk,09:30,V," OK_URL "\n",
	 .want_n = 1,
	 .diags = {"t.csv:1: column \"date\" appears more than once; the first is used"},
	 .y = 2026, .m = 12, .d = 1},
	{.label = "31 February",
	 .csv = HDR R("T", "sbwa", "31/02/2026", "09:30", "", "V", "", OK_URL, ""),
	 .diags = {"t.csv:2: date \"31/02/2026\" is not a real date" USE}},
	{.label = "not dates",
	 .csv = HDR R("T", "sbwa", "next Tuesday", "09:30", "", "V", "", OK_URL, "")
		R("T", "sbwa", "04/07/25", "09:30", "", "V", "", OK_URL, "")
		R("T", "sbwa", "2026-13-01", "09:30", "", "V", "", OK_URL, "")
		R("T", "sbwa", "2026/12/01", "09:30", "", "V", "", OK_URL, ""),
	 .diags = {"t.csv:2: date \"next Tuesday\" is not a date" USE,
		   "t.csv:3: date \"04/07/25\" is not a date" USE,
		   "t.csv:4: date \"2026-13-01\" is not a real date" USE,
		   "t.csv:5: date \"2026/12/01\" is not a date" USE}},
	{.label = "leap days and range",
	 .csv = HDR R("T", "sbwa", "29/02/2028", "09:30", "", "V", "", OK_URL, "")
		R("T", "sbwa", "29/02/2027", "09:30", "", "V", "", OK_URL, "")
		R("T", "sbwa", "1/3/1999", "09:30", "", "V", "", OK_URL, ""),
	 .want_n = 1,
	 .diags = {"t.csv:3: date \"29/02/2027\" is not a real date" USE,
		   "t.csv:4: date \"1/3/1999\" is out of range (years 2000-2099)"},
	 .y = 2028, .m = 2, .d = 29},
	{.label = "bad urls",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "09:30", "", "V", "", "htp:/x", "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "",
		  "https://wecare.example.org/my course", "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "", "https://localhost/x", "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "", "wecare.example.org", "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "", "https://a..b/", "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "",
		  "HTTPS://user@a.example.org:8443/x?y#z", ""),
	 .want_n = 1,
	 .diags = {"t.csv:2: url \"htp:/x\" must start with https:// or http://",
		   "t.csv:3: url \"https://wecare.example.org/my course\" must not contain spaces",
		   "t.csv:4: url \"https://localhost/x\" has no valid host name "
		   "(like wecare.example.org)",
		   "t.csv:5: url \"wecare.example.org\" must start with https:// or http://",
		   "t.csv:6: url \"https://a..b/\" has no valid host name (like wecare.example.org)"},
	 .url = "HTTPS://user@a.example.org:8443/x?y#z", .line = 7},
	{.label = "missing url",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "09:30", "", "V", "", "", ""),
	 .diags = {"t.csv:2: missing url"}},
	{.label = "unknown programme",
	 .csv = HDR R("T", "Nursing", "01/12/2026", "09:30", "", "V", "", OK_URL, ""),
	 .diags = {"t.csv:2: programme \"Nursing\" is not one of step-into-care, sbwa, "
		   "apprenticeship, pa-academy, info-session (programmes.json)"}},
	{.label = "programme display names",
	 .csv = HDR
		R("T", "Sector-based work academy", "01/12/2026", "09:30", "", "V", "", OK_URL, "")
		R("T", "STEP INTO CARE", "01/12/2026", "09:30", "", "V", "", OK_URL, "")
		R("T", "Personal assistant academy", "01/12/2026", "09:30", "", "V", "", OK_URL, "")
		R("T", "Information session", "01/12/2026", "09:30", "", "V", "", OK_URL, "")
		R("T", "apprenticeship", "01/12/2026", "09:30", "", "V", "", OK_URL, ""),
	 .want_n = 5, .programme = "sbwa"},
	{.label = "times",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "25:00", "", "V", "", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "14:00", "09:00", "V", "", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "10:00", "10:00", "V", "", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "10:00", "noon", "V", "", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "09:30:00", "14:30:00", "V", "", OK_URL, ""),
	 .want_n = 1,
	 .diags = {"t.csv:2: start \"25:00\" is not a time (use HH:MM, 24-hour, e.g. 09:30)",
		   "t.csv:3: end \"09:00\" is not after start \"14:00\"",
		   "t.csv:4: end \"10:00\" is not after start \"10:00\"",
		   "t.csv:5: end \"noon\" is not a time (use HH:MM, 24-hour, e.g. 09:30)"},
	 .start = 570, .end = 870, .line = 6},
	{.label = "postcodes",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "09:30", "", "V", "ec1a1bb", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "LS99", OK_URL, "")
		R("T", "sbwa", "01/12/2026", "09:30", "", "V", "Leeds", OK_URL, ""),
	 .want_n = 1,
	 .diags = {"t.csv:3: postcode \"LS99\" is not a UK postcode (like LS9 8AB)",
		   "t.csv:4: postcode \"Leeds\" is not a UK postcode (like LS9 8AB)"},
	 .postcode = "EC1A 1BB"},
	/* The same rule as the form's postcode box (store/fields_uk.c). */
	{.label = "Girobank's postcode",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "09:30", "", "V", "gir0aa", OK_URL, ""),
	 .want_n = 1, .postcode = "GIR 0AA"},
	{.label = "several problems in one row",
	 .csv = HDR R("", "sbwa", "32/01/2027", "09:30", "", "V", "", "ftp://x", ""),
	 .diags = {"t.csv:2: missing title", "t.csv:2: date \"32/01/2027\" is not a real date" USE,
		   "t.csv:2: url \"ftp://x\" must start with https:// or http://"}},
	{.label = "bad row between good ones",
	 .csv = HDR ROW R("T", "sbwa", "01/12/2026", "", "", "V", "", OK_URL, "") ROW,
	 .want_n = 2, .diags = {"t.csv:3: missing start"}, .line = 2},
	{.label = "unclosed quote",
	 .csv = HDR ROW "\"T,sbwa,01/12/2026,09:30,,V,," OK_URL ",\n" ROW,
	 .want_n = 1,
	 .diags = {"t.csv:3: a quoted cell starting on this line never ends (a \" is missing)"},
	 .line = 2},
	{.label = "text after closing quote",
	 .csv = HDR "\"T\"x,sbwa,01/12/2026,09:30,,V,," OK_URL ",\n" ROW,
	 .want_n = 1, .diags = {"t.csv:2: unexpected text after the closing quote in column 1"},
	 .line = 3},
	{.label = "Windows-1252, not UTF-8",
	 .csv = HDR R("T", "sbwa", "01/12/2026", "09:30", "", "Caf\xe9", "", OK_URL, ""),
	 .diags = {"t.csv:2: venue is not valid UTF-8 (in Excel use Save As, \"CSV UTF-8\")"}},
	{.label = "xlsx", .csv = "PK\3\4\24\0\6\0", .len = 8,
	 .diags = {"t.csv:0: this is an Excel workbook, not CSV "
		   "(in Excel use Save As, \"CSV UTF-8\")"}},
	{.label = "UTF-16", .csv = "\xff\xfet\0i\0t\0", .len = 8,
	 .diags = {"t.csv:0: this is not a CSV text file (in Excel use Save As, \"CSV UTF-8\")"}},
	{.label = "empty", .csv = "",
	 .diags = {"t.csv:1: no header row: the first row must name the columns (title, "
		   "programme, date, start, end, venue, postcode, url, eligibility)"}},
	{.label = "header only", .csv = HDR},
};
/* clang-format on */

static void check_str(const char *label, const char *field, const char *want, const char *got)
{
	if (want && (!got || strcmp(want, got) != 0))
		fail_msg("%s: %s is \"%s\", want \"%s\"", label, field, got ? got : "(null)", want);
}

static void test_csv_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof csv_cases / sizeof csv_cases[0]; i++) {
		const struct csv_case *c = &csv_cases[i];
		struct course_list l = {0};
		struct diag_list d = {0};
		size_t len = c->len ? c->len : strlen(c->csv);
		int n = courses_parse("t.csv", c->csv, len, &progs, &l, &d);

		size_t want_diags = 0;
		while (want_diags < 6 && c->diags[want_diags])
			want_diags++;
		if (n != c->want_n || diag_count(&d) != want_diags) {
			diag_print(&d, stderr);
			fail_msg("%s: %d courses and %zu messages, want %d and %zu", c->label, n,
				 diag_count(&d), c->want_n, want_diags);
		}
		for (size_t k = 0; k < want_diags; k++)
			if (strcmp(d.msgs[k], c->diags[k]) != 0)
				fail_msg("%s: message %zu is\n  %s\nwant\n  %s", c->label, k,
					 d.msgs[k], c->diags[k]);
		assert_int_equal(l.n, (size_t)n);
		if (n > 0) {
			const struct course *f = &l.v[0];
			check_str(c->label, "title", c->title, f->title);
			check_str(c->label, "programme", c->programme, f->programme);
			check_str(c->label, "venue", c->venue, f->venue);
			check_str(c->label, "postcode", c->postcode, f->postcode);
			check_str(c->label, "url", c->url, f->url);
			check_str(c->label, "eligibility", c->elig, f->eligibility);
			if (c->y && (f->year != c->y || f->month != c->m || f->day != c->d))
				fail_msg("%s: date %d-%d-%d", c->label, f->year, f->month, f->day);
			if (c->start && f->start_min != c->start)
				fail_msg("%s: start %d", c->label, f->start_min);
			if (c->end && f->end_min != c->end)
				fail_msg("%s: end %d", c->label, f->end_min);
			if (c->line && f->line != c->line)
				fail_msg("%s: line %d", c->label, f->line);
		}
		courses_free(&l);
		assert_null(l.v);
		diag_free(&d);
	}
}

static void test_upcoming(void **state)
{
	(void)state;
	static const char csv[] =
		HDR R("A", "sbwa", "12/01/2027", "14:00", "", "V", "", OK_URL, "") /* 0 */
		R("B", "sbwa", "01/12/2026", "09:30", "", "V", "", OK_URL, "")     /* 1 past */
		R("C", "sbwa", "12/01/2027", "09:30", "", "V", "", OK_URL, "")     /* 2 */
		R("D", "sbwa", "2027-01-11", "18:00", "", "V", "", OK_URL, "")     /* 3 */
		R("E", "sbwa", "2027-06-01", "09:00", "", "V", "", OK_URL, "")     /* 4 */
		R("F", "sbwa", "12/01/2027", "09:30", "", "V", "", OK_URL, "")     /* 5 same as C */
		R("G", "sbwa", "10/01/2027", "23:59", "", "V", "", OK_URL, "");    /* 6 past */
	struct course_list l = {0};
	assert_int_equal(courses_parse("t.csv", csv, strlen(csv), &progs, &l, NULL), 7);

	static const struct {
		int y, m, d;
		size_t max, count;
		size_t want[8];
	} q[] = {
		{2027, 1, 11, 8, 5, {3, 2, 5, 0, 4}},
		{2027, 1, 11, 3, 5, {3, 2, 5}},
		{2027, 1, 11, 1, 5, {3}},
		{2027, 1, 12, 8, 4, {2, 5, 0, 4}},
		{2000, 1, 1, 8, 7, {1, 6, 3, 2, 5, 0, 4}},
		{2027, 6, 2, 8, 0, {0}},
		{2027, 1, 11, 0, 5, {0}},
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		size_t idx[8];
		memset(idx, 0xAA, sizeof idx);
		size_t n = courses_upcoming(&l, q[i].y, q[i].m, q[i].d, idx, q[i].max);
		assert_int_equal(n, q[i].count);
		size_t kept = n < q[i].max ? n : q[i].max;
		for (size_t k = 0; k < kept; k++)
			if (idx[k] != q[i].want[k])
				fail_msg("query %zu: position %zu is %zu, want %zu", i, k, idx[k],
					 q[i].want[k]);
	}
	assert_int_equal(courses_upcoming(&l, 2027, 1, 11, NULL, 0), 5);
	assert_int_equal(courses_upcoming(NULL, 2027, 1, 11, NULL, 0), 0);
	courses_free(&l);
}

/* On the day itself a session drops off the list once it is over. */
static void test_upcoming_at(void **state)
{
	(void)state;
	static const char csv[] =
		HDR R("Morning", "sbwa", "11/01/2027", "09:30", "11:30", "V", "", OK_URL, "") /* 0 */
		R("Drop-in", "sbwa", "11/01/2027", "13:00", "", "V", "", OK_URL, "")          /* 1 */
		R("Evening", "sbwa", "11/01/2027", "18:00", "20:00", "V", "", OK_URL, "")     /* 2 */
		R("Tomorrow", "sbwa", "12/01/2027", "08:00", "09:00", "V", "", OK_URL, "");   /* 3 */
	struct course_list l = {0};
	assert_int_equal(courses_parse("t.csv", csv, strlen(csv), &progs, &l, NULL), 4);
	static const struct {
		int now_min;
		size_t count;
		size_t want[4];
	} q[] = {
		{-1, 4, {0, 1, 2, 3}},		/* no time given: all of today */
		{0, 4, {0, 1, 2, 3}},
		{11 * 60 + 29, 4, {0, 1, 2, 3}},	/* still on */
		{11 * 60 + 30, 3, {1, 2, 3}},	/* the morning one has ended */
		{13 * 60 + 59, 3, {1, 2, 3}},	/* no end: joinable for an hour */
		{14 * 60, 2, {2, 3}},
		{20 * 60, 1, {3}},		/* tomorrow's is never over today */
		{23 * 60 + 59, 1, {3}},
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		size_t idx[4];
		size_t n = courses_upcoming_at(&l, 2027, 1, 11, q[i].now_min, idx, 4);
		assert_int_equal(n, q[i].count);
		for (size_t k = 0; k < n; k++)
			if (idx[k] != q[i].want[k])
				fail_msg("at %d: position %zu is %zu, want %zu", q[i].now_min, k,
					 idx[k], q[i].want[k]);
	}
	/* The day before, nothing is over. */
	assert_int_equal(courses_upcoming_at(&l, 2027, 1, 10, 23 * 60 + 59, NULL, 0), 4);
	courses_free(&l);
}

static const char *const days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
				    "Thursday", "Friday", "Saturday"};
static const char *const months[12] = {"January",   "February", "March",    "April",
				       "May",       "June",     "July",     "August",
				       "September", "October",  "November", "December"};

static void test_format_when(void **state)
{
	(void)state;
	static const struct {
		int y, m, d, start, end;
		const char *want;
	} cases[] = {
		{2026, 3, 3, 600, 720, "Tuesday 3 March 2026, 10:00-12:00"},
		{2026, 12, 1, 570, 870, "Tuesday 1 December 2026, 09:30-14:30"},
		{2027, 6, 26, 660, -1, "Saturday 26 June 2027, 11:00"},
		{2028, 2, 29, 0, 1439, "Tuesday 29 February 2028, 00:00-23:59"},
		{2027, 2, 28, 1050, 1140, "Sunday 28 February 2027, 17:30-19:00"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct course c = {.year = cases[i].y,
				   .month = cases[i].m,
				   .day = cases[i].d,
				   .start_min = cases[i].start,
				   .end_min = cases[i].end};
		char out[64];
		int n = courses_format_when(&c, days, months, out, sizeof out);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, (int)strlen(cases[i].want));
	}
	struct course c = {.year = 2026, .month = 3, .day = 3, .start_min = 600, .end_min = 720};
	char small[8];
	assert_int_equal(courses_format_when(&c, days, months, small, sizeof small), 33);
	assert_string_equal(small, "Tuesday");
	assert_int_equal(courses_format_when(&c, days, months, NULL, 0), 33);
	assert_int_equal(courses_format_when(&c, NULL, months, small, sizeof small), -1);
	c.month = 13;
	assert_int_equal(courses_format_when(&c, days, months, small, sizeof small), -1);

	static const struct {
		int y, m, d, wd;
	} wd[] = {{2026, 3, 3, 2},  {2000, 1, 1, 6},  {2027, 2, 28, 0},
		  {2028, 2, 29, 2}, {2026, 12, 1, 2}, {2099, 12, 31, 4}};
	for (size_t i = 0; i < sizeof wd / sizeof wd[0]; i++)
		assert_int_equal(courses_weekday(wd[i].y, wd[i].m, wd[i].d), wd[i].wd);
}

static void test_load(void **state)
{
	(void)state;
	struct course_list l = {.n = 99};
	struct diag_list d = {0};
	assert_int_equal(courses_load("/nonexistent-kiosk/courses.csv", &progs, &l, &d), -1);
	assert_int_equal(l.n, 0);
	assert_int_equal(diag_count(&d), 1);
	assert_string_equal(
		d.msgs[0],
		"/nonexistent-kiosk/courses.csv:0: cannot read: No such file or directory");
	diag_free(&d);

	/* What Excel's "CSV UTF-8" writes: BOM, CRLF, a line break in a cell. */
	static const char excel[] =
		"\xef\xbb\xbfTitle,Programme,Date,Start,End,Venue,Postcode,URL,Eligibility\r\n"
		"Step into Care,Step into Care,02/02/2027,09:30,14:30,\"Chapeltown Hub\r\nRoom 1\","
		"LS7 3EX,https://wecare.example.org/courses/sic-2027-02,18+\r\n"
		"PA academy,pa-academy,30/02/2027,10:00,15:00,Armley Library,LS12 1UQ,"
		"https://wecare.example.org/courses/pa-2027-02,\r\n";
	const char *dir = getenv("TMPDIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/courses-load-%d.csv", dir ? dir : "/tmp", (int)getpid());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(excel, 1, sizeof excel - 1, f), sizeof excel - 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(courses_load(path, &progs, &l, &d), 1);
	assert_string_equal(l.v[0].venue, "Chapeltown Hub\nRoom 1");
	assert_int_equal(diag_count(&d), 1);
	char want[1200];
	snprintf(want, sizeof want,
		 "%s:4: date \"30/02/2027\" is not a real date (use DD/MM/YYYY or YYYY-MM-DD)",
		 path);
	assert_string_equal(d.msgs[0], want);
	remove(path);
	courses_free(&l);
	courses_free(&l); /* twice is fine */
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cases),
		cmocka_unit_test(test_upcoming),
		cmocka_unit_test(test_upcoming_at),
		cmocka_unit_test(test_format_when),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, load_progs, free_progs);
}
