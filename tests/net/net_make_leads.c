/*
 * net_make_leads: test helper. Queues N leads for invented visitors in
 * DATA_DIR/leads.db through the real store API and prints their ids, one
 * a line, so upload tests do not depend on the kiosk's form.
 *
 *   net_make_leads DATA_DIR N [EVENT]
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 3 || atoi(argv[2]) < 1) {
		fprintf(stderr, "usage: net_make_leads DATA_DIR N [EVENT]\n");
		return 2;
	}
	struct store *st = NULL;
	enum store_err err = store_open(argv[1], NULL, &st);
	if (err) {
		fprintf(stderr, "net_make_leads: %s\n", store_strerror(err));
		return 1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	int n = atoi(argv[2]);
	for (int i = 0; i < n && !err; i++) {
		char answers[512];
		/* Invented people only. */
		snprintf(answers, sizeof answers,
			 "{\"name\":\"Zoë Testperson %d\",\"phone\":\"07700 900%03d\","
			 "\"email\":\"zoe%d@example.com\",\"postcode\":\"LS1 4AP\","
			 "\"role\":\"care-worker\",\"consent\":true,\"quiz\":{\"score\":%d}}",
			 i + 1, i % 1000, i + 1, i % 7);
		struct store_lead_in in = {
			.event = argc > 3 ? argv[3] : "Leeds Careers Fair 2026-03",
			.device = "kiosk-test",
			.app_version = "0.1.0",
			.content_version = "test",
			.lang = "en",
			.answers_json = answers,
		};
		char id[STORE_ID_LEN];
		if ((err = store_add_lead(st, &in, now, id)) == STORE_OK)
			printf("%s\n", id);
		else
			fprintf(stderr, "net_make_leads: %s\n", store_strerror(err));
	}
	store_close(st);
	return err ? 1 : 0;
}
