/* The course list shipped in kiosk-config/ must load with no problems. */
#include <stdio.h>
#include <string.h>

#include "content/courses.h"
#include "content/programmes.h"
#include "programmes_beside.h"

int main(int argc, char **argv)
{
	struct course_list l = {0};
	struct diag_list d = {0};
	int ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s courses.csv\n", argv[0]);
		return 2;
	}
	struct programmes p;
	if (load_programmes_beside(argv[1], &p) != 0)
		return 1;
	int n = courses_load(argv[1], &p, &l, &d);
	diag_print(&d, stderr);
	if (n < 1 || diag_count(&d) != 0) {
		fprintf(stderr, "%s: %d courses, %zu problems\n", argv[1], n, diag_count(&d));
		goto out;
	}
	printf("%s: %d courses, no problems\n", argv[1], n);
	ret = 0;
out:
	courses_free(&l);
	programmes_free(&p);
	diag_free(&d);
	return ret;
}
