/*
 * Builds the booking slip for one course of a CSV (the first with a non-ASCII
 * venue, to exercise PC858) and prints it through a file: target, for the
 * round-trip test. Writes the lines the slip must show (title, when, venue,
 * url) to EXPECT, one a line.
 *
 *   print_make_slip COURSES.csv 58|80 raster|native OUT.bin EXPECT.txt
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/courses.h"
#include "content/programmes.h"
#include "programmes_beside.h"
#include "print/escpos.h"
#include "print/printer.h"

/* Test fixture wording; the kiosk takes these from its strings file. */
static const char *const days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
				    "Thursday", "Friday", "Saturday"};
static const char *const months[12] = {"January",   "February", "March",    "April",
				       "May",       "June",     "July",     "August",
				       "September", "October",  "November", "December"};

static const struct course *pick(const struct course_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		for (const char *p = l->v[i].venue; *p; p++)
			if ((unsigned char)*p >= 0x80)
				return &l->v[i];
	return &l->v[0];
}

int main(int argc, char **argv)
{
	struct course_list l = {0};
	struct diag_list d = {0};
	struct escpos_buf b = {0};
	char when[128], venue[512], target[4096];
	FILE *f = NULL;
	int ret = 1;

	if (argc != 6) {
		fprintf(stderr, "usage: %s COURSES.csv 58|80 raster|native OUT EXPECT\n", argv[0]);
		return 2;
	}
	struct programmes p = {0};
	if (load_programmes_beside(argv[1], &p) != 0 || courses_load(argv[1], &p, &l, &d) < 1) {
		diag_print(&d, stderr);
		goto out;
	}
	const struct course *c = pick(&l);
	courses_format_when(c, days, months, when, sizeof when);
	snprintf(venue, sizeof venue, "%s%s%s", c->venue, *c->postcode ? ", " : "", c->postcode);
	const struct slip s = {
		.title = c->title,
		.when = when,
		.venue = venue,
		.url = c->url,
		.bring_heading = "What to bring",
		.bring = "Photo ID\nSomething to write with",
		.footer = "Questions? Ask a member of staff.",
	};
	const struct escpos_opts o = {atoi(argv[2]), strcmp(argv[3], "native") == 0};
	enum escpos_err e = escpos_slip(&b, &s, &o);
	if (e) {
		fprintf(stderr, "escpos_slip: %s\n", escpos_strerror(e));
		goto out;
	}
	unlink(argv[4]); /* file: targets append */
	snprintf(target, sizeof target, "file:%s", argv[4]);
	enum printer_err pe = printer_send(target, b.data, b.len);
	if (pe) {
		fprintf(stderr, "printer_send: %s\n", printer_strerror(pe));
		goto out;
	}
	f = fopen(argv[5], "w");
	if (!f || fprintf(f, "%s\n%s\n%s\n%s\n", s.title, s.when, s.venue, s.url) < 0) {
		perror(argv[5]);
		goto out;
	}
	ret = 0;
out:
	if (f && fclose(f) != 0)
		ret = 1;
	escpos_buf_free(&b);
	programmes_free(&p);
	courses_free(&l);
	diag_free(&d);
	return ret;
}
