/*
 * seal: a lead's answers sealed to the office's public key (libsodium's
 * crypto_box_seal, X25519 + XSalsa20-Poly1305), so a kiosk, its SD card, a
 * USB stick or an office server without the secret key holds nothing that
 * names a person.
 *
 * Kiosk side (this file's first half): parse privacy.office_public_key
 * (base64 of 32 bytes), name it by a short fingerprint (the key id), seal.
 * Office side (second half, seal_office.c): the passphrase-protected secret
 * key file from `kioskctl keygen`, and opening sealed leads.
 *
 * What is sealed (the "inner" text) is
 *   {"id":"<lead id>","answers":{...the visitor's answers...}}
 * padded with sodium_pad to a multiple of SEAL_PAD_BLOCK bytes so the
 * length of a sealed lead says little about the length of a name. The lead
 * id inside binds the answers to their lead: a sealed value copied onto
 * another lead does not open as that lead.
 *
 * A sealed box is anonymous: anyone with the public key can make one. It
 * hides the answers; it does not prove which kiosk wrote them (the upload
 * token does that).
 *
 * Memory: every buffer that held answers or key material is wiped with
 * sodium_memzero before it is freed. Strings handed to the caller that hold
 * answers must be wiped by the caller (seal_wipe_free()).
 */
#ifndef KIOSK_SEAL_H
#define KIOSK_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#define SEAL_PK_BYTES 32
#define SEAL_SK_BYTES 32
/* The key id: 16 lower-case hex digits of BLAKE2b-64 of the public key. */
#define SEAL_KEY_ID_LEN 17
/* base64 (with padding) of a 32-byte key, plus the NUL. */
#define SEAL_PK_B64_LEN 45
#define SEAL_PAD_BLOCK 256

enum seal_err {
	SEAL_OK = 0,
	SEAL_BAD_PUBLIC_KEY,	/* not base64 of 32 bytes */
	SEAL_WRONG_KEY,		/* sealed to another office key (key ids differ) */
	SEAL_TAMPERED,		/* does not open: damaged, altered or truncated */
	SEAL_OTHER_LEAD,	/* opens, but was sealed for another lead id */
	SEAL_BAD_PASSPHRASE,	/* the key file does not open with this passphrase */
	SEAL_BAD_KEY_FILE,	/* not a carekiosk office key file, or damaged */
	SEAL_IO,		/* cannot read or write a file */
	SEAL_NOMEM,
	SEAL_INVALID,		/* bad argument */
	SEAL_ERR_COUNT
};

/* Plain English for staff and logs; static. */
const char *seal_strerror(enum seal_err err);

/* A public key ready to seal with. */
struct seal_pub {
	unsigned char pk[SEAL_PK_BYTES];
	char key_id[SEAL_KEY_ID_LEN];
};

/* Parses base64 (standard alphabet, with padding; spaces around ignored).
 * SEAL_BAD_PUBLIC_KEY if it is not exactly 32 bytes. */
enum seal_err seal_pub_parse(const char *b64, struct seal_pub *out);

/* The fingerprint of a public key. */
void seal_key_id(const unsigned char pk[SEAL_PK_BYTES], char out[SEAL_KEY_ID_LEN]);

/* True if s looks like a key id (16 lower-case hex digits). */
bool seal_key_id_ok(const char *s);

/*
 * Seals answers_json (a JSON object, given as is) for lead id. *b64_out
 * gets a malloc'd base64 string (the caller frees; it holds nothing
 * readable). Errors: SEAL_INVALID, SEAL_NOMEM.
 */
enum seal_err seal_lead(const struct seal_pub *k, const char *id, const char *answers_json,
			char **b64_out);

/* Wipes a NUL-terminated string that held answers and frees it. NULL ok. */
void seal_wipe_free(char *s);

/* Zeroes every key and string value of a parsed cJSON tree (which copied
 * them out of the answers), before the caller cJSON_Delete()s it. */
struct cJSON;
void seal_wipe_json(struct cJSON *node);

/* ---- Office side (seal_office.c) ---- */

/* A loaded office key pair; the secret lives in sodium_malloc'd memory
 * (guard pages, locked against swap where the system allows). */
struct seal_office;

/* Argon2id cost that `kioskctl keygen` writes into the key file. */
#define SEAL_KDF_OPSLIMIT 3
#define SEAL_KDF_MEMLIMIT (64u * 1024 * 1024)
/* Reading a key file accepts at most this much memory for the KDF, so a
 * doctored file cannot make decrypt exhaust the machine. */
#define SEAL_KDF_MEMLIMIT_MAX (1024u * 1024 * 1024)

/* The shortest passphrase keygen accepts, in bytes. */
#define SEAL_PASS_MIN 10
#define SEAL_PASS_MAX 1024

/*
 * Makes a new key pair and writes it to path (created with O_EXCL, mode
 * 0600; never overwrites). The secret key is encrypted with
 * crypto_secretbox under a key derived from pass by crypto_pwhash
 * (Argon2id). Fills pub_b64 (the line for kiosk.json) and key_id.
 * SEAL_IO with errno set when the file cannot be made (EEXIST if it exists).
 */
enum seal_err seal_keygen(const char *path, const char *pass, size_t pass_len,
			  char pub_b64[SEAL_PK_B64_LEN], char key_id[SEAL_KEY_ID_LEN]);

/* Loads a key file with its passphrase. On failure *out is NULL and msg
 * (may be NULL) says what is wrong in words naming the file.
 * Errors: SEAL_BAD_PASSPHRASE, SEAL_BAD_KEY_FILE, SEAL_IO, SEAL_NOMEM. */
enum seal_err seal_office_load(const char *path, const char *pass, size_t pass_len,
			       struct seal_office **out, char *msg, size_t msg_n);

void seal_office_free(struct seal_office *k);

/* The loaded key's id (a static part of k). */
const char *seal_office_key_id(const struct seal_office *k);

/*
 * Opens a sealed lead: key_id is the id the lead says it was sealed to
 * (NULL = do not check), b64 the sealed text, id the lead's id. On
 * SEAL_OK *answers_out is the malloc'd answers object as the kiosk stored
 * it; free it with seal_wipe_free(). Errors: SEAL_WRONG_KEY, SEAL_TAMPERED,
 * SEAL_OTHER_LEAD, SEAL_NOMEM, SEAL_INVALID.
 */
enum seal_err seal_open_lead(const struct seal_office *k, const char *key_id, const char *id,
			     const char *b64, char **answers_out);

/*
 * The passphrase for a key file, into buf (NUL-terminated; wipe it after
 * use). From, in order: the file named by pass_file (first line; for
 * scripts and tests), the environment variable CAREKIOSK_KEY_PASSPHRASE,
 * else the terminal (/dev/tty, echo off; asked twice when confirm).
 * Returns the length, or -1 with a message in msg.
 */
long seal_read_passphrase(const char *pass_file, const char *prompt, bool confirm, char *buf,
			  size_t n, char *msg, size_t msg_n);

/* Turns off core dumps for this process (RLIMIT_CORE 0 and, outside
 * sanitizer builds, PR_SET_DUMPABLE 0, which also keeps other processes of
 * the same user from reading its memory). Best effort. */
void seal_no_core_dumps(void);

#endif
