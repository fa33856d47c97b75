/*
 * seal.c: the kiosk side of sealing: public keys, key ids, sealing one
 * lead's answers. See seal.h.
 */
#include "store/seal.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static const char *const err_text[SEAL_ERR_COUNT] = {
	[SEAL_OK] = "no error",
	[SEAL_BAD_PUBLIC_KEY] = "the office public key is not valid (44 characters of base64 "
				"from `kioskctl keygen`)",
	[SEAL_WRONG_KEY] = "sealed to another office key",
	[SEAL_TAMPERED] = "damaged or altered: it does not open with this key",
	[SEAL_OTHER_LEAD] = "altered: its answers were sealed for another lead",
	[SEAL_BAD_PASSPHRASE] = "wrong passphrase for the key file",
	[SEAL_BAD_KEY_FILE] = "not a carekiosk office key file, or the file is damaged",
	[SEAL_IO] = "cannot read or write the file",
	[SEAL_NOMEM] = "out of memory",
	[SEAL_INVALID] = "invalid argument",
};

const char *seal_strerror(enum seal_err err)
{
	if ((unsigned)err >= SEAL_ERR_COUNT)
		return "unknown sealing error";
	return err_text[err];
}

void seal_key_id(const unsigned char pk[SEAL_PK_BYTES], char out[SEAL_KEY_ID_LEN])
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, pk, SEAL_PK_BYTES, NULL, 0);
	sodium_bin2hex(out, SEAL_KEY_ID_LEN, h, sizeof h);
}

bool seal_key_id_ok(const char *s)
{
	if (!s || strlen(s) != SEAL_KEY_ID_LEN - 1)
		return false;
	for (size_t i = 0; i < SEAL_KEY_ID_LEN - 1; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

enum seal_err seal_pub_parse(const char *b64, struct seal_pub *out)
{
	size_t len = 0;
	if (!b64 || !out)
		return SEAL_INVALID;
	if (sodium_init() < 0)
		return SEAL_NOMEM;
	memset(out, 0, sizeof *out);
	if (sodium_base642bin(out->pk, sizeof out->pk, b64, strlen(b64), " \t\r\n", &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != SEAL_PK_BYTES)
		return SEAL_BAD_PUBLIC_KEY;
	seal_key_id(out->pk, out->key_id);
	return SEAL_OK;
}

void seal_wipe_json(struct cJSON *node)
{
	for (cJSON *n = node; n; n = n->next) {
		if (n->valuestring)
			sodium_memzero(n->valuestring, strlen(n->valuestring));
		if (n->string && !(n->type & cJSON_StringIsConst))
			sodium_memzero(n->string, strlen(n->string));
		seal_wipe_json(n->child);
	}
}

void seal_wipe_free(char *s)
{
	if (!s)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

enum seal_err seal_lead(const struct seal_pub *k, const char *id, const char *answers_json,
			char **b64_out)
{
	static const char pre[] = "{\"id\":\"", mid[] = "\",\"answers\":";
	enum seal_err err = SEAL_NOMEM;
	unsigned char *inner = NULL, *box = NULL;
	size_t ilen, padded, cap;

	if (b64_out)
		*b64_out = NULL;
	if (!k || !id || !answers_json || !b64_out || strchr(id, '"') || strchr(id, '\\'))
		return SEAL_INVALID;
	if (sodium_init() < 0)
		return SEAL_NOMEM;
	ilen = strlen(pre) + strlen(id) + strlen(mid) + strlen(answers_json) + 1;
	cap = ilen + SEAL_PAD_BLOCK;
	if (!(inner = malloc(cap)))
		goto out;
	snprintf((char *)inner, cap, "%s%s%s%s}", pre, id, mid, answers_json);
	if (sodium_pad(&padded, inner, ilen, SEAL_PAD_BLOCK, cap) != 0) {
		err = SEAL_INVALID;
		goto out;
	}
	size_t blen = padded + crypto_box_SEALBYTES;
	size_t b64len = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	if (!(box = malloc(blen)) || !(*b64_out = malloc(b64len)))
		goto out;
	if (crypto_box_seal(box, inner, padded, k->pk) != 0) {
		err = SEAL_BAD_PUBLIC_KEY;
		goto out;
	}
	sodium_bin2base64(*b64_out, b64len, box, blen, sodium_base64_VARIANT_ORIGINAL);
	err = SEAL_OK;
out:
	if (inner) {
		sodium_memzero(inner, cap);
		free(inner);
	}
	free(box);
	if (err && b64_out) {
		free(*b64_out);
		*b64_out = NULL;
	}
	return err;
}

void seal_no_core_dumps(void)
{
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	/* LeakSanitizer stops the world with ptrace, which a non-dumpable
	 * process refuses; RLIMIT_CORE alone then keeps cores off disk. */
#if !defined(__SANITIZE_ADDRESS__)
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}
