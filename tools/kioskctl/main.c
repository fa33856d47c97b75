/*
 * kioskctl: staff and admin tasks for a carekiosk device.
 */
#include "kioskctl.h"

#include "paths/paths.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *name;
	int (*run)(struct kctl *);
	bool data;	/* reads or writes the leads database */
	const char *help;
} commands[] = {
	{"check", cmd_check, false, "check settings and content; print every problem as file:line"},
	{"stats", cmd_stats, true, "count leads: today, this event, queued, sent, rejected"},
	{"report", cmd_report, true,
	 "anonymous counts per event and hour (--format text|csv|json|svg, --event, --since)"},
	{"export", cmd_export, true,
	 "write leads as CSV or JSON (--format, --out, --since, --event, --status)"},
	{"sync", cmd_sync, true, "upload queued leads now (--timeout S)"},
	{"purge", cmd_purge, true, "delete sent leads older than N days (--sent-older-than DAYS)"},
	{"set-pin", cmd_set_pin, true, "set the staff PIN (asks twice, or reads it from stdin)"},
	{"keygen", cmd_keygen, false, "make the office key for sealed leads (--out FILE)"},
	{"decrypt", cmd_decrypt, false, "open sealed leads from exports (--key FILE EXPORT.json...)"},
	{"content", cmd_content, true, "fetch the office's signed content now, or show its status"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	struct paths_places pl;
	paths_places_default(&pl);
	fprintf(f, "usage: kioskctl COMMAND [--config DIR] [--data DIR] [--assets DIR] [options]\n"
		   "\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n`kioskctl COMMAND --help` tells more about one command.\n\n");
	paths_help(f, &pl);
	fprintf(f, "Run as root (sudo kioskctl ...), kioskctl works as the user that owns the\n"
		   "data folder (the kiosk's own user), so the kiosk can always open its files.\n");
}

/* stat() of path, or of its nearest folder that exists (set-pin creates a
 * missing data folder, and it must belong to whoever owns the one above). */
static int stat_existing(const char *path, struct stat *st)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	while (stat(p, st) != 0) {
		char *slash = strrchr(p, '/');
		if (!slash || errno != ENOENT)
			return -1;
		*(slash == p ? slash + 1 : slash) = '\0';
	}
	return 0;
}

/*
 * Under sudo, become the owner of the data folder (or, not made yet, of
 * the folder it goes in) before touching it: a database file created by
 * root (or a root-owned -wal file) would lock the kiosk's own user out of
 * its leads. Returns 0, or 1 after a message.
 */
static int become_data_owner(const char *data)
{
	struct stat st;
	if (geteuid() != 0 || stat_existing(data, &st) != 0 || st.st_uid == 0)
		return 0;
	const struct passwd *pw = getpwuid(st.st_uid);
	if (!pw) {
		fprintf(stderr, "kioskctl: %s belongs to user %u, who has no account here\n", data,
			(unsigned)st.st_uid);
		return 1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "kioskctl: cannot become user %s: %s\n", pw->pw_name,
			strerror(errno));
		return 1;
	}
	return 0;
}

/* A staff member without sudo gets told how, not "permission denied". */
static int check_data_access(const char *data, const char *cmd)
{
	struct stat st;
	if (stat(data, &st) != 0 || access(data, R_OK | W_OK | X_OK) == 0)
		return 0;
	const struct passwd *pw = getpwuid(st.st_uid);
	fprintf(stderr,
		"kioskctl: the kiosk's data folder %s belongs to user %s.\n"
		"Run the command with sudo:  sudo kioskctl %s ...\n",
		data, pw ? pw->pw_name : "another user", cmd);
	return 1;
}

bool kctl_wants_help(const struct kctl *k)
{
	for (int i = 1; i < k->argc; i++)
		if (!strcmp(k->argv[i], "--help") || !strcmp(k->argv[i], "-h"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	size_t c = 0;
	while (c < NCOMMANDS && strcmp(commands[c].name, argv[1]) != 0)
		c++;
	if (c == NCOMMANDS) {
		fprintf(stderr, "kioskctl: unknown command \"%s\"\n", argv[1]);
		usage(stderr);
		return 2;
	}
	/* Pull out the common options; the rest belong to the command. */
	static struct paths_places places;
	static struct paths p;
	struct kctl k = {0};
	char **rest = calloc((size_t)argc, sizeof *rest);
	if (!rest)
		return 1;
	rest[k.argc++] = argv[1];
	for (int i = 2; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--config") ? &k.config
				    : !strcmp(argv[i], "--data")   ? &k.data
				    : !strcmp(argv[i], "--assets") ? &k.assets
								   : NULL;
		if (!slot) {
			rest[k.argc++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "kioskctl: %s needs a folder\n", argv[i]);
			free(rest);
			return 2;
		}
		*slot = argv[++i];
	}
	paths_places_default(&places);
	if (paths_resolve(&places, k.config, k.assets, k.data, &p) != 0) {
		fprintf(stderr, "kioskctl: a folder name is too long\n");
		free(rest);
		return 2;
	}
	k.config = p.config;
	k.assets = p.assets;
	k.data = p.data;
	k.argv = rest;
	int rc = 0;
	if (commands[c].data && !kctl_wants_help(&k))
		rc = become_data_owner(k.data) ? 1 : check_data_access(k.data, commands[c].name);
	if (!rc)
		rc = commands[c].run(&k);
	free(rest);
	return rc;
}
