/*
 * seal_office.c: the office side of sealing: the passphrase-protected key
 * file, opening sealed leads, reading a passphrase. See seal.h.
 *
 * The key file is JSON, mode 0600:
 *   {"carekiosk_office_key": 1, "public_key": "<base64>", "key_id": "<hex>",
 *    "kdf": "argon2id13", "opslimit": N, "memlimit": N, "salt": "<base64>",
 *    "nonce": "<base64>", "secret": "<base64 secretbox of the secret key>"}
 * Nothing in it opens without the passphrase; the public key and key id are
 * there so staff can tell which kiosks a key belongs to.
 */
#include "store/seal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

struct seal_office {
	unsigned char pk[SEAL_PK_BYTES];
	unsigned char *sk;	/* sodium_malloc'd */
	char key_id[SEAL_KEY_ID_LEN];
};

#define FILE_MAX 8192

static void say(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	if (!msg || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
}

static char *b64(const unsigned char *bin, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(len);
	if (s)
		sodium_bin2base64(s, len, bin, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* Derives the file key from the passphrase. */
static int derive(unsigned char key[crypto_secretbox_KEYBYTES], const char *pass, size_t pass_len,
		  const unsigned char salt[crypto_pwhash_SALTBYTES], unsigned long long ops,
		  size_t mem)
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, pass_len, salt, ops, mem,
			     crypto_pwhash_ALG_ARGON2ID13);
}

static char *key_file_text(const unsigned char pk[SEAL_PK_BYTES], const char *key_id,
			   const unsigned char *salt, const unsigned char *nonce,
			   const unsigned char *box, size_t box_len)
{
	char *pk64 = b64(pk, SEAL_PK_BYTES), *salt64 = b64(salt, crypto_pwhash_SALTBYTES);
	char *nonce64 = b64(nonce, crypto_secretbox_NONCEBYTES), *box64 = b64(box, box_len);
	char *text = NULL;
	cJSON *o = cJSON_CreateObject();
	if (o && pk64 && salt64 && nonce64 && box64 &&
	    cJSON_AddNumberToObject(o, "carekiosk_office_key", 1) &&
	    cJSON_AddStringToObject(o, "public_key", pk64) &&
	    cJSON_AddStringToObject(o, "key_id", key_id) &&
	    cJSON_AddStringToObject(o, "kdf", "argon2id13") &&
	    cJSON_AddNumberToObject(o, "opslimit", SEAL_KDF_OPSLIMIT) &&
	    cJSON_AddNumberToObject(o, "memlimit", SEAL_KDF_MEMLIMIT) &&
	    cJSON_AddStringToObject(o, "salt", salt64) &&
	    cJSON_AddStringToObject(o, "nonce", nonce64) &&
	    cJSON_AddStringToObject(o, "secret", box64))
		text = cJSON_Print(o);
	cJSON_Delete(o);
	free(pk64);
	free(salt64);
	free(nonce64);
	free(box64);
	return text;
}

static enum seal_err write_new_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return SEAL_IO;
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int ok = done == len && fchmod(fd, 0600) == 0 && fsync(fd) == 0;
	int e = errno;
	close(fd);
	if (!ok) {
		unlink(path);
		errno = e;
		return SEAL_IO;
	}
	return SEAL_OK;
}

enum seal_err seal_keygen(const char *path, const char *pass, size_t pass_len,
			  char pub_b64[SEAL_PK_B64_LEN], char key_id[SEAL_KEY_ID_LEN])
{
	unsigned char pk[SEAL_PK_BYTES], salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + SEAL_SK_BYTES];
	unsigned char *sk = NULL, *fkey = NULL;
	char *text = NULL;
	enum seal_err err = SEAL_NOMEM;

	if (!path || !pass || !pub_b64 || !key_id || pass_len < SEAL_PASS_MIN)
		return SEAL_INVALID;
	if (sodium_init() < 0 || !(sk = sodium_malloc(SEAL_SK_BYTES)) ||
	    !(fkey = sodium_malloc(crypto_secretbox_KEYBYTES)))
		goto out;
	crypto_box_keypair(pk, sk);
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	if (derive(fkey, pass, pass_len, salt, SEAL_KDF_OPSLIMIT, SEAL_KDF_MEMLIMIT) != 0)
		goto out;
	crypto_secretbox_easy(box, sk, SEAL_SK_BYTES, nonce, fkey);
	seal_key_id(pk, key_id);
	sodium_bin2base64(pub_b64, SEAL_PK_B64_LEN, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
	if (!(text = key_file_text(pk, key_id, salt, nonce, box, sizeof box)))
		goto out;
	err = write_new_file(path, text);
out:
	sodium_free(sk);
	sodium_free(fkey);
	free(text);
	return err;
}

/* Reads a small file whole; NULL with errno on failure. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(FILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
	int bad = !buf || ferror(f) || n > FILE_MAX;
	fclose(f);
	if (bad) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static bool get_bin(const cJSON *o, const char *name, unsigned char *out, size_t n)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
	size_t len = 0;
	return s && sodium_base642bin(out, n, s, strlen(s), NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) == 0 && len == n;
}

static bool get_num(const cJSON *o, const char *name, double lo, double hi, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi)
		return false;
	*out = v->valuedouble;
	return true;
}

struct key_file {
	unsigned char pk[SEAL_PK_BYTES], salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + SEAL_SK_BYTES];
	double ops, mem;
};

static bool parse_key_file(const char *text, struct key_file *kf)
{
	cJSON *o = cJSON_Parse(text);
	double version = 0;
	const char *kdf = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kdf"));
	bool ok = cJSON_IsObject(o) && get_num(o, "carekiosk_office_key", 1, 1, &version) &&
		  kdf && !strcmp(kdf, "argon2id13") &&
		  get_num(o, "opslimit", crypto_pwhash_OPSLIMIT_MIN, 100, &kf->ops) &&
		  get_num(o, "memlimit", crypto_pwhash_MEMLIMIT_MIN, SEAL_KDF_MEMLIMIT_MAX,
			  &kf->mem) &&
		  get_bin(o, "public_key", kf->pk, sizeof kf->pk) &&
		  get_bin(o, "salt", kf->salt, sizeof kf->salt) &&
		  get_bin(o, "nonce", kf->nonce, sizeof kf->nonce) &&
		  get_bin(o, "secret", kf->box, sizeof kf->box);
	cJSON_Delete(o);
	return ok;
}

enum seal_err seal_office_load(const char *path, const char *pass, size_t pass_len,
			       struct seal_office **out, char *msg, size_t msg_n)
{
	struct key_file kf;
	struct seal_office *k = NULL;
	unsigned char *fkey = NULL;
	unsigned char check[SEAL_PK_BYTES];
	enum seal_err err = SEAL_NOMEM;
	char *text = NULL;

	if (out)
		*out = NULL;
	if (!path || !pass || !out)
		return SEAL_INVALID;
	if (!(text = slurp(path))) {
		say(msg, msg_n, "%s: cannot read the key file: %s", path, strerror(errno));
		return SEAL_IO;
	}
	if (!parse_key_file(text, &kf)) {
		say(msg, msg_n, "%s: %s", path, seal_strerror(SEAL_BAD_KEY_FILE));
		err = SEAL_BAD_KEY_FILE;
		goto out;
	}
	if (sodium_init() < 0 || !(k = calloc(1, sizeof *k)) ||
	    !(k->sk = sodium_malloc(SEAL_SK_BYTES)) ||
	    !(fkey = sodium_malloc(crypto_secretbox_KEYBYTES)))
		goto nomem;
	if (derive(fkey, pass, pass_len, kf.salt, (unsigned long long)kf.ops, (size_t)kf.mem) != 0)
		goto nomem;
	if (crypto_secretbox_open_easy(k->sk, kf.box, sizeof kf.box, kf.nonce, fkey) != 0) {
		say(msg, msg_n, "%s: %s", path, seal_strerror(SEAL_BAD_PASSPHRASE));
		err = SEAL_BAD_PASSPHRASE;
		goto out;
	}
	/* The secret must belong to the public key the file names. */
	crypto_scalarmult_base(check, k->sk);
	if (sodium_memcmp(check, kf.pk, sizeof check) != 0) {
		say(msg, msg_n, "%s: %s", path, seal_strerror(SEAL_BAD_KEY_FILE));
		err = SEAL_BAD_KEY_FILE;
		goto out;
	}
	memcpy(k->pk, kf.pk, sizeof k->pk);
	seal_key_id(k->pk, k->key_id);
	*out = k;
	k = NULL;
	err = SEAL_OK;
	goto out;
nomem:
	say(msg, msg_n, "%s: out of memory (the key needs %.0f MiB to open)", path,
	    kf.mem / (1024 * 1024));
out:
	sodium_memzero(&kf, sizeof kf);
	sodium_free(fkey);
	seal_office_free(k);
	free(text);
	return err;
}

void seal_office_free(struct seal_office *k)
{
	if (!k)
		return;
	sodium_free(k->sk);
	free(k);
}

const char *seal_office_key_id(const struct seal_office *k)
{
	return k ? k->key_id : "";
}

/* Checks the inner text {"id":"<id>","answers":{...}} and copies out the
 * answers. */
static enum seal_err inner_answers(const char *inner, size_t len, const char *id, char **out)
{
	static const char pre[] = "{\"id\":\"", mid[] = "\",\"answers\":";
	size_t np = strlen(pre), ni = strlen(id), nm = strlen(mid);
	if (len < np + ni + nm + 3 || memcmp(inner, pre, np) || memchr(inner, '\0', len))
		return SEAL_TAMPERED;
	if (memcmp(inner + np, id, ni) || memcmp(inner + np + ni, mid, nm))
		return SEAL_OTHER_LEAD;
	if (inner[len - 1] != '}')
		return SEAL_TAMPERED;
	size_t alen = len - np - ni - nm - 1;
	if (!(*out = malloc(alen + 1)))
		return SEAL_NOMEM;
	memcpy(*out, inner + np + ni + nm, alen);
	(*out)[alen] = '\0';
	cJSON *a = cJSON_Parse(*out);
	bool obj = cJSON_IsObject(a);
	/* cJSON copied the answers: wipe its strings before freeing. */
	seal_wipe_json(a);
	cJSON_Delete(a);
	if (!obj) {
		seal_wipe_free(*out);
		*out = NULL;
		return SEAL_TAMPERED;
	}
	return SEAL_OK;
}

enum seal_err seal_open_lead(const struct seal_office *k, const char *key_id, const char *id,
			     const char *b64, char **answers_out)
{
	unsigned char *box = NULL, *inner = NULL;
	size_t blen = 0, ilen = 0, cap;
	enum seal_err err = SEAL_NOMEM;

	if (answers_out)
		*answers_out = NULL;
	if (!k || !id || !b64 || !answers_out)
		return SEAL_INVALID;
	if (key_id && strcmp(key_id, k->key_id) != 0)
		return SEAL_WRONG_KEY;
	cap = strlen(b64) / 4 * 3 + 3;
	if (!(box = malloc(cap)))
		goto out;
	if (sodium_base642bin(box, cap, b64, strlen(b64), NULL, &blen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen <= crypto_box_SEALBYTES) {
		err = SEAL_TAMPERED;
		goto out;
	}
	ilen = blen - crypto_box_SEALBYTES;
	if (!(inner = malloc(ilen)))
		goto out;
	size_t unpadded = 0;
	if (crypto_box_seal_open(inner, box, blen, k->pk, k->sk) != 0 ||
	    sodium_unpad(&unpadded, inner, ilen, SEAL_PAD_BLOCK) != 0) {
		err = SEAL_TAMPERED;
		goto out;
	}
	err = inner_answers((const char *)inner, unpadded, id, answers_out);
out:
	if (inner) {
		sodium_memzero(inner, ilen);
		free(inner);
	}
	free(box);
	return err;
}

/* ---- Passphrases ---- */

static long chomp(char *buf)
{
	size_t n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return (long)n;
}

static long from_file(const char *path, char *buf, size_t n, char *msg, size_t msg_n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		say(msg, msg_n, "%s: cannot read the passphrase file: %s", path, strerror(errno));
		return -1;
	}
	bool got = fgets(buf, (int)n, f) != NULL;
	fclose(f);
	if (!got) {
		say(msg, msg_n, "%s: the passphrase file is empty", path);
		return -1;
	}
	return chomp(buf);
}

/* One line from the terminal with echo off. */
static long ask_tty(FILE *tty, const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	int fd = fileno(tty);
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	fprintf(tty, "%s", prompt);
	fflush(tty);
	bool got = fgets(buf, (int)n, tty) != NULL;
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	fprintf(tty, "\n");
	return got ? chomp(buf) : -1;
}

static long from_tty(const char *prompt, bool confirm, char *buf, size_t n, char *msg,
		     size_t msg_n)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty) {
		say(msg, msg_n, "no terminal to ask for the passphrase: use --passphrase-file FILE "
				"or set CAREKIOSK_KEY_PASSPHRASE");
		return -1;
	}
	long len = ask_tty(tty, prompt, buf, n);
	if (len >= 0 && confirm) {
		char *again = sodium_malloc(n);
		long len2 = again ? ask_tty(tty, "Type it again: ", again, n) : -1;
		if (len2 != len || memcmp(buf, again, (size_t)len) != 0) {
			say(msg, msg_n, "the two passphrases differ; nothing was written");
			len = -1;
		}
		sodium_free(again);
	} else if (len < 0) {
		say(msg, msg_n, "no passphrase was typed");
	}
	fclose(tty);
	return len;
}

long seal_read_passphrase(const char *pass_file, const char *prompt, bool confirm, char *buf,
			  size_t n, char *msg, size_t msg_n)
{
	if (!buf || n < 2 || sodium_init() < 0)
		return -1;
	buf[0] = '\0';
	if (pass_file)
		return from_file(pass_file, buf, n, msg, msg_n);
	const char *env = getenv("CAREKIOSK_KEY_PASSPHRASE");
	if (env) {
		if (strlen(env) >= n) {
			say(msg, msg_n, "CAREKIOSK_KEY_PASSPHRASE is too long");
			return -1;
		}
		memcpy(buf, env, strlen(env) + 1);
		return (long)strlen(buf);
	}
	return from_tty(prompt, confirm, buf, n, msg, msg_n);
}
