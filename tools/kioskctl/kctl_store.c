/*
 * kctl_store.c: see kctl_store.h.
 */
#include "kctl_store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

long long kctl_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *why(enum store_err err)
{
	switch (err) {
	case STORE_BUSY:
		return "the database is locked by another program; try again in a minute";
	case STORE_VERSION:
		return "the database was made by a different version of carekiosk";
	case STORE_IO:
		return "cannot open the database (check the folder's permissions)";
	default:
		return store_strerror(err);
	}
}

static struct store *open_store(const struct kctl *k, bool write, bool create)
{
	const char *cmd = k->argv[0];
	struct stat sb;
	int e = stat(k->data, &sb) != 0 ? errno : S_ISDIR(sb.st_mode) ? 0 : ENOTDIR;
	if (e == ENOENT && create)
		e = 0;	/* store_open makes it, 0700, as the kiosk does */
	if (e) {
		fprintf(stderr,
			"kioskctl %s: no data folder at %s (%s).\n"
			"Give the kiosk's data folder with --data DIR.\n",
			cmd, k->data, e == ENOENT ? "it does not exist" : strerror(e));
		return NULL;
	}
	struct store_opts o = {.read_only = !write};
	struct store *st = NULL;
	enum store_err err = store_open(k->data, &o, &st);
	if (err == STORE_NOTFOUND) {
		fprintf(stderr,
			"kioskctl %s: there is no leads database in %s yet.\n"
			"The kiosk creates it the first time it starts.\n",
			cmd, k->data);
		return NULL;
	}
	if (err) {
		fprintf(stderr, "kioskctl %s: %s/leads.db: %s\n", cmd, k->data, why(err));
		return NULL;
	}
	return st;
}

struct store *kctl_open_store(const struct kctl *k, bool write)
{
	return open_store(k, write, false);
}

struct store *kctl_create_store(const struct kctl *k)
{
	return open_store(k, true, true);
}
