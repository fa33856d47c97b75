/*
 * carekiosk-receiver: the reference server for the kiosk upload protocol
 * (docs/upload-protocol.md). It stores each lead once, by id, in SQLite or
 * PostgreSQL (receiver_store.h) and can export what it holds as CSV. Run by an office, and by the uploader's
 * tests (which also use its test-only --fault-* options).
 */
#include "receiver.h"

#include "content_cmd.h"
#include "receiver_check.h"
#include "receiver_status.h"
#include "store/seal.h"

#include <sodium.h>
#include <sys/stat.h>

#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_BODY (72 * 1024)

static const char usage[] =
	"usage: carekiosk-receiver --db FILE|URI --token-key FILE|--token-file FILE\n"
	"                          [--listen ADDR:PORT] [--path /leads]\n"
	"                          [--tls-cert FILE --tls-key FILE]\n"
	"       carekiosk-receiver --db FILE|URI --export-csv FILE|- [--key FILE]\n"
	"                          [--passphrase-file FILE]\n"
	"       carekiosk-receiver token add NAME|list|revoke NAME --db FILE|URI [--token-key FILE]\n"
	"       carekiosk-receiver kiosks --db FILE|URI   (the kiosks' latest status reports)\n"
	"       carekiosk-receiver user add NAME --db FILE|URI   (an office page account;\n"
	"                          the password from stdin)\n"
	"       carekiosk-receiver content keygen|publish|show ...   (signed content for\n"
	"                          the kiosks: `content --help`)\n"
	"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; [::1]:8080 for IPv6;\n"
	"                      port 0 picks a free one; the address is printed on stdout)\n"
	"  --db FILE           the SQLite file holding the leads (created, mode 0600)\n"
	"  --db postgresql://USER@HOST/DB\n"
	"                      a PostgreSQL database instead (any libpq URI; the password\n"
	"                      is best in ~/.pgpass or PGPASSWORD, not on the command line)\n"
	"  --db-pool N         PostgreSQL connections to keep (default 4, at most 64)\n"
	"  --retry-after S     the Retry-After of a 503 while the database is down (default 5)\n"
	"  --token-key FILE    accept the per-kiosk tokens of `token add` (FILE is the key their\n"
	"                      hashes are made with; each lead records its kiosk's name)\n"
	"  --token-file FILE   also accept these bearer tokens, one per line ('#' starts a\n"
	"                      comment): one token for all kiosks, the older way\n"
	"  --path PATH         the path leads are POSTed to (default /leads; '*' = any path)\n"
	"  --max-body BYTES    largest body accepted (default 73728: a kiosk's largest lead)\n"
	"  --tls-cert FILE     serve HTTPS with this PEM certificate (chain) ...\n"
	"  --tls-key FILE      ... and this PEM private key\n"
	"  --export-csv FILE   write every stored lead as CSV to FILE ('-' = stdout) and exit\n"
	"  --key FILE          the office key (kioskctl keygen) that opens sealed leads for\n"
	"                      --export-csv; the passphrase is asked at the terminal, or\n"
	"                      read from --passphrase-file FILE or $CAREKIOSK_KEY_PASSPHRASE.\n"
	"                      Sealed leads stay sealed in the database.\n"
	"  --office            serve the office's pages at /office/ (sign in with the accounts\n"
	"                      of `user add`): leads to call, call status, exports, events,\n"
	"                      kiosks. Use HTTPS (--tls-cert) anywhere but on this machine.\n"
	"  --office-key FILE   the office key (kioskctl keygen) that the office page opens\n"
	"                      sealed leads with, once a member of staff types its passphrase\n"
	"                      (kept in memory for that session only)\n"
	"  --office-idle S     sign out after S seconds without a request (default 1800)\n"
	"  --content FILE      serve the content bundle `content publish` writes to FILE at\n"
	"                      GET \"content\" beside the path (/content), with the kiosks'\n"
	"                      token; read on each request, so a new publish needs no restart\n"
	"  --quiet             no request log on stderr\n"
	"Test-only (make the server misbehave on purpose; never use in production):\n"
	"  --fault-status CODE[:N]     answer CODE without storing (first N lead requests;\n"
	"                              default all); 429 and 503 carry Retry-After\n"
	"  --fault-retry-after S       the Retry-After for --fault-status (default 1)\n"
	"  --fault-drop-after-store N  store, then close the connection without answering\n"
	"                              (first N lead requests)\n"
	"  --fault-html                answer 200 with an HTML sign-in page, storing nothing\n"
	"  --fault-delay MS            store, then wait MS before answering\n"
	"  --fault-bad-json            store, then answer 201 with a broken JSON body\n"
	"  --fault-count N             --fault-html/-delay/-bad-json only for the first N\n"
	"                              lead requests (default all)\n"
	"Kiosks POST their status to \"status\" beside the path (/status), with the same token.\n"
	"GET /healthz answers 200 without a token. Stop with Ctrl+C or SIGTERM.\n";

struct args {
	const char *listen, *db, *token_file, *token_key, *tls_cert, *tls_key, *csv, *key, *pass_file;
	const char *office_key;
	struct rstore_options store;
};

static bool num(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool fault_status(const char *v, struct faults *f)
{
	char code[8];
	long c, n = -1;
	const char *colon = strchr(v, ':');
	size_t k = colon ? (size_t)(colon - v) : strlen(v);
	if (k >= sizeof code)
		return false;
	memcpy(code, v, k);
	code[k] = '\0';
	if (!num(code, 100, 599, &c) || (colon && !num(colon + 1, 1, 1000000, &n)))
		return false;
	f->status = (int)c;
	f->status_left = n;
	return true;
}

static int option(const char *o, const char *v, struct args *a, struct server *sv)
{
	long n;
	const char **slot = !strcmp(o, "--listen")       ? &a->listen
			    : !strcmp(o, "--db")         ? &a->db
			    : !strcmp(o, "--token-file") ? &a->token_file
			    : !strcmp(o, "--token-key")  ? &a->token_key
			    : !strcmp(o, "--tls-cert")   ? &a->tls_cert
			    : !strcmp(o, "--tls-key")    ? &a->tls_key
			    : !strcmp(o, "--export-csv") ? &a->csv
			    : !strcmp(o, "--key")        ? &a->key
			    : !strcmp(o, "--passphrase-file") ? &a->pass_file
			    : !strcmp(o, "--office-key") ? &a->office_key
			    : !strcmp(o, "--content")    ? &sv->content_file
			    : !strcmp(o, "--path")       ? &sv->path
							 : NULL;
	if (slot)
		*slot = v;
	else if (!strcmp(o, "--max-body") && num(v, 256, RECEIVER_HARD_MAX, &n))
		sv->max_body = (size_t)n;
	else if (!strcmp(o, "--db-pool") && num(v, 1, 64, &n))
		a->store.pool = (int)n;
	else if (!strcmp(o, "--office-idle") && num(v, 1, 7 * 24 * 3600, &n))
		sv->office.idle_s = (int)n;
	else if (!strcmp(o, "--retry-after") && num(v, 1, 3600, &n))
		sv->retry_after_s = (int)n;
	else if (!strcmp(o, "--fault-status") && fault_status(v, &sv->f))
		;
	else if (!strcmp(o, "--fault-retry-after") && num(v, 0, 3600, &n))
		sv->f.retry_after_s = (int)n;
	else if (!strcmp(o, "--fault-drop-after-store") && num(v, 1, 1000000, &n))
		sv->f.drop_left = n;
	else if (!strcmp(o, "--fault-delay") && num(v, 1, 600000, &n))
		sv->f.delay_ms = n;
	else if (!strcmp(o, "--fault-count") && num(v, 1, 1000000, &n))
		sv->f.generic_left = n;
	else {
		fprintf(stderr, "carekiosk-receiver: bad option or value: %s %s\n%s", o, v, usage);
		return 2;
	}
	return 0;
}

static int parse(int argc, char **argv, struct args *a, struct server *sv)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			fputs(usage, stdout);
			exit(0);
		} else if (!strcmp(o, "--quiet")) {
			sv->quiet = true;
		} else if (!strcmp(o, "--office")) {
			sv->office.on = true;
		} else if (!strcmp(o, "--fault-html")) {
			sv->f.html = true;
		} else if (!strcmp(o, "--fault-bad-json")) {
			sv->f.bad_json = true;
		} else if (i + 1 >= argc) {
			fprintf(stderr, "carekiosk-receiver: %s needs a value\n%s", o, usage);
			return 2;
		} else if (option(o, argv[++i], a, sv)) {
			return 2;
		}
	}
	if (!a->db || (!a->csv && !a->token_file && !a->token_key) ||
	    (!a->tls_cert != !a->tls_key) || sv->path[0] == '\0' ||
	    (sv->path[0] != '/' && strcmp(sv->path, "*"))) {
		fprintf(stderr, "carekiosk-receiver: give --db, and --token-key or --token-file "
				"(or --export-csv);\n"
				"--tls-cert and --tls-key go together; --path starts with /\n%s",
			usage);
		return 2;
	}
	if (a->office_key && !sv->office.on) {
		fprintf(stderr, "carekiosk-receiver: --office-key goes with --office\n");
		return 2;
	}
	if ((a->key || a->pass_file) && !a->csv) {
		/* The office key is never needed, nor wanted, by the running server. */
		fprintf(stderr, "carekiosk-receiver: --key and --passphrase-file go with "
				"--export-csv only\n");
		return 2;
	}
	return 0;
}

/* The whole file, NUL-terminated; NULL if unreadable or over 1 MiB. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(RECEIVER_HARD_MAX + 1);
	size_t n = buf ? fread(buf, 1, RECEIVER_HARD_MAX + 1, f) : 0;
	bool ok = buf && !ferror(f) && n <= RECEIVER_HARD_MAX;
	fclose(f);
	if (!ok) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* One token per line; blank lines and '#' comments skipped. */
static int load_tokens(const char *path, struct server *sv)
{
	char *text = slurp(path);
	if (!text) {
		fprintf(stderr, "carekiosk-receiver: cannot read the token file %s\n", path);
		return -1;
	}
	for (char *save = NULL, *line = strtok_r(text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		line += strspn(line, " \t");
		size_t n = strcspn(line, " \t");
		if (!n || line[0] == '#')
			continue;
		char **p = realloc(sv->tokens, (sv->ntokens + 1) * sizeof *p);
		if (!p || !(p[sv->ntokens] = strndup(line, n))) {
			sv->tokens = p ? p : sv->tokens;
			break;
		}
		sv->tokens = p;
		sv->ntokens++;
	}
	explicit_bzero(text, strlen(text));
	free(text);
	if (!sv->ntokens) {
		fprintf(stderr, "carekiosk-receiver: no token in %s\n", path);
		return -1;
	}
	return 0;
}

/* "127.0.0.1:8080", "[::1]:0", "localhost:8080". */
static struct addrinfo *resolve(const char *listen)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	size_t k = colon ? (size_t)(colon - listen) : 0;
	if (!colon || k >= sizeof host)
		return NULL;
	memcpy(host, listen, k);
	host[k] = '\0';
	if (k >= 2 && host[0] == '[' && host[k - 1] == ']') {
		memmove(host, host + 1, k - 2);
		host[k - 2] = '\0';
	}
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *ai = NULL;
	if (getaddrinfo(*host ? host : NULL, colon + 1, &hints, &ai) != 0)
		return NULL;
	return ai;
}

static struct MHD_Daemon *start(struct server *sv, const struct args *a, struct addrinfo *ai,
				char **cert, char **key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem tls[3] = {{MHD_OPTION_END, 0, NULL}};
	if (a->tls_cert) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			fprintf(stderr, "carekiosk-receiver: this libmicrohttpd has no TLS\n");
			return NULL;
		}
		*cert = slurp(a->tls_cert);
		*key = slurp(a->tls_key);
		if (!*cert || !*key) {
			fprintf(stderr, "carekiosk-receiver: cannot read %s or %s\n", a->tls_cert,
				a->tls_key);
			return NULL;
		}
		flags |= MHD_USE_TLS;
		tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, *cert};
		tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, *key};
	}
	return MHD_start_daemon(flags, 0, NULL, NULL, receiver_on_request, sv,
				MHD_OPTION_SOCK_ADDR, ai->ai_addr,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
				MHD_OPTION_NOTIFY_COMPLETED, receiver_on_done, NULL,
				MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
}

static bool is_loopback(const char *host)
{
	return !strncmp(host, "127.", 4) || !strcmp(host, "::1");
}

static int serve(struct server *sv, const struct args *a)
{
	struct addrinfo *ai = resolve(a->listen ? a->listen : "127.0.0.1:8080");
	if (!ai) {
		fprintf(stderr, "carekiosk-receiver: --listen wants ADDR:PORT, like 127.0.0.1:8080\n");
		return 2;
	}
	/* Signals are taken by sigwait below, so block them in every thread. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	char *cert = NULL, *key = NULL;
	char host[256] = "";
	getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
	sv->office.tls = a->tls_cert != NULL;
	sv->office.loopback = is_loopback(host);
	struct MHD_Daemon *d = start(sv, a, ai, &cert, &key);
	bool v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	int rc = 1;
	if (d) {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		printf("carekiosk-receiver: listening on %s://%s%s%s:%u%s\n", a->tls_cert ? "https" : "http",
		       v6 ? "[" : "", host, v6 ? "]" : "", di ? di->port : 0,
		       strcmp(sv->path, "*") ? sv->path : "/");
		fflush(stdout);
		/* Every few seconds, sessions idle past --office-idle end and
		 * their opened office keys are wiped, whether or not anyone
		 * visits the page again. */
		const struct timespec tick = {5, 0};
		while (sigtimedwait(&set, NULL, &tick) < 0)
			office_sweep(&sv->office);
		atomic_store(&sv->stopping, true);
		MHD_stop_daemon(d);
		rc = 0;
	} else {
		fprintf(stderr, "carekiosk-receiver: cannot listen on %s\n",
			a->listen ? a->listen : "127.0.0.1:8080");
	}
	if (key)
		explicit_bzero(key, strlen(key));
	free(cert);
	free(key);
	return rc;
}

static struct seal_office *load_key(const struct args *a)
{
	char msg[400] = "";
	struct seal_office *k = NULL;
	char *pass = sodium_init() >= 0 ? sodium_malloc(SEAL_PASS_MAX + 2) : NULL;
	if (!pass) {
		fprintf(stderr, "carekiosk-receiver: out of memory\n");
		return NULL;
	}
	long n = seal_read_passphrase(a->pass_file, "Passphrase for the office key: ", false, pass,
				      SEAL_PASS_MAX + 2, msg, sizeof msg);
	if (n < 0 || seal_office_load(a->key, pass, (size_t)n, &k, msg, sizeof msg) != SEAL_OK)
		fprintf(stderr, "carekiosk-receiver: %s\n", msg);
	sodium_free(pass);
	return k;
}

/* --export-csv: the file is personal data, so it is made owner-only. */
static int export_csv(struct server *sv, const struct args *a)
{
	char err[300];
	long failed = 0;
	int rc = 0;
	struct seal_office *key = NULL;
	seal_no_core_dumps();
	if (a->key && !(key = load_key(a)))
		return 1;
	mode_t old = umask(077);
	FILE *f = strcmp(a->csv, "-") ? fopen(a->csv, "w") : stdout;
	umask(old);
	if (!f || rcheck_export_csv(sv->store, f, key, &failed, err, sizeof err)) {
		fprintf(stderr, "carekiosk-receiver: cannot export to %s: %s\n", a->csv,
			f ? err : "cannot create the file");
		rc = 1;
	}
	if (f && f != stdout && fclose(f))
		rc = 1;
	if (failed) {
		fprintf(stderr, "carekiosk-receiver: %ld sealed lead%s could not be opened (see "
				"above); the others were exported\n", failed, failed == 1 ? "" : "s");
		rc = 1;
	}
	seal_office_free(key);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "token"))
		return rtoken_cmd(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "kiosks"))
		return rstatus_cmd(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "user"))
		return office_user_cmd(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "content"))
		return content_cmd(argc - 1, argv + 1);
	struct args a = {.store = {.pool = 4, .wait_ms = 10000}};
	struct server sv = {.path = "/leads", .max_body = DEFAULT_MAX_BODY, .retry_after_s = 5};
	sv.f = (struct faults){.drop_left = 0, .status_left = -1, .retry_after_s = 1,
			       .generic_left = -1};
	pthread_mutex_init(&sv.f.mu, NULL);
	int rc = parse(argc, argv, &a, &sv);
	if (rc)
		return rc;
	rstatus_path(sv.path, sv.status_path, sizeof sv.status_path);
	snprintf(sv.content_path, sizeof sv.content_path, "%.*scontent",
		 (int)(strlen(sv.status_path) - strlen("status")), sv.status_path);
	char err[300];
	sv.store = rstore_open(a.db, &a.store, err, sizeof err);
	if (!sv.store) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		return 1;
	}
	if (a.csv) {
		rc = export_csv(&sv, &a);
	} else if (a.token_file && load_tokens(a.token_file, &sv)) {
		rc = 1;
	} else if (a.token_key && rtoken_key_load(a.token_key, false, sv.token_key, err, sizeof err)) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		rc = 1;
	} else {
		sv.have_key = a.token_key != NULL;
		sv.office.key_path = a.office_key;
		sv.office.store = sv.store;
		office_init(&sv.office);
		if (a.office_key)
			seal_no_core_dumps();	/* it holds opened keys and leads */
		rc = serve(&sv, &a);
		office_free(&sv.office);
	}
	sv.store->ops->close(sv.store);
	for (size_t i = 0; i < sv.ntokens; i++) {
		explicit_bzero(sv.tokens[i], strlen(sv.tokens[i]));
		free(sv.tokens[i]);
	}
	free(sv.tokens);
	explicit_bzero(sv.token_key, sizeof sv.token_key);
	pthread_mutex_destroy(&sv.f.mu);
	return rc;
}
