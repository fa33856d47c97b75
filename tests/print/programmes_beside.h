/*
 * Test helper: loads the programmes.json that sits beside a courses CSV
 * (kiosk-config/ keeps them together), printing its problems to stderr.
 */
#ifndef TESTS_PRINT_PROGRAMMES_BESIDE_H
#define TESTS_PRINT_PROGRAMMES_BESIDE_H

#include <stdio.h>
#include <string.h>

#include "content/programmes.h"

static inline int load_programmes_beside(const char *csv, struct programmes *p)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", csv);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	struct diag_list d = {0};
	int rc = programmes_load(p, dir, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return rc;
}

#endif
