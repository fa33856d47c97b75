/*
 * kioskctl check: loads every setting and every piece of content the way
 * the kiosk does, and prints each problem as file:line: message. The
 * checks themselves are content_check() (src/content/check.c), shared
 * with staff mode's "Check content".
 */
#include "kioskctl.h"

#include "content/check.h"
#include "content/diag.h"

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
	struct content_check_counts counts;
	size_t n = content_check(k->config, k->assets, &diag, &counts);
	diag_print(&diag, stdout);
	diag_free(&diag);
	if (n) {
		fprintf(stderr, "kioskctl: %zu problem(s) found\n", n);
		return 1;
	}
	printf("all good: %d roles, %d quiz characters, %d courses\n", counts.roles, counts.quiz,
	       counts.courses);
	return 0;
}
