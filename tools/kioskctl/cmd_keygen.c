/*
 * kioskctl keygen: makes the office's key pair for sealed leads. The
 * secret key goes into a file (mode 0600) locked with a passphrase; the
 * public key is printed as the line to put in each kiosk's kiosk.json.
 * Run it at the office, not on a kiosk: a kiosk needs only the public key.
 */
#include "kioskctl.h"

#include "store/seal.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kioskctl keygen --out FILE [--passphrase-file FILE]\n"
		"Makes a new office key for sealed leads. FILE gets the secret key, locked with a\n"
		"passphrase of at least %d characters (asked twice at the terminal; or the first\n"
		"line of --passphrase-file, or $CAREKIOSK_KEY_PASSPHRASE). It never overwrites a\n"
		"file. Prints the public key line for each kiosk's kiosk.json.\n"
		"Keep FILE and its passphrase at the office: without both, no sealed lead can\n"
		"be read, by anyone.\n",
		SEAL_PASS_MIN);
}

int cmd_keygen(struct kctl *k)
{
	const char *out = NULL, *pass_file = NULL;
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	for (int i = 1; i < k->argc; i++) {
		const char **slot = !strcmp(k->argv[i], "--out")		  ? &out
				    : !strcmp(k->argv[i], "--passphrase-file") ? &pass_file
									       : NULL;
		if (!slot || i + 1 >= k->argc) {
			fprintf(stderr, "kioskctl keygen: %s \"%s\"\n",
				slot ? "a file name must follow" : "unexpected", k->argv[i]);
			usage(stderr);
			return 2;
		}
		*slot = k->argv[++i];
	}
	if (!out) {
		fprintf(stderr, "kioskctl keygen: say where to write the key: --out FILE\n");
		return 2;
	}
	seal_no_core_dumps();
	char *pass = sodium_init() >= 0 ? sodium_malloc(SEAL_PASS_MAX + 2) : NULL;
	char msg[300] = "", pub[SEAL_PK_B64_LEN], kid[SEAL_KEY_ID_LEN];
	int rc = 1;
	if (!pass) {
		fprintf(stderr, "kioskctl keygen: out of memory\n");
		return 1;
	}
	long n = seal_read_passphrase(pass_file, "Passphrase for the new office key: ", true, pass,
				      SEAL_PASS_MAX + 2, msg, sizeof msg);
	if (n < 0) {
		fprintf(stderr, "kioskctl keygen: %s\n", msg);
		goto out;
	}
	if (n < SEAL_PASS_MIN || n > SEAL_PASS_MAX) {
		fprintf(stderr, "kioskctl keygen: the passphrase must have %d to %d characters\n",
			SEAL_PASS_MIN, SEAL_PASS_MAX);
		goto out;
	}
	enum seal_err e = seal_keygen(out, pass, (size_t)n, pub, kid);
	if (e == SEAL_IO) {
		fprintf(stderr, "kioskctl keygen: %s: %s\n", out,
			errno == EEXIST ? "already exists; keygen never overwrites a key"
					: strerror(errno));
		goto out;
	}
	if (e) {
		fprintf(stderr, "kioskctl keygen: %s\n", seal_strerror(e));
		goto out;
	}
	printf("Office key %s written to %s (keep it, and its passphrase, safe).\n"
	       "Put this in each kiosk's kiosk.json:\n"
	       "  \"privacy\": { \"office_public_key\": \"%s\" }\n",
	       kid, out, pub);
	rc = 0;
out:
	sodium_free(pass);
	return rc;
}
