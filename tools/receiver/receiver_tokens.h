/*
 * receiver_tokens: per-kiosk tokens. `carekiosk-receiver token add NAME`
 * makes a random token, prints it once and stores only its keyed hash
 * (HMAC-SHA-256 under the key in --token-key FILE, which never enters the
 * database), so neither a copy of the database nor its backups can be used
 * to send leads, nor to check a guessed token. Owned by tools/receiver.
 */
#ifndef RECEIVER_TOKENS_H
#define RECEIVER_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#define RTOKEN_KEY_LEN 32
#define RTOKEN_HASH_LEN 65	/* 64 hex digits and NUL */
#define RTOKEN_NAME_MAX 64

/* Reads the key file (64 hex digits). With create, a missing file is made
 * with a new random key, mode 0600. 0, or -1 with err filled. */
int rtoken_key_load(const char *path, bool create, unsigned char key[RTOKEN_KEY_LEN], char *err,
		    size_t n);

/* hex = HMAC-SHA-256(key, token[0..len)) in lower-case hex. */
void rtoken_hash(const unsigned char key[RTOKEN_KEY_LEN], const char *token, size_t len,
		 char hex[RTOKEN_HASH_LEN]);

/* 1 to 64 of A-Z a-z 0-9 . _ - : what a kiosk can be called. */
bool rtoken_name_ok(const char *name);

/* `carekiosk-receiver token add NAME | list | revoke NAME --db DB
 * --token-key FILE`: argv[0] is "token". The exit status. */
int rtoken_cmd(int argc, char **argv);

#endif
