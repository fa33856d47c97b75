/*
 * pack.c: the signed content bundle (pack.h): keys, building, verifying.
 * Installing (unpack, fsync, rename, check) is in pack_install.c.
 */
#include "content/pack.h"

#include "content/slurp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "carekiosk-content 1 "
#define KEY_MAGIC "carekiosk-content-key 1\n"
#define SIG_B64_LEN 89 /* base64 of 64 bytes and a NUL */

const char *pack_strerror(enum pack_err e)
{
	static const char *const words[] = {
		[PACK_OK] = "ok",
		[PACK_SAME] = "already running this version",
		[PACK_IO] = "cannot read or write a file",
		[PACK_NOMEM] = "out of memory",
		[PACK_FORMAT] = "not a content bundle",
		[PACK_TRUNCATED] = "truncated",
		[PACK_WRONG_KEY] = "signed with another key",
		[PACK_BAD_SIGNATURE] = "bad signature",
		[PACK_OLDER] = "older than the running content",
		[PACK_BAD_PATH] = "a file path leaves the content folder",
		[PACK_HASH] = "a file does not match its hash",
		[PACK_INVALID] = "the content fails its checks",
		[PACK_NO_KEY] = "no content.public_key in kiosk.json",
	};
	return (unsigned)e < sizeof words / sizeof words[0] && words[e] ? words[e] : "unknown";
}

static enum pack_err fail(enum pack_err e, char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum pack_err fail(enum pack_err e, char *why, size_t whylen, const char *fmt, ...)
{
	if (why && whylen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return e;
}

/* ---- Keys ---- */

void pack_key_id(const unsigned char pk[PACK_PK_BYTES], char out[PACK_KEY_ID_LEN])
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, pk, PACK_PK_BYTES, NULL, 0);
	sodium_bin2hex(out, PACK_KEY_ID_LEN, h, sizeof h);
}

static bool b64_exact(const char *s, size_t slen, unsigned char *out, size_t n)
{
	size_t len = 0;
	return sodium_base642bin(out, n, s, slen, NULL, &len, NULL,
				 sodium_base64_VARIANT_ORIGINAL) == 0 && len == n;
}

bool pack_pk_parse(const char *b64, unsigned char pk[PACK_PK_BYTES])
{
	return sodium_init() >= 0 && b64 && b64_exact(b64, strlen(b64), pk, PACK_PK_BYTES);
}

enum pack_err pack_keygen(const char *path, char pk_b64[PACK_PK_B64_LEN],
			  char key_id[PACK_KEY_ID_LEN])
{
	if (sodium_init() < 0)
		return PACK_NOMEM;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return PACK_IO;
	unsigned char pk[PACK_PK_BYTES], sk[PACK_SK_BYTES];
	char pub[PACK_PK_B64_LEN], sk_b64[SIG_B64_LEN], text[256];
	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(pub, sizeof pub, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(sk_b64, sizeof sk_b64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
	int n = snprintf(text, sizeof text, KEY_MAGIC "public %s\nsecret %s\n", pub, sk_b64);
	bool ok = write(fd, text, (size_t)n) == n && fsync(fd) == 0;
	int saved = errno;
	ok &= close(fd) == 0;
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(sk_b64, sizeof sk_b64);
	sodium_memzero(text, sizeof text);
	if (!ok) {
		unlink(path);
		errno = saved;
		return PACK_IO;
	}
	memcpy(pk_b64, pub, sizeof pub);
	pack_key_id(pk, key_id);
	return PACK_OK;
}

enum pack_err pack_key_load(const char *path, unsigned char sk[PACK_SK_BYTES],
			    unsigned char pk[PACK_PK_BYTES], char *why, size_t whylen)
{
	if (sodium_init() < 0)
		return PACK_NOMEM;
	size_t len = 0;
	char *text = slurp_file(path, 4096, &len);
	if (!text)
		return fail(PACK_IO, why, whylen, "%s: %s", path, strerror(errno));
	enum pack_err e = PACK_OK;
	const char *pub = strstr(text, "\npublic "), *sec = strstr(text, "\nsecret ");
	unsigned char check[PACK_PK_BYTES];
	if (strncmp(text, KEY_MAGIC, strlen(KEY_MAGIC)) || !pub || !sec ||
	    !b64_exact(pub + 8, strcspn(pub + 8, "\n"), pk, PACK_PK_BYTES) ||
	    !b64_exact(sec + 8, strcspn(sec + 8, "\n"), sk, PACK_SK_BYTES))
		e = fail(PACK_FORMAT, why, whylen,
			 "%s: not a content key (make one with `carekiosk-receiver content keygen`)",
			 path);
	else if (crypto_sign_ed25519_sk_to_pk(check, sk) != 0 || memcmp(check, pk, sizeof check))
		e = fail(PACK_FORMAT, why, whylen, "%s: its public and secret halves do not match",
			 path);
	sodium_memzero(text, len);
	free(text);
	if (e)
		sodium_memzero(sk, PACK_SK_BYTES);
	return e;
}

/* ---- Paths ---- */

static bool path_ok(const char *p, size_t n)
{
	if (n == 0 || n > 200 || p[0] == '/' || p[n - 1] == '/')
		return false;
	if (n == strlen("kiosk.json") && !memcmp(p, "kiosk.json", n))
		return false;
	bool part_start = true;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (part_start && (c == '.' || c == '/'))
			return false;	/* "..", ".hidden", "a//b" */
		part_start = c == '/';
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-' || c == '/'))
			return false;
	}
	return true;
}

/* ---- Building ---- */

struct entry {
	char *rel;
	char *data;
	size_t size;
};

struct walk {
	struct entry *v;
	size_t n, total;
	enum pack_err err;
	char *why;
	size_t whylen;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->rel, ((const struct entry *)b)->rel);
}

static void walk_dir(struct walk *w, const char *root, const char *rel, int depth)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *dp = opendir(path);
	if (!dp) {
		w->err = fail(PACK_IO, w->why, w->whylen, "%s: %s", path, strerror(errno));
		return;
	}
	struct dirent *e;
	while (!w->err && (e = readdir(dp))) {
		if (e->d_name[0] == '.' || (!*rel && !strcmp(e->d_name, "kiosk.json")))
			continue;
		char sub[PATH_MAX], full[PATH_MAX * 2];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(full, sizeof full, "%s/%s", root, sub);
		struct stat st;
		if (stat(full, &st) != 0) {
			w->err = fail(PACK_IO, w->why, w->whylen, "%s: %s", full, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (depth < 6)
				walk_dir(w, root, sub, depth + 1);
		} else if (!path_ok(sub, strlen(sub))) {
			w->err = fail(PACK_BAD_PATH, w->why, w->whylen,
				      "%s: rename it: only letters, digits, '.', '_' and '-' travel "
				      "in a bundle", full);
		} else if (w->n >= PACK_MAX_FILES) {
			w->err = fail(PACK_FORMAT, w->why, w->whylen, "more than %d files",
				      PACK_MAX_FILES);
		} else {
			struct entry en = {.rel = strdup(sub)};
			en.data = slurp_file(full, PACK_MAX_BYTES, &en.size);
			struct entry *v = realloc(w->v, (w->n + 1) * sizeof *v);
			if (!en.rel || !en.data || !v) {
				w->err = fail(en.data ? PACK_NOMEM : PACK_IO, w->why, w->whylen,
					      "%s: %s", full, strerror(errno));
				free(en.rel);
				free(en.data);
				w->v = v ? v : w->v;
				continue;
			}
			w->v = v;
			w->v[w->n++] = en;
			w->total += en.size;
			if (w->total > PACK_MAX_BYTES)
				w->err = fail(PACK_FORMAT, w->why, w->whylen,
					      "the folder holds more than %u MiB", PACK_MAX_BYTES >> 20);
		}
	}
	closedir(dp);
}

/* Appends to a growing buffer; false when out of memory. */
struct buf {
	unsigned char *p;
	size_t n, cap;
};

static bool put(struct buf *b, const void *src, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p)
			return false;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, src, n);
	b->n += n;
	return true;
}

static bool putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool putf(struct buf *b, const char *fmt, ...)
{
	char line[PATH_MAX + 128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	return n > 0 && (size_t)n < sizeof line && put(b, line, (size_t)n);
}

static bool signed_part(struct buf *body, const struct walk *w, long version, time_t created)
{
	char when[24];
	struct tm tm;
	gmtime_r(&created, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	bool ok = putf(body, "version %ld\ncreated %s\n", version, when);
	for (size_t i = 0; ok && i < w->n; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof h + 1];
		crypto_hash_sha256(h, (const unsigned char *)w->v[i].data, w->v[i].size);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		ok = putf(body, "file %zu %s %s\n", w->v[i].size, hex, w->v[i].rel);
	}
	ok = ok && putf(body, "end\n");
	for (size_t i = 0; ok && i < w->n; i++)
		ok = put(body, w->v[i].data, w->v[i].size);
	return ok;
}

/* w's files in a bundle (w's list is freed). */
static enum pack_err build_walk(struct walk *ww, const char *dir, long version, time_t created,
				const unsigned char sk[PACK_SK_BYTES], unsigned char **out,
				size_t *outlen, char *why, size_t whylen)
{
	struct walk w = *ww;
	struct buf body = {0}, all = {0};
	enum pack_err e = w.err;
	if (!e && w.n == 0)
		e = fail(PACK_FORMAT, why, whylen, "%s: no files to publish", dir);
	if (!e) {
		qsort(w.v, w.n, sizeof *w.v, cmp_entry);
		if (!signed_part(&body, &w, version, created))
			e = fail(PACK_NOMEM, why, whylen, "out of memory");
	}
	if (!e) {
		unsigned char sig[crypto_sign_BYTES], pk[PACK_PK_BYTES];
		char sig64[SIG_B64_LEN], kid[PACK_KEY_ID_LEN];
		crypto_sign_detached(sig, NULL, body.p, body.n, sk);
		crypto_sign_ed25519_sk_to_pk(pk, sk);
		pack_key_id(pk, kid);
		sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
		if (!putf(&all, MAGIC "key=%s length=%zu sig=%s\n", kid, body.n, sig64) ||
		    !put(&all, body.p, body.n))
			e = fail(PACK_NOMEM, why, whylen, "out of memory");
	}
	for (size_t i = 0; i < w.n; i++) {
		free(w.v[i].rel);
		free(w.v[i].data);
	}
	free(w.v);
	free(body.p);
	if (e) {
		free(all.p);
		return e;
	}
	*out = all.p;
	*outlen = all.n;
	return PACK_OK;
}

enum pack_err pack_build(const char *dir, long version, time_t created,
			 const unsigned char sk[PACK_SK_BYTES], unsigned char **out, size_t *outlen,
			 char *why, size_t whylen)
{
	*out = NULL;
	*outlen = 0;
	if (sodium_init() < 0)
		return PACK_NOMEM;
	struct walk w = {.why = why, .whylen = whylen};
	walk_dir(&w, dir, "", 0);
	return build_walk(&w, dir, version, created, sk, out, outlen, why, whylen);
}

enum pack_err pack_build_local(const char *dir, const char *rel, const void *data, size_t len,
			       long version, unsigned char pk[PACK_PK_BYTES], unsigned char **out,
			       size_t *outlen, char *why, size_t whylen)
{
	*out = NULL;
	*outlen = 0;
	if (sodium_init() < 0)
		return PACK_NOMEM;
	struct walk w = {.why = why, .whylen = whylen};
	walk_dir(&w, dir, "", 0);
	size_t i = 0;
	while (!w.err && i < w.n && strcmp(w.v[i].rel, rel))
		i++;
	char *copy = w.err ? NULL : malloc(len + 1);
	struct entry *v = copy && i == w.n ? realloc(w.v, (w.n + 1) * sizeof *v) : w.v;
	if (!w.err && (!copy || !v || !path_ok(rel, strlen(rel)))) {
		w.err = fail(copy && v ? PACK_BAD_PATH : PACK_NOMEM, why, whylen, "%s: %s", rel,
			     copy && v ? "not a path a bundle can hold" : "out of memory");
		free(copy);
		copy = NULL;
	}
	if (v)
		w.v = v;
	if (copy) {
		memcpy(copy, data, len);
		if (i == w.n)
			w.v[w.n++] = (struct entry){.rel = strdup(rel)};
		else
			w.total -= w.v[i].size;
		free(w.v[i].data);
		w.v[i].data = copy;
		w.v[i].size = len;
		w.total += len;
		if (!w.v[i].rel)
			w.err = fail(PACK_NOMEM, why, whylen, "out of memory");
	}
	unsigned char sk[PACK_SK_BYTES];
	crypto_sign_keypair(pk, sk);
	enum pack_err e = build_walk(&w, dir, version, time(NULL), sk, out, outlen, why, whylen);
	sodium_memzero(sk, sizeof sk);
	return e;
}

/* ---- Reading ---- */

/* The first line: key id, signed length, signature; *body at the signed
 * part. */
struct head {
	char kid[PACK_KEY_ID_LEN];
	size_t length;
	unsigned char sig[crypto_sign_BYTES];
	const unsigned char *body;
	size_t have;	/* bytes present after the first line */
};

static enum pack_err read_head(const unsigned char *buf, size_t len, struct head *h, char *why,
			       size_t whylen)
{
	const unsigned char *nl = memchr(buf, '\n', len < 512 ? len : 512);
	char line[513], sig64[SIG_B64_LEN + 8];
	unsigned long long length;
	int used = 0;
	if (len < strlen(MAGIC) || memcmp(buf, MAGIC, strlen(MAGIC)))
		return fail(PACK_FORMAT, why, whylen,
			    "not a carekiosk content bundle (made by `carekiosk-receiver content "
			    "publish`)");
	if (!nl)
		return fail(PACK_TRUNCATED, why, whylen, "truncated: the first line is cut off");
	memcpy(line, buf, (size_t)(nl - buf));
	line[nl - buf] = '\0';
	if (sscanf(line, MAGIC "key=%16[0-9a-f] length=%llu sig=%90s%n", h->kid, &length, sig64,
		   &used) != 3 || line[used] || strlen(h->kid) != 16 ||
	    !b64_exact(sig64, strlen(sig64), h->sig, sizeof h->sig) || length > PACK_MAX_BYTES)
		return fail(PACK_FORMAT, why, whylen, "the bundle's first line is damaged");
	h->length = (size_t)length;
	h->body = nl + 1;
	h->have = len - (size_t)(nl + 1 - buf);
	if (h->have < h->length)
		return fail(PACK_TRUNCATED, why, whylen, "truncated: %zu of %zu bytes", h->have,
			    h->length);
	if (h->have > h->length)
		return fail(PACK_FORMAT, why, whylen, "%zu bytes more than the bundle says",
			    h->have - h->length);
	return PACK_OK;
}

/* One manifest line starting at *pos within body; NUL-terminated copy. */
static bool next_line(const unsigned char *body, size_t n, size_t *pos, char *out, size_t cap)
{
	if (*pos >= n)
		return false;
	const unsigned char *nl = memchr(body + *pos, '\n', n - *pos);
	size_t k = nl ? (size_t)(nl - (body + *pos)) : 0;
	if (!nl || k >= cap)
		return false;
	memcpy(out, body + *pos, k);
	out[k] = '\0';
	*pos += k + 1;
	return memchr(out, '\0', k) == NULL;
}

static enum pack_err read_manifest(const struct head *h, struct pack *p, char *why, size_t whylen)
{
	char line[512], path[256], hex[65];
	size_t pos = 0, total = 0;
	int used = 0;
	if (!next_line(h->body, h->length, &pos, line, sizeof line) ||
	    sscanf(line, "version %ld%n", &p->version, &used) != 1 || line[used] ||
	    p->version < 1 || !next_line(h->body, h->length, &pos, line, sizeof line) ||
	    sscanf(line, "created %23s%n", p->created, &used) != 1 || line[used])
		return fail(PACK_FORMAT, why, whylen, "the manifest's version or date is damaged");
	for (;;) {
		if (!next_line(h->body, h->length, &pos, line, sizeof line))
			return fail(PACK_FORMAT, why, whylen, "the manifest is damaged");
		if (!strcmp(line, "end"))
			break;
		unsigned long long size;
		if (sscanf(line, "file %llu %64[0-9a-f] %255s%n", &size, hex, path, &used) != 3 ||
		    line[used] || strlen(hex) != 64 || size > PACK_MAX_BYTES ||
		    p->nfiles >= PACK_MAX_FILES)
			return fail(PACK_FORMAT, why, whylen, "the manifest is damaged near \"%.60s\"",
				    line);
		if (!path_ok(path, strlen(path)))
			return fail(PACK_BAD_PATH, why, whylen,
				    "the file \"%s\" would be written outside the content folder",
				    path);
		for (size_t i = 0; i < p->nfiles; i++)
			if (!strcmp(p->files[i].path, path))
				return fail(PACK_FORMAT, why, whylen, "\"%s\" is listed twice", path);
		struct pack_file *v = realloc(p->files, (p->nfiles + 1) * sizeof *v);
		if (!v)
			return PACK_NOMEM;
		p->files = v;
		struct pack_file *f = &v[p->nfiles];
		*f = (struct pack_file){.path = strdup(path), .size = (size_t)size};
		if (!f->path)
			return PACK_NOMEM;
		p->nfiles++;
		sodium_hex2bin(f->hash, sizeof f->hash, hex, 64, NULL, NULL, NULL);
		total += (size_t)size;
		if (total > h->length)
			return fail(PACK_FORMAT, why, whylen, "the files' sizes do not add up");
	}
	if (h->length - pos != total)
		return fail(PACK_FORMAT, why, whylen, "the files' sizes do not add up (%zu of %zu)",
			    h->length - pos, total);
	for (size_t i = 0, at = pos; i < p->nfiles; i++) {
		unsigned char got[crypto_hash_sha256_BYTES];
		p->files[i].data = h->body + at;
		crypto_hash_sha256(got, p->files[i].data, p->files[i].size);
		if (memcmp(p->files[i].hash, got, sizeof got))
			return fail(PACK_HASH, why, whylen, "%s does not match its hash",
				    p->files[i].path);
		at += p->files[i].size;
	}
	return PACK_OK;
}

enum pack_err pack_peek(const unsigned char *buf, size_t len, long *version, char created[24])
{
	struct head h;
	struct pack p = {0};
	enum pack_err e = read_head(buf, len, &h, NULL, 0);
	if (e)
		return e;
	char line[512];
	size_t pos = 0;
	int used = 0;
	if (!next_line(h.body, h.length, &pos, line, sizeof line) ||
	    sscanf(line, "version %ld%n", &p.version, &used) != 1 || line[used] ||
	    !next_line(h.body, h.length, &pos, line, sizeof line) ||
	    sscanf(line, "created %23s", p.created) != 1)
		return PACK_FORMAT;
	*version = p.version;
	if (created)
		memcpy(created, p.created, sizeof p.created);
	return PACK_OK;
}

enum pack_err pack_open(const unsigned char *buf, size_t len, const unsigned char pk[PACK_PK_BYTES],
			struct pack *p, char *why, size_t whylen)
{
	memset(p, 0, sizeof *p);
	if (sodium_init() < 0)
		return PACK_NOMEM;
	struct head h;
	enum pack_err e = read_head(buf, len, &h, why, whylen);
	if (e)
		return e;
	char want[PACK_KEY_ID_LEN];
	pack_key_id(pk, want);
	if (strcmp(h.kid, want))
		return fail(PACK_WRONG_KEY, why, whylen,
			    "signed with another office key (%s); this kiosk trusts %s", h.kid, want);
	if (crypto_sign_verify_detached(h.sig, h.body, h.length, pk) != 0)
		return fail(PACK_BAD_SIGNATURE, why, whylen,
			    "the signature does not match: the bundle was changed or damaged "
			    "after it was published");
	memcpy(p->key_id, h.kid, sizeof p->key_id);
	e = read_manifest(&h, p, why, whylen);
	if (e == PACK_NOMEM)
		fail(e, why, whylen, "out of memory");
	if (e)
		pack_close(p);
	return e;
}

void pack_close(struct pack *p)
{
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i].path);
	free(p->files);
	memset(p, 0, sizeof *p);
}
