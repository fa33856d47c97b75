/*
 * content_pack: the signed content bundle (src/content/pack.h). Each way a
 * bundle can be bad is refused with its own error and reason, and leaves
 * nothing behind; a good one installs whole and passes the kiosk's checks.
 */
#include "content/check.h"
#include "content/pack.h"
#include "content/slurp.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fx {
	char root[PATH_MAX / 2], src[PATH_MAX], parent[PATH_MAX], assets[PATH_MAX];
	unsigned char pk[PACK_PK_BYTES], sk[PACK_SK_BYTES];
	unsigned char *buf;
	size_t len;
};

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[PATH_MAX * 3];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* A copy of the shipped kiosk-config (with its kiosk.json, which must not
 * travel), packed as version 3. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *srcdir = getenv("KIOSK_SOURCE_DIR");
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(f->root, sizeof f->root, "%s/pack-XXXXXX", tmp);
	if (!srcdir || !mkdtemp(f->root))
		return -1;
	snprintf(f->src, sizeof f->src, "%s/src", f->root);
	snprintf(f->parent, sizeof f->parent, "%s/content", f->root);
	snprintf(f->assets, sizeof f->assets, "%s/assets", srcdir);
	sh("cp -r '%s/kiosk-config' '%s'", srcdir, f->src);
	crypto_sign_keypair(f->pk, f->sk);
	char why[PACK_WHY_LEN] = "";
	if (pack_build(f->src, 3, 1764662400, f->sk, &f->buf, &f->len, why, sizeof why)) {
		fprintf(stderr, "build: %s\n", why);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	pack_rmtree(f->root);
	free(f->buf);
	free(f);
	return 0;
}

/* How many entries the parent folder holds (a refusal leaves none). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static enum pack_err install(struct fx *f, const unsigned char *buf, size_t len, long running,
			     char *why)
{
	char dir[PATH_MAX];
	long v = 0;
	return pack_install(buf, len, f->pk, running, f->parent, f->assets, dir, &v, why,
			    PACK_WHY_LEN);
}

static void good_bundle_installs_whole(void **state)
{
	struct fx *f = *state;
	char dir[PATH_MAX], why[PACK_WHY_LEN] = "", path[PATH_MAX * 2];
	long v = 0;
	assert_int_equal(pack_install(f->buf, f->len, f->pk, 2, f->parent, f->assets, dir, &v, why,
				      sizeof why), PACK_OK);
	assert_int_equal(v, 3);
	snprintf(path, sizeof path, "%s/v3", f->parent);
	assert_string_equal(dir, path);
	assert_int_equal(entries(f->parent), 1);	/* no temporary folder left */
	snprintf(path, sizeof path, "%s/kiosk.json", dir);
	assert_int_not_equal(access(path, F_OK), 0);	/* kiosk.json stays per kiosk */
	sh("cmp -s '%s/courses.csv' '%s/courses.csv'", f->src, dir);
	sh("cmp -s '%s/roles/home-care-worker.json' '%s/roles/home-care-worker.json'", f->src, dir);
	struct diag_list diag = {0};
	assert_int_equal(content_check(dir, f->assets, &diag, NULL, NULL), 0);
	diag_free(&diag);
	long peek = 0;
	char created[24];
	assert_int_equal(pack_peek(f->buf, f->len, &peek, created), PACK_OK);
	assert_int_equal(peek, 3);
	assert_string_equal(created, "2025-12-02T08:00:00Z");
}

/* A local update (an unsigned courses.csv from a USB stick): the running
 * folder's files with courses.csv replaced, signed with a key of its own,
 * installs like the office's bundle; a path that could not travel is
 * refused. */
static void local_update_installs_like_a_bundle(void **state)
{
	struct fx *f = *state;
	static const char csv[] = "title,programme,date,start,venue,url\n"
				  "Local session,sbwa,2027-03-02,10:00,Library,"
				  "https://x.example.org/a\n";
	unsigned char pk[PACK_PK_BYTES], *buf = NULL;
	size_t len = 0;
	char dir[PATH_MAX], why[PACK_WHY_LEN] = "", path[PATH_MAX * 2];
	long v = 0;
	assert_int_equal(pack_build_local(f->src, "courses.csv", csv, strlen(csv), 4, pk, &buf,
					  &len, why, sizeof why), PACK_OK);
	assert_int_equal(pack_install(buf, len, f->pk, 3, f->parent, f->assets, dir, &v, why,
				      sizeof why), PACK_WRONG_KEY);
	assert_int_equal(pack_install(buf, len, pk, 3, f->parent, f->assets, dir, &v, why,
				      sizeof why), PACK_OK);
	assert_int_equal(v, 4);
	size_t n = 0;
	snprintf(path, sizeof path, "%s/courses.csv", dir);
	char *got = slurp_file(path, 0, &n);
	assert_non_null(got);
	assert_int_equal(n, strlen(csv));
	assert_memory_equal(got, csv, n);
	free(got);
	sh("cmp -s '%s/roles/home-care-worker.json' '%s/roles/home-care-worker.json'", f->src, dir);
	snprintf(path, sizeof path, "%s/kiosk.json", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	free(buf);
	buf = NULL;
	assert_int_equal(pack_build_local(f->src, "../courses.csv", csv, strlen(csv), 5, pk, &buf,
					  &len, why, sizeof why), PACK_BAD_PATH);
	assert_null(buf);
}

static void tampered_byte_is_a_bad_signature(void **state)
{
	struct fx *f = *state;
	char why[PACK_WHY_LEN] = "";
	/* Every region: the manifest, the middle of the files, the last byte. */
	size_t at[] = {strcspn((char *)f->buf, "\n") + 5, f->len / 2, f->len - 1};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		unsigned char *copy = malloc(f->len);
		memcpy(copy, f->buf, f->len);
		copy[at[i]] ^= 0x20;
		assert_int_equal(install(f, copy, f->len, 0, why), PACK_BAD_SIGNATURE);
		assert_non_null(strstr(why, "changed or damaged"));
		free(copy);
	}
	assert_int_equal(entries(f->parent), 0);
}

static void wrong_key_is_named(void **state)
{
	struct fx *f = *state;
	unsigned char pk2[PACK_PK_BYTES], sk2[PACK_SK_BYTES];
	crypto_sign_keypair(pk2, sk2);
	char why[PACK_WHY_LEN] = "", dir[PATH_MAX], kid[PACK_KEY_ID_LEN];
	long v;
	assert_int_equal(pack_install(f->buf, f->len, pk2, 0, f->parent, f->assets, dir, &v, why,
				      sizeof why), PACK_WRONG_KEY);
	pack_key_id(pk2, kid);
	assert_non_null(strstr(why, "another office key"));
	assert_non_null(strstr(why, kid));
	assert_int_equal(entries(f->parent), 0);
}

static void truncated_body_is_refused(void **state)
{
	struct fx *f = *state;
	char why[PACK_WHY_LEN] = "";
	size_t cuts[] = {f->len - 1, f->len / 2, 200, 30};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		assert_int_equal(install(f, f->buf, cuts[i], 0, why), PACK_TRUNCATED);
		assert_non_null(strstr(why, "truncated"));
	}
	assert_int_equal(install(f, f->buf, 10, 0, why), PACK_FORMAT);
	assert_int_equal(entries(f->parent), 0);
}

static void older_version_is_refused(void **state)
{
	struct fx *f = *state;
	char why[PACK_WHY_LEN] = "";
	assert_int_equal(install(f, f->buf, f->len, 4, why), PACK_OLDER);
	assert_string_equal(why, "version 3 is older than version 4, which this kiosk already has");
	assert_int_equal(install(f, f->buf, f->len, 3, why), PACK_SAME);
	assert_int_equal(entries(f->parent), 0);
}

/* A bundle made by hand (as a hostile or buggy publisher could), signed
 * with the kiosk's trusted key so that only the manifest is wrong. */
static unsigned char *forge(struct fx *f, const char *path, const char *data, bool bad_hash,
			    size_t *len)
{
	unsigned char h[32], sig[64];
	char hex[65], body[4096], sig64[100], kid[PACK_KEY_ID_LEN];
	crypto_hash_sha256(h, (const unsigned char *)data, strlen(data));
	if (bad_hash)
		h[0] ^= 1;
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	int n = snprintf(body, sizeof body,
			 "version 9\ncreated 2026-01-01T00:00:00Z\nfile %zu %s %s\nend\n%s",
			 strlen(data), hex, path, data);
	crypto_sign_detached(sig, NULL, (unsigned char *)body, (size_t)n, f->sk);
	sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	pack_key_id(f->pk, kid);
	char *out = malloc(sizeof body + 256);
	*len = (size_t)sprintf(out, "carekiosk-content 1 key=%s length=%d sig=%s\n%s", kid, n, sig64,
			       body);
	return (unsigned char *)out;
}

static void escaping_paths_are_refused(void **state)
{
	struct fx *f = *state;
	const char *bad[] = {"../escaped.csv", "/etc/passwd", "roles/../../x", "kiosk.json",
			     ".hidden", "a//b", "roles/", "sp ace"};
	char why[PACK_WHY_LEN] = "";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len;
		unsigned char *b = forge(f, bad[i], "x\n", false, &len);
		enum pack_err e = install(f, b, len, 0, why);
		/* "sp ace" splits into two words: a damaged manifest. */
		assert_int_equal(e, strchr(bad[i], ' ') ? PACK_FORMAT : PACK_BAD_PATH);
		free(b);
	}
	char up[PATH_MAX * 2];
	snprintf(up, sizeof up, "%s/escaped.csv", f->root);
	assert_int_not_equal(access(up, F_OK), 0);
	assert_int_equal(entries(f->parent), 0);
}

static void hash_mismatch_is_refused(void **state)
{
	struct fx *f = *state;
	char why[PACK_WHY_LEN] = "";
	size_t len;
	unsigned char *b = forge(f, "courses.csv", "title\n", true, &len);
	assert_int_equal(install(f, b, len, 0, why), PACK_HASH);
	assert_string_equal(why, "courses.csv does not match its hash");
	free(b);
}

static void content_failing_checks_is_refused(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX * 2], why[PACK_WHY_LEN] = "";
	snprintf(path, sizeof path, "%s/courses.csv", f->src);
	size_t len = 0;
	char *text = slurp_file(path, 0, &len);
	int line = 1;
	for (size_t i = 0; i < len; i++)
		line += text[i] == '\n';
	free(text);
	FILE *out = fopen(path, "a");
	assert_non_null(out);
	fputs("Broken row,sbwa,31/02/2027,09:30,15:00,Somewhere,LS2 7LY,https://x.example.org/a,\n",
	      out);
	fclose(out);
	unsigned char *b = NULL;
	assert_int_equal(pack_build(f->src, 4, 0, f->sk, &b, &len, why, sizeof why), PACK_OK);
	assert_int_equal(install(f, b, len, 3, why), PACK_INVALID);
	char want[32];
	snprintf(want, sizeof want, "courses.csv:%d: ", line);
	assert_true(strncmp(why, want, strlen(want)) == 0);
	assert_int_equal(entries(f->parent), 0);
	free(b);
}

static void keys_round_trip(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX * 2], pub[PACK_PK_B64_LEN], kid[PACK_KEY_ID_LEN], why[PACK_WHY_LEN];
	snprintf(path, sizeof path, "%s/office-content.key", f->root);
	assert_int_equal(pack_keygen(path, pub, kid), PACK_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(pack_keygen(path, pub, kid), PACK_IO);	/* never overwritten */
	assert_int_equal(errno, EEXIST);
	unsigned char sk[PACK_SK_BYTES], pk[PACK_PK_BYTES], parsed[PACK_PK_BYTES];
	assert_int_equal(pack_key_load(path, sk, pk, why, sizeof why), PACK_OK);
	assert_true(pack_pk_parse(pub, parsed));
	assert_memory_equal(parsed, pk, sizeof pk);
	assert_false(pack_pk_parse("c2hvcnQ=", parsed));
	snprintf(path, sizeof path, "%s/courses.csv", f->src);
	assert_int_equal(pack_key_load(path, sk, pk, why, sizeof why), PACK_FORMAT);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(good_bundle_installs_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(tampered_byte_is_a_bad_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_key_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(truncated_body_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(older_version_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(escaping_paths_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_mismatch_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(content_failing_checks_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(local_update_installs_like_a_bundle, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
