/*
 * store_dir.c: where the kiosk keeps its data when --data is not given.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

void store_default_dir(char *out, size_t n)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(out, n, "%s/carekiosk", xdg);
	else
		snprintf(out, n, "%s/.local/share/carekiosk", home && *home ? home : "/tmp");
}
