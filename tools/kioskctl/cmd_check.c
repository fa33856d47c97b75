/*
 * kioskctl check: loads every setting and every piece of content the way
 * the kiosk does, and prints each problem as file:line: message.
 */
#include "kioskctl.h"

#include "config.h"
#include "courses.h"
#include "diag.h"
#include "roles.h"
#include "strings.h"

#include <limits.h>
#include <stdio.h>

int cmd_check(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		printf("usage: kioskctl check [--config DIR] [--assets DIR]\n"
		       "Checks kiosk.json, strings, roles, quiz and courses. Prints every problem as\n"
		       "file:line: message and exits 1 if there are any, 0 if all is well.\n");
		return 0;
	}
	struct diag_list diag = {0};
	char path[PATH_MAX];
	struct config cfg;
	config_load(&cfg, k->config, &diag);
	config_free(&cfg);

	struct strings str;
	snprintf(path, sizeof path, "%s/strings", k->config);
	strings_load_dir(&str, path, &diag);
	strings_free(&str);

	struct roles roles = {0};
	int nroles = roles_load(&roles, k->config, k->assets, &diag);
	roles_free(&roles);

	struct course_list courses = {0};
	snprintf(path, sizeof path, "%s/courses.csv", k->config);
	int ncourses = courses_load(path, &courses, &diag);
	courses_free(&courses);

	size_t n = diag_count(&diag);
	diag_print(&diag, stdout);
	diag_free(&diag);
	if (n) {
		fprintf(stderr, "kioskctl: %zu problem(s) found\n", n);
		return 1;
	}
	printf("all good: %d roles, %d courses\n", nroles, ncourses);
	return 0;
}
