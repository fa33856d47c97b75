/*
 * paths.c: the default folders of carekiosk and kioskctl. See paths.h for
 * the search order; src/paths/CMakeLists.txt compiles in the locations.
 */
#include "paths/paths.h"

#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KIOSK_SHARE_REL
#define KIOSK_SHARE_REL "../share/carekiosk"
#endif
#ifndef KIOSK_SHARE_DIR
#define KIOSK_SHARE_DIR "/usr/local/share/carekiosk"
#endif
#ifndef KIOSK_SYSTEM_CONFIG
#define KIOSK_SYSTEM_CONFIG "/etc/carekiosk"
#endif
#ifndef KIOSK_SYSTEM_DATA
#define KIOSK_SYSTEM_DATA "/var/lib/carekiosk"
#endif
#ifndef KIOSK_SOURCE_TREE
#define KIOSK_SOURCE_TREE "."
#endif

static bool is_dir(const char *p)
{
	struct stat st;
	return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_config(const char *share)
{
	char p[PATH_MAX];
	int len = snprintf(p, sizeof p, "%s/kiosk-config", share);
	return len > 0 && (size_t)len < sizeof p && is_dir(p);
}

/* The installed share folder beside this binary, normalised; "" if none. */
static void find_share(char *out, size_t n)
{
	char exe[PATH_MAX], rel[PATH_MAX];
	out[0] = '\0';
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0) {
		/* No /proc: trust the compiled-in location. */
		if (has_config(KIOSK_SHARE_DIR))
			snprintf(out, n, "%s", KIOSK_SHARE_DIR);
		return;
	}
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	int r = snprintf(rel, sizeof rel, "%s/%s", exe, KIOSK_SHARE_REL);
	if (r < 0 || (size_t)r >= sizeof rel || !has_config(rel))
		return;
	char *real = realpath(rel, NULL);
	snprintf(out, n, "%s", real ? real : rel);
	free(real);
}

void paths_places_default(struct paths_places *pl)
{
	memset(pl, 0, sizeof *pl);
	find_share(pl->share, sizeof pl->share);
	pl->installed = pl->share[0] != '\0';
	snprintf(pl->system_config, sizeof pl->system_config, "%s", KIOSK_SYSTEM_CONFIG);
	snprintf(pl->system_data, sizeof pl->system_data, "%s", KIOSK_SYSTEM_DATA);
	snprintf(pl->source, sizeof pl->source, "%s", KIOSK_SOURCE_TREE);
	store_default_dir(pl->user_data, sizeof pl->user_data);
}

/* Copies the first of up to three candidates that is a folder, else the last. */
static int pick(char *out, size_t n, const char *a, const char *b, const char *c)
{
	const char *last = c ? c : b ? b : a;
	const char *p = is_dir(a) ? a : is_dir(b) ? b : last;
	int len = snprintf(out, n, "%s", p ? p : "");
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

int paths_resolve(const struct paths_places *pl, const char *config, const char *assets,
		  const char *data, struct paths *out)
{
	char share_config[PATH_MAX], share_assets[PATH_MAX];
	char src_config[PATH_MAX], src_assets[PATH_MAX], beside[PATH_MAX];
	const char *base = pl->installed ? pl->share : pl->source;
	if (snprintf(share_config, sizeof share_config, "%s/kiosk-config", pl->share) < 0 ||
	    snprintf(share_assets, sizeof share_assets, "%s/assets", pl->share) < 0 ||
	    snprintf(src_config, sizeof src_config, "%s/kiosk-config", base) < 0 ||
	    snprintf(src_assets, sizeof src_assets, "%s/assets", base) < 0)
		return -1;
	int rc = 0;
	if (config)
		rc |= pick(out->config, sizeof out->config, config, NULL, NULL);
	else if (pl->installed)
		rc |= pick(out->config, sizeof out->config, "kiosk-config", pl->system_config,
			   share_config);
	else
		rc |= pick(out->config, sizeof out->config, "kiosk-config", src_config, NULL);

	int len = snprintf(beside, sizeof beside, "%s/../assets", out->config);
	if (len < 0 || (size_t)len >= sizeof beside)
		return -1;
	if (assets)
		rc |= pick(out->assets, sizeof out->assets, assets, NULL, NULL);
	else
		rc |= pick(out->assets, sizeof out->assets, beside,
			   pl->installed ? share_assets : src_assets, NULL);

	if (data)
		rc |= pick(out->data, sizeof out->data, data, NULL, NULL);
	else if (pl->installed)
		rc |= pick(out->data, sizeof out->data, pl->system_data, pl->user_data, NULL);
	else
		rc |= pick(out->data, sizeof out->data, pl->user_data, NULL, NULL);
	return rc ? -1 : 0;
}

void paths_help(FILE *f, const struct paths_places *pl)
{
	fprintf(f, "Folders not given on the command line are the first of these that exists:\n");
	if (pl->installed) {
		fprintf(f,
			"  config  ./kiosk-config, then %s, then %s/kiosk-config\n"
			"  assets  assets/ beside the config folder, then %s/assets\n"
			"  data    %s, then %s\n"
			"(This is an installed copy. Run from its build tree it looks in\n"
			"./kiosk-config and the source tree instead, and keeps data in\n"
			"$XDG_DATA_HOME/carekiosk.)\n",
			pl->system_config, pl->share, pl->share, pl->system_data, pl->user_data);
	} else {
		fprintf(f,
			"  config  ./kiosk-config, then %s/kiosk-config\n"
			"  assets  assets/ beside the config folder, then %s/assets\n"
			"  data    %s ($XDG_DATA_HOME/carekiosk)\n"
			"(This copy runs from its build tree. Installed, it looks in %s, then\n"
			"<prefix>/share/carekiosk, and keeps data in %s if it exists.)\n",
			pl->source, pl->source, pl->user_data, pl->system_config,
			pl->system_data);
	}
}
