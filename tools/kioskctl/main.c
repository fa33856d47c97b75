/*
 * kioskctl: staff and admin tasks for a carekiosk device.
 */
#include "kioskctl.h"

#include "store.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef KIOSK_DEFAULT_CONFIG
#define KIOSK_DEFAULT_CONFIG "/etc/carekiosk"
#endif

static const struct {
	const char *name;
	int (*run)(struct kctl *);
	const char *help;
} commands[] = {
	{"check", cmd_check, "check settings and content; print every problem as file:line"},
	{"stats", cmd_stats, "count leads: today, this event, queued, sent, rejected"},
	{"export", cmd_export, "write leads as CSV or JSON (--format, --out, --since, --event, --status)"},
	{"sync", cmd_sync, "upload queued leads now (--timeout S)"},
	{"purge", cmd_purge, "delete sent leads older than N days (--sent-older-than DAYS)"},
	{"set-pin", cmd_set_pin, "set the staff PIN (asks twice, or reads it from stdin)"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: kioskctl COMMAND [--config DIR] [--data DIR] [options]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n`kioskctl COMMAND --help` tells more about one command.\n");
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
	static char data[PATH_MAX], assets[PATH_MAX];
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
	struct stat st;
	if (!k.config)
		k.config = stat("kiosk-config", &st) == 0 ? "kiosk-config" : KIOSK_DEFAULT_CONFIG;
	if (!k.data) {
		store_default_dir(data, sizeof data);
		k.data = data;
	}
	if (!k.assets) {
		snprintf(assets, sizeof assets, "%s/../assets", k.config);
		k.assets = assets;
	}
	k.argv = rest;
	int rc = commands[c].run(&k);
	free(rest);
	return rc;
}
