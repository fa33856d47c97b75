/*
 * kioskctl: the staff and admin command line. One file per command,
 * cmd_<name>.c, each defining int cmd_<name>(struct kctl *).
 */
#ifndef KIOSKCTL_H
#define KIOSKCTL_H

#include <stdbool.h>

struct kctl {
	const char *config;	/* --config DIR (default: src/paths/paths.h) */
	const char *data;	/* --data DIR (default: as the kiosk's) */
	const char *assets;	/* --assets DIR (default beside the config) */
	int argc;		/* the command's own arguments, after the common ones */
	char **argv;		/* argv[0] is the command name */
};

/* Each returns the process exit code: 0 ok, 1 a problem was found or the
 * job could not be done, 2 bad arguments. Errors go to stderr. */
int cmd_check(struct kctl *k);
int cmd_sync(struct kctl *k);
int cmd_stats(struct kctl *k);
int cmd_report(struct kctl *k);
int cmd_export(struct kctl *k);
int cmd_purge(struct kctl *k);
int cmd_set_pin(struct kctl *k);
int cmd_keygen(struct kctl *k);
int cmd_decrypt(struct kctl *k);
int cmd_content(struct kctl *k);

/* True if argv[i] is "--help" or "-h" for this command. */
bool kctl_wants_help(const struct kctl *k);

#endif
