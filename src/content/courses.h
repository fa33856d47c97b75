/*
 * courses: the list of upcoming course sessions, from kiosk-config/courses.csv.
 *
 * Staff keep the list in Excel and save it as "CSV UTF-8". The first
 * non-blank row names the columns, matched by name in any order and any case;
 * unknown columns are ignored:
 *   title, programme, date, start, venue, url   required
 *   end, postcode, eligibility                   optional
 * programme is a programme's id or one of its aliases from programmes.json
 * ("sbwa", "Sector-based work academy"), any case, spaces and hyphens
 * ignored; it is stored as the id. date is YYYY-MM-DD or
 * DD/MM/YYYY; start and end are HH:MM (24-hour; a trailing ":SS" from Excel is
 * accepted and ignored). url is http:// or https:// with a dotted host name.
 * postcode, when given, must look like a UK postcode and is stored as
 * "LS9 8AB".
 *
 * The CSV is RFC 4180 as Excel writes it: quoted fields with commas, doubled
 * quotes and line breaks inside, CRLF, LF or CR line ends, an optional UTF-8
 * byte order mark, blank rows (also rows of empty cells) skipped.
 *
 * Every problem is added to a diag_list as "name:line: message", line being
 * the physical line of the CSV where the row starts; a bad row is skipped and
 * the others still load. Messages say what to change.
 *
 * No state, no globals: thread-safe on separate lists.
 */
#ifndef KIOSK_COURSES_H
#define KIOSK_COURSES_H

#include <stdbool.h>
#include <stddef.h>

#include "content/diag.h"
#include "content/strtab.h"

struct course {
	/* Owned UTF-8 strings, never NULL ("" when an optional cell is empty). */
	char *title, *programme /* id */, *venue, *postcode, *url, *eligibility;
	int year, month, day;   /* a real calendar date, year 2000-2099 */
	int start_min, end_min; /* minutes after midnight; end_min -1 if none */
	int line;               /* CSV line the row starts on, for messages */
};

struct course_list {
	struct course *v; /* owned, n entries, in file order */
	size_t n;
};

/* Reads and parses the file at path; progs (programmes_load) says which
 * programmes a row may name and how they may be spelt. Returns the number of courses loaded
 * (>= 0), or -1 if the file cannot be read (diag gets "path:0: cannot read:
 * <reason>") or memory runs out. *out is overwritten (free an old list
 * first) and is empty on -1; on success the caller owns it (courses_free).
 * diag may be NULL to discard messages. */
struct programmes;
int courses_load(const char *path, const struct programmes *progs, struct course_list *out,
		 struct diag_list *diag);

/* Same on len bytes of text (need not be NUL-terminated), with name used in
 * messages. Returns the number loaded, or -1 when out of memory. */
int courses_parse(const char *name, const char *text, size_t len, const struct programmes *progs,
		  struct course_list *out, struct diag_list *diag);

/* True for an http:// or https:// address with a dotted host name and no
 * spaces (what a course's url cell must be). */
bool courses_url_ok(const char *u);

/* Writes to idx_out the indexes of up to max courses dated on or after
 * y-m-d, sorted by date, then start time, then file order. Returns how many
 * courses qualify in all (may exceed max, like snprintf), so a NULL idx_out
 * with max 0 counts them. Never allocates. */
size_t courses_upcoming(const struct course_list *l, int y, int m, int d, size_t *idx_out,
			size_t max);

/* The same at a time of day too: now_min minutes after midnight (local) on
 * y-m-d. A session that day is left out once it is over: from its end time,
 * or, without one, an hour after it starts (a visitor can still join a
 * drop-in late, not a course that began this morning). now_min < 0 keeps
 * all of that day's sessions, as courses_upcoming() does. */
size_t courses_upcoming_at(const struct course_list *l, int y, int m, int d, int now_min,
			   size_t *idx_out, size_t max);

/* Formats c's date and time as "Tuesday 3 March 2026, 10:00-12:00" (no
 * "-12:00" without an end time) into out (n bytes, NUL-terminated,
 * truncated if short). days (Sunday first) and months come from the
 * caller's strings file. Returns the length the full text needs, like
 * snprintf, or -1 if an argument is NULL or the date is out of range. */
int courses_format_when(const struct course *c, const char *const days[7],
			const char *const months[12], char *out, size_t n);

/* The names courses_format_when() takes, from the strings courses.day.0-6
 * (Sunday first) and courses.month.1-12: strtab_get() of each, so a
 * missing one shows as its key. The pointers belong to str (or are static). */
void courses_names(const struct strtab *str, const char *days[7], const char *months[12]);

/* Day of the week of a date, 0 = Sunday. */
int courses_weekday(int y, int m, int d);

/* Frees every string and the array, and zeroes *l. Safe on a zeroed list. */
void courses_free(struct course_list *l);

#endif
