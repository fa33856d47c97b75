/*
 * kioskctl sync: uploads the queued leads now, with the kiosk's own upload
 * code (uploader_sync), and prints one line per lead: "ID sent",
 * "ID rejected: why" or "ID queued: why". Retries on the way go to stderr.
 * Safe while the kiosk runs: each side has its own database connection and
 * the server de-duplicates by id.
 */
#include "kioskctl.h"

#include "content/config.h"
#include "content/diag.h"
#include "content/form.h"
#include "net/uploader.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_TIMEOUT_S 30

static const char help[] =
	"usage: kioskctl sync [--config DIR] [--data DIR] [--timeout S]\n"
	"Uploads the queued leads now to upload.url in kiosk.json, oldest first, and\n"
	"prints one line per lead: ID sent, ID rejected: why, or ID queued: why.\n"
	"Every queued lead is tried once straight away; failed ones are tried again\n"
	"(waiting as the kiosk would) until S seconds have passed (default 30).\n"
	"Rejected leads (the server refused them for good) are not tried again; a\n"
	"refused token pauses uploads. Safe to run while the kiosk is running.\n"
	"Exit status: 0 nothing is left queued, 1 leads are still queued or uploads\n"
	"could not run, 2 bad arguments.\n";

static int parse_timeout(const struct kctl *k, int64_t *timeout_ms)
{
	*timeout_ms = DEFAULT_TIMEOUT_S * INT64_C(1000);
	for (int i = 1; i < k->argc; i++) {
		if (strcmp(k->argv[i], "--timeout") != 0) {
			fprintf(stderr, "kioskctl sync: unknown option %s (see --help)\n", k->argv[i]);
			return 2;
		}
		char *end = NULL;
		double s = i + 1 < k->argc ? strtod(k->argv[i + 1], &end) : -1;
		if (i + 1 >= k->argc || end == k->argv[i + 1] || *end || !(s > 0) || s > 86400) {
			fprintf(stderr, "kioskctl sync: --timeout wants seconds, like 30\n");
			return 2;
		}
		*timeout_ms = (int64_t)(s * 1000);
		i++;
	}
	return 0;
}

static void report(void *ctx, const struct uploader_result *r)
{
	(void)ctx;
	if (!r->final) {
		fprintf(stderr, "kioskctl sync: %s not sent yet (%s): %s; next try in %.1f s\n", r->id,
			r->result, r->message, (double)r->wait_ms / 1000);
		return;
	}
	if (r->message && *r->message)
		printf("%s %s: %s\n", r->id, r->result, r->message);
	else
		printf("%s %s\n", r->id, r->result);
	fflush(stdout);
}

static bool have_db(const char *data)
{
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof path, "%s/leads.db", data);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int run(struct kctl *k, const struct config *cfg, int64_t timeout_ms)
{
	char content_version[13];
	form_content_version(k->config, content_version);
	struct uploader_opts o = {
		.data_dir = k->data,
		.url = cfg->upload_url,
		.token_file = cfg->upload_token_file,
		.ca_file = cfg->upload_ca_file,
		.base_dir = k->config,
		.app_version = KIOSK_VERSION,
		.device_name = cfg->device_name,
		.content_version = content_version,
	};
	struct uploader_status st;
	int rc = uploader_sync(&o, timeout_ms, report, NULL, &st);
	if (rc < 0) {
		fprintf(stderr, "kioskctl sync: cannot upload: %s\n",
			st.last_error[0] ? st.last_error : "out of memory");
		return 1;
	}
	fprintf(stderr, "kioskctl sync: %ld queued, %ld sent, %ld rejected in all%s%s\n", st.queued,
		st.sent, st.rejected, st.queued && st.last_error[0] ? "; last problem: " : "",
		st.queued ? st.last_error : "");
	return rc == 0 ? 0 : 1;
}

int cmd_sync(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		fputs(help, stdout);
		return 0;
	}
	int64_t timeout_ms;
	int rc = parse_timeout(k, &timeout_ms);
	if (rc)
		return rc;
	struct diag_list diag = {0};
	struct config cfg;
	config_load(&cfg, k->config, &diag);
	if (diag_count(&diag)) {
		diag_print(&diag, stderr);
		fprintf(stderr, "kioskctl sync: fix kiosk.json first\n");
		rc = 1;
	} else if (!have_db(k->data)) {
		fprintf(stderr, "kioskctl sync: no leads database in %s (use --data DIR)\n", k->data);
		rc = 1;
	} else {
		rc = run(k, &cfg, timeout_ms);
	}
	diag_free(&diag);
	config_free(&cfg);
	return rc;
}
