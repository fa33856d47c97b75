/*
 * receiver_tokens.c: the token key, the keyed hash, and the `token`
 * command (add, list, revoke).
 */
#include "receiver_tokens.h"

#include "receiver_store.h"

#include <sodium.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOKEN_BYTES 32	/* 256 random bits: no guessing, so a fast hash is enough */

static int make_key(const char *path, unsigned char key[RTOKEN_KEY_LEN], char *err, size_t n)
{
	char hex[2 * RTOKEN_KEY_LEN + 2];
	randombytes_buf(key, RTOKEN_KEY_LEN);
	sodium_bin2hex(hex, sizeof hex, key, RTOKEN_KEY_LEN);
	strcat(hex, "\n");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	bool ok = fd >= 0 && write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	sodium_memzero(hex, sizeof hex);
	if (!ok)
		snprintf(err, n, "cannot create the token key %s: %s", path, strerror(errno));
	return ok ? 0 : -1;
}

int rtoken_key_load(const char *path, bool create, unsigned char key[RTOKEN_KEY_LEN], char *err,
		    size_t n)
{
	if (sodium_init() < 0) {
		snprintf(err, n, "libsodium cannot start");
		return -1;
	}
	FILE *f = fopen(path, "r");
	if (!f && errno == ENOENT && create)
		return make_key(path, key, err, n);
	if (!f) {
		snprintf(err, n, "cannot read the token key %s: %s%s", path, strerror(errno),
			 errno == ENOENT ? " (`token add` makes it)" : "");
		return -1;
	}
	char hex[2 * RTOKEN_KEY_LEN + 8] = "";
	size_t got = fread(hex, 1, sizeof hex - 1, f);
	fclose(f);
	size_t bin_len = 0;
	const char *end = NULL;
	int rc = sodium_hex2bin(key, RTOKEN_KEY_LEN, hex, got, NULL, &bin_len, &end);
	bool ok = rc == 0 && bin_len == RTOKEN_KEY_LEN && strspn(end, "\r\n") == strlen(end);
	sodium_memzero(hex, sizeof hex);
	if (!ok)
		snprintf(err, n, "%s:1: not a token key (64 hex digits)", path);
	return ok ? 0 : -1;
}

void rtoken_hash(const unsigned char key[RTOKEN_KEY_LEN], const char *token, size_t len,
		 char hex[RTOKEN_HASH_LEN])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)token, len, key);
	sodium_bin2hex(hex, RTOKEN_HASH_LEN, mac, sizeof mac);
}

bool rtoken_name_ok(const char *name)
{
	size_t k = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
	return k > 0 && k <= RTOKEN_NAME_MAX && !name[k];
}

static const char usage[] =
	"usage: carekiosk-receiver token add NAME --db FILE|URI --token-key FILE\n"
	"       carekiosk-receiver token list --db FILE|URI\n"
	"       carekiosk-receiver token revoke NAME --db FILE|URI\n"
	"  add     make a token for the kiosk NAME (A-Z a-z 0-9 . _ -, up to 64) and print it\n"
	"          once on stdout; only its keyed hash is stored. --token-key FILE holds the\n"
	"          key (made, mode 0600, if missing); give the receiver the same file.\n"
	"  list    names, when made, when last used, and whether revoked\n"
	"  revoke  the kiosk's token stops working at once (its leads stay; add NAME again\n"
	"          to give the kiosk a new one)\n";

static int add(struct rstore *s, const char *name, const char *key_path)
{
	char err[300];
	unsigned char key[RTOKEN_KEY_LEN], raw[TOKEN_BYTES];
	char token[sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char hash[RTOKEN_HASH_LEN];
	if (rtoken_key_load(key_path, true, key, err, sizeof err)) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		return 1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rtoken_hash(key, token, strlen(token), hash);
	sodium_memzero(key, sizeof key);
	sodium_memzero(raw, sizeof raw);
	int r = s->ops->token_add(s, name, hash, err, sizeof err);
	if (r == 0) {
		printf("%s\n", token);
		fprintf(stderr, "carekiosk-receiver: a new token for %s, shown only this once: put it "
				"in that kiosk's token file (upload.token_file)\n", name);
	} else if (r == 1) {
		fprintf(stderr, "carekiosk-receiver: %s has a token already; revoke it first "
				"(token revoke %s)\n", name, name);
	} else {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
	}
	sodium_memzero(token, sizeof token);
	return r == 0 ? 0 : 1;
}

static int row(void *ctx, const struct rtoken *t)
{
	(void)ctx;
	printf("%-24s %-25s %-25s %s\n", t->name, t->created_at ? t->created_at : "-",
	       t->last_used_at ? t->last_used_at : "never",
	       t->revoked_at ? "revoked" : "active");
	return 0;
}

static int act(struct rstore *s, const char *what, const char *name, const char *key_path)
{
	char err[300];
	if (!strcmp(what, "add"))
		return add(s, name, key_path);
	if (!strcmp(what, "list")) {
		printf("%-24s %-25s %-25s %s\n", "NAME", "CREATED", "LAST USED", "STATE");
		if (s->ops->token_each(s, row, NULL, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		return 1;
	}
	int r = s->ops->token_revoke(s, name, err, sizeof err);
	if (r == 0)
		fprintf(stderr, "carekiosk-receiver: the token of %s is revoked\n", name);
	else if (r == 1)
		fprintf(stderr, "carekiosk-receiver: no active token is called %s (token list)\n",
			name);
	else
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
	return r == 0 ? 0 : 1;
}

int rtoken_cmd(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "", *name = NULL, *db = NULL, *key = NULL;
	bool named = !strcmp(what, "add") || !strcmp(what, "revoke");
	int i = 2;
	if (named && argc > 2 && argv[2][0] != '-')
		name = argv[i++];
	for (; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			db = argv[i + 1];
		else if (!strcmp(argv[i], "--token-key"))
			key = argv[i + 1];
		else
			break;
	}
	if (i != argc || !db || (!named && strcmp(what, "list")) || (named && !name) ||
	    (!strcmp(what, "add") && !key)) {
		fprintf(stderr, "%s", usage);
		return 2;
	}
	if (name && !rtoken_name_ok(name)) {
		fprintf(stderr, "carekiosk-receiver: a kiosk name is 1 to 64 of A-Z a-z 0-9 . _ -\n");
		return 2;
	}
	char err[300];
	struct rstore *s = rstore_open(db, NULL, err, sizeof err);
	if (!s) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		return 1;
	}
	int rc = act(s, what, name, key);
	s->ops->close(s);
	return rc;
}
