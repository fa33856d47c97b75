/*
 * check.c: the content checks shared by kioskctl and staff mode. See check.h.
 */
#include "content/check.h"

#include "content/config.h"
#include "content/courses.h"
#include "content/form.h"
#include "content/quiz.h"
#include "content/roles.h"
#include "content/strtab.h"

#include <limits.h>
#include <stdio.h>

size_t content_check(const char *config_dir, const char *asset_dir, struct diag_list *diag,
		     struct content_check_counts *counts)
{
	size_t before = diag_count(diag);
	char path[PATH_MAX];
	struct config cfg = {0};
	config_load(&cfg, config_dir, diag);
	config_free(&cfg);

	struct strtab str = {0};
	snprintf(path, sizeof path, "%s/strings", config_dir);
	strtab_load_dir(&str, path, diag);
	strtab_free(&str);

	struct roles roles = {0};
	int nroles = roles_load(&roles, config_dir, asset_dir, diag);
	int nquiz = quiz_check(config_dir, asset_dir, &roles, diag);
	roles_free(&roles);

	struct form_content form = {0};
	form_load(&form, config_dir, diag);
	form_free(&form);
	struct form_keyboards kb = {0};
	form_keyboards_load(&kb, config_dir, diag);
	form_keyboards_free(&kb);

	struct course_list courses = {0};
	snprintf(path, sizeof path, "%s/courses.csv", config_dir);
	int ncourses = courses_load(path, &courses, diag);
	courses_free(&courses);

	if (counts)
		*counts = (struct content_check_counts){nroles, nquiz, ncourses};
	return diag_count(diag) - before;
}
