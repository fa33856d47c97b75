/*
 * pack: the signed content bundle the office publishes (`carekiosk-receiver
 * content publish`) and kiosks install, from the receiver or a USB stick.
 *
 * The file is one text line, a text manifest and the files' bytes:
 *
 *   carekiosk-content 1 key=<key id> length=<N> sig=<base64>\n
 *   version 7\n                           \   the N signed bytes:
 *   created 2026-12-02T09:30:00Z\n         |  manifest, then each
 *   file 2211 <sha256 hex> courses.csv\n   |  file's bytes in
 *   file 874 <sha256 hex> roles/x.json\n   |  manifest order
 *   end\n                                  |
 *   <2211 bytes><874 bytes>               /
 *
 * sig is the Ed25519 signature (libsodium crypto_sign_detached) of the N
 * bytes after the first line, made with the office's content key; key is
 * the first 8 bytes of BLAKE2b of its public key, in hex, so a kiosk can
 * say "signed with another key" rather than "damaged". The version only
 * ever grows: a kiosk refuses a bundle older than the one it runs.
 * Paths are relative, '/'-separated, of letters, digits, '.', '_', '-',
 * no part starting with '.', and never kiosk.json (it stays per kiosk).
 *
 * Threads: no state; every function may run on a job thread.
 */
#ifndef KIOSK_PACK_H
#define KIOSK_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PACK_PK_BYTES 32
#define PACK_SK_BYTES 64
#define PACK_KEY_ID_LEN 17	  /* 16 hex digits and a NUL */
#define PACK_PK_B64_LEN 45	  /* base64 of 32 bytes and a NUL */
#define PACK_MAX_FILES 2000
#define PACK_MAX_BYTES (64u << 20) /* the whole bundle */
#define PACK_WHY_LEN 300

enum pack_err {
	PACK_OK,
	PACK_SAME,		/* the version already running: nothing to do */
	PACK_IO,		/* reading or writing a file (errno says which) */
	PACK_NOMEM,
	PACK_FORMAT,		/* not a content bundle, or its manifest is broken */
	PACK_TRUNCATED,		/* fewer bytes than the first line says */
	PACK_WRONG_KEY,		/* signed with another office key */
	PACK_BAD_SIGNATURE,	/* changed or damaged after signing */
	PACK_OLDER,		/* older than the running content */
	PACK_BAD_PATH,		/* a path that would leave the content folder */
	PACK_HASH,		/* a file's bytes do not match the manifest */
	PACK_INVALID,		/* the content fails the kiosk's own checks */
	PACK_NO_KEY,		/* the kiosk has no content.public_key */
};

/* A short English name for e ("bad signature"). */
const char *pack_strerror(enum pack_err e);

struct pack_file {
	char *path;
	size_t size;
	unsigned char hash[32];		/* SHA-256 */
	const unsigned char *data;	/* into the bundle's bytes */
};

/* A verified bundle. Points into the buffer given to pack_open, which must
 * outlive it; pack_close frees the list. */
struct pack {
	long version;
	char created[24];
	char key_id[PACK_KEY_ID_LEN];
	struct pack_file *files;
	size_t nfiles;
};

/* Key handling. pk_b64 is the text for kiosk.json's content.public_key. */
void pack_key_id(const unsigned char pk[PACK_PK_BYTES], char out[PACK_KEY_ID_LEN]);
bool pack_pk_parse(const char *b64, unsigned char pk[PACK_PK_BYTES]);
/* Writes a new key pair to path (mode 0600, never over an existing file):
 * "carekiosk-content-key 1\npublic <b64>\nsecret <b64>\n". */
enum pack_err pack_keygen(const char *path, char pk_b64[PACK_PK_B64_LEN],
			  char key_id[PACK_KEY_ID_LEN]);
/* Reads such a file; sk is wiped by the caller (sodium_memzero). */
enum pack_err pack_key_load(const char *path, unsigned char sk[PACK_SK_BYTES],
			    unsigned char pk[PACK_PK_BYTES], char *why, size_t whylen);

/* Packs every file under dir (sorted; dot files and the top kiosk.json
 * left out) as version, created at `created`, signed with sk. *out is
 * malloc'd (the caller frees it). why gets the reason on failure. */
enum pack_err pack_build(const char *dir, long version, time_t created,
			 const unsigned char sk[PACK_SK_BYTES], unsigned char **out, size_t *outlen,
			 char *why, size_t whylen);

/* The same for a local update (staff mode's unsigned courses.csv from a
 * USB stick): dir's files with the file rel replaced by (or added as) the
 * len bytes at data, signed with a key made for this one bundle, whose
 * public half goes to pk. pack_install(..., pk, ...) then installs it just
 * as it installs the office's. */
enum pack_err pack_build_local(const char *dir, const char *rel, const void *data, size_t len,
			       long version, unsigned char pk[PACK_PK_BYTES], unsigned char **out,
			       size_t *outlen, char *why, size_t whylen);

/* Reads only the first line and manifest of a bundle, unverified (for the
 * next version number, an ETag, or a listing): version and created. */
enum pack_err pack_peek(const unsigned char *buf, size_t len, long *version, char created[24]);

/* Verifies buf (signature against pk, length, manifest, every file's hash
 * and path) and fills p. On failure why says what, in words for staff. */
enum pack_err pack_open(const unsigned char *buf, size_t len, const unsigned char pk[PACK_PK_BYTES],
			struct pack *p, char *why, size_t whylen);
void pack_close(struct pack *p);

/* Verifies buf as pack_open, refuses a version below running_version
 * (PACK_SAME when equal), writes the files into a new folder beside
 * parent/v<version> (each file written and fsynced, then the folder
 * renamed into place: a crash leaves either no folder or a whole one),
 * and checks it with the kiosk's content checks (asset_dir for pictures).
 * On PACK_OK, dir_out (PATH_MAX) names the folder and *version_out its
 * version; on any failure nothing is left behind and why says why
 * ("courses.csv:4: ..." for content that fails its checks). */
enum pack_err pack_install(const unsigned char *buf, size_t len,
			   const unsigned char pk[PACK_PK_BYTES], long running_version,
			   const char *parent, const char *asset_dir, char *dir_out,
			   long *version_out, char *why, size_t whylen);

/* Writes len bytes to path atomically: a temporary file beside it, fsync,
 * rename, fsync of the folder. mode for the new file. */
int pack_write_atomic(const char *path, const void *buf, size_t len, int mode);

/* fsync of a folder (after a rename in it). 0, or -1 with errno. */
int pack_fsync_dir(const char *path);

/* Removes a folder and everything in it (for a refused or old bundle). */
int pack_rmtree(const char *dir);

#endif
