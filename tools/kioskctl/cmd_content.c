/*
 * kioskctl content: the office's signed content on this kiosk
 * (src/net/content_fetch.h). `fetch` asks the receiver now, as the kiosk
 * does every 15 minutes, and stages a newer bundle for the next attract
 * screen; `status` says what runs, what waits and what was refused.
 */
#include "kioskctl.h"

#include "content/config.h"
#include "content/diag.h"
#include "net/content_fetch.h"

#include <curl/curl.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char help[] =
	"usage: kioskctl content fetch|status [--config DIR] [--data DIR]\n"
	"  fetch   asks the office's receiver for newer content now (\"content\" beside\n"
	"          upload.url, or content.url), checks its signature against\n"
	"          content.public_key and the content itself, and unpacks it beside the\n"
	"          running content; the kiosk switches at its next attract screen.\n"
	"          Prints: staged version N, unchanged, refused: why, or offline: why.\n"
	"  status  the running and waiting versions, and the last refusal.\n"
	"Exit status: 0 staged or unchanged, 1 refused, offline or not set up.\n";

/* path as given when absolute, else under base. */
static const char *resolve(const char *base, const char *path, char *buf, size_t n)
{
	if (!path || !*path || path[0] == '/')
		return path;
	snprintf(buf, n, "%s/%s", base, path);
	return buf;
}

static int fetch(struct kctl *k, const struct config *cfg, const char *dir)
{
	char url[2048], token[PATH_MAX * 2], ca[PATH_MAX * 2];
	if (*cfg->content_url)
		snprintf(url, sizeof url, "%s", cfg->content_url);
	else if (!content_fetch_url(cfg->upload_url, url, sizeof url))
		url[0] = '\0';
	struct content_fetch_opts o = {
		.url = url,
		.token_file = resolve(k->config, cfg->upload_token_file, token, sizeof token),
		.ca_file = resolve(k->config, cfg->upload_ca_file, ca, sizeof ca),
		.user_agent = "carekiosk/" KIOSK_VERSION,
		.public_key = cfg->content_public_key,
		.dir = dir,
		.asset_dir = k->assets,
	};
	struct content_fetch_out out;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	enum content_fetch_result r = content_fetch(&o, &out);
	curl_global_cleanup();
	if (r == CONTENT_STAGED)
		printf("staged version %ld: the kiosk shows it from its next attract screen\n",
		       out.version);
	else if (r == CONTENT_UNCHANGED)
		printf("unchanged\n");
	else
		printf("%s: %s\n", content_fetch_result_str(r), out.why);
	return r == CONTENT_STAGED || r == CONTENT_UNCHANGED ? 0 : 1;
}

static int status(const char *dir)
{
	struct content_state st;
	content_state_read(dir, &st);
	printf("running: %s%ld\n", st.running ? "version " : "the content in the config folder ",
	       st.running);
	if (st.staged > st.running)
		printf("waiting: version %ld (from the next attract screen)\n", st.staged);
	if (st.refused[0])
		printf("refused: %s\n", st.refused);
	if (st.bad)
		printf("not shown: version %ld (it failed the kiosk's checks)\n", st.bad);
	if (st.fetched) {
		char when[32];
		time_t t = (time_t)st.fetched;
		struct tm tm;
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
		printf("last asked the office: %s\n", when);
	}
	return 0;
}

int cmd_content(struct kctl *k)
{
	const char *what = k->argc > 1 ? k->argv[1] : "";
	if (kctl_wants_help(k) || (strcmp(what, "fetch") && strcmp(what, "status")) ||
	    k->argc > 2) {
		fputs(help, kctl_wants_help(k) ? stdout : stderr);
		return kctl_wants_help(k) ? 0 : 2;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/content", k->data);
	if (!strcmp(what, "status"))
		return status(dir);
	struct diag_list diag = {0};
	struct config cfg;
	config_load(&cfg, k->config, &diag);
	int rc;
	if (diag_count(&diag)) {
		diag_print(&diag, stderr);
		fprintf(stderr, "kioskctl content: fix kiosk.json first\n");
		rc = 1;
	} else {
		rc = fetch(k, &cfg, dir);
	}
	diag_free(&diag);
	config_free(&cfg);
	return rc;
}
