/*
 * net_office_leads: test helper for the office page's tests. Queues the
 * leads read from stdin in DATA_DIR/leads.db through the real store API,
 * sealed to PUBLIC_KEY (or in plain text for "-"), and prints their ids,
 * one a line. Each input line is EVENT <tab> PROGRAMME <tab> ANSWERS_JSON
 * (invented people only); the first was left MINUTES_AGO minutes ago (0 by
 * default), each next one a minute later.
 *
 *   net_office_leads DATA_DIR PUBLIC_KEY|- [MINUTES_AGO] < leads.tsv
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: net_office_leads DATA_DIR PUBLIC_KEY|- [MINUTES_AGO] "
				"< leads.tsv\n");
		return 2;
	}
	struct store_opts opts = {.office_public_key = strcmp(argv[2], "-") ? argv[2] : NULL};
	struct store *st = NULL;
	enum store_err err = store_open(argv[1], &opts, &st);
	if (err) {
		fprintf(stderr, "net_office_leads: %s\n", store_strerror(err));
		return 1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t ago = argc == 4 ? atoll(argv[3]) : 0;
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - ago * 60000;
	char line[4096];
	for (int i = 0; !err && fgets(line, sizeof line, stdin); i++) {
		line[strcspn(line, "\n")] = '\0';
		char *prog = strchr(line, '\t'), *answers = prog ? strchr(prog + 1, '\t') : NULL;
		if (!answers) {
			fprintf(stderr, "net_office_leads: stdin:%d: want EVENT TAB PROGRAMME TAB "
					"JSON\n", i + 1);
			err = STORE_INVALID;
			break;
		}
		*prog++ = '\0';
		*answers++ = '\0';
		struct store_lead_in in = {.event = line, .device = "kiosk-test",
					   .app_version = "0.1.0", .content_version = "test",
					   .lang = "en", .programme = prog, .answers_json = answers};
		char id[STORE_ID_LEN];
		if ((err = store_add_lead(st, &in, now + (int64_t)i * 60000, id)) == STORE_OK)
			printf("%s\n", id);
		else
			fprintf(stderr, "net_office_leads: %s\n", store_strerror(err));
	}
	store_close(st);
	return err ? 1 : 0;
}
