/*
 * paths: where carekiosk and kioskctl find their config, assets and data
 * when the command line does not say.
 *
 * A binary is "installed" when <its folder>/../share/carekiosk/kiosk-config
 * exists (cmake --install puts it there; the path is relative, so an
 * install under any --prefix or DESTDIR finds its own copy). Otherwise it
 * runs from its build tree. The search order, first that exists:
 *
 *   config  --config DIR
 *           ./kiosk-config (the working directory)
 *           installed:  /etc/carekiosk (the device's editable copy),
 *                       then <share>/kiosk-config (the pristine copy)
 *           build tree: <source>/kiosk-config
 *   assets  --assets DIR
 *           <config>/../assets
 *           installed:  <share>/assets;  build tree: <source>/assets
 *   data    --data DIR
 *           installed:  /var/lib/carekiosk, if it exists
 *           $XDG_DATA_HOME/carekiosk, i.e. ~/.local/share/carekiosk
 *
 * The last candidate is returned even if it does not exist, so the caller
 * can name it in its error message.
 */
#ifndef KIOSK_PATHS_H
#define KIOSK_PATHS_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/* Where to look. paths_places_default() fills it for the running binary;
 * tests fill it by hand. Empty strings mean "not there". */
struct paths_places {
	bool installed;
	char share[PATH_MAX];		/* installed: .../share/carekiosk */
	char system_config[PATH_MAX];	/* installed: /etc/carekiosk */
	char system_data[PATH_MAX];	/* installed: /var/lib/carekiosk */
	char source[PATH_MAX];		/* build tree: the source checkout */
	char user_data[PATH_MAX];	/* $XDG_DATA_HOME/carekiosk */
};

/* The chosen folders. */
struct paths {
	char config[PATH_MAX];
	char assets[PATH_MAX];
	char data[PATH_MAX];
};

/* Fills pl for this binary (from /proc/self/exe and the compiled-in
 * install locations). */
void paths_places_default(struct paths_places *pl);

/* Chooses each folder: the given one if not NULL, else the search order
 * above. Returns 0, or -1 if a path does not fit in PATH_MAX. */
int paths_resolve(const struct paths_places *pl, const char *config, const char *assets,
		  const char *data, struct paths *out);

/* Writes the search order, with this binary's real folders, for --help. */
void paths_help(FILE *f, const struct paths_places *pl);

#endif
