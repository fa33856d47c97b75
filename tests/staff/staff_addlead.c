/*
 * staff_addlead: a test helper that queues one lead exactly as the kiosk
 * does (store_add_lead), so e2e tests can fill a database without driving
 * the form. Not installed; used by tests/e2e/test_staff.py.
 *
 *   staff_addlead DATA_DIR [--at UNIX_MS] [--event TAG] [--device NAME]
 *                 [--status queued|sent|rejected]   < answers.json
 *
 * Prints the new lead's id. Exit 0, or 1 with the reason on stderr.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_stdin(void)
{
	size_t n = 0, cap = STORE_ANSWERS_MAX + 2;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	n = fread(buf, 1, cap - 1, stdin);
	buf[n] = '\0';
	return buf;
}

static int fail(const char *what, enum store_err err)
{
	fprintf(stderr, "staff_addlead: %s: %s\n", what, store_strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	struct store_lead_in in = {.device = "kiosk-test", .app_version = "test",
				   .content_version = "test", .lang = "en"};
	const char *status = "queued";
	int64_t at = (int64_t)time(NULL) * 1000;
	if (argc < 2) {
		fprintf(stderr, "usage: staff_addlead DATA_DIR [--at MS] [--event TAG] "
				"[--device NAME] [--status S] < answers.json\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--at"))
			at = strtoll(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--event"))
			in.event = argv[i + 1];
		else if (!strcmp(argv[i], "--device"))
			in.device = argv[i + 1];
		else if (!strcmp(argv[i], "--status"))
			status = argv[i + 1];
	}
	char *answers = read_stdin();
	struct store *st = NULL;
	char id[STORE_ID_LEN];
	enum store_err err;
	int rc = 1;
	in.answers_json = answers;
	if ((err = store_open(argv[1], NULL, &st))) {
		rc = fail("open", err);
		goto out;
	}
	if ((err = store_add_lead(st, &in, at, id))) {
		rc = fail("add", err);
		goto out;
	}
	if (!strcmp(status, "sent"))
		err = store_mark_sent(st, id, at + 1000);
	else if (!strcmp(status, "rejected"))
		err = store_mark_rejected(st, id, "HTTP 422");
	if (err) {
		rc = fail("status", err);
		goto out;
	}
	printf("%s\n", id);
	rc = 0;
out:
	store_close(st);
	free(answers);
	return rc;
}
