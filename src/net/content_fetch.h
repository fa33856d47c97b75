/*
 * content_fetch: GET the office's signed content bundle ("content" beside
 * the upload URL, or content.url) with If-None-Match, verify it against
 * content.public_key and stage it beside the running content
 * (src/content/pack.h: pack_install). Paths are used as given (the caller
 * resolves them against the config folder). Blocking: run it on a job thread or
 * the uploader's, never on the UI thread. The switch to a staged bundle
 * is the app's, at the next attract screen.
 *
 * The folder dir (<data>/content) holds v<N>/ folders and one small text
 * file, "state", rewritten atomically (pack_write_atomic):
 *   running N       the bundle the kiosk runs (0 = the shipped content)
 *   staged N        unpacked and checked, waiting for the attract screen
 *   etag "..."      what GET last answered, for If-None-Match
 *   refused WORDS   why the last bundle offered was refused ("" none)
 *   fetched T       unix seconds of the last answer from the server
 *   bad N           a version that failed the kiosk's checks when it came
 *                   to be shown (0 none): never shown; refused says why
 *
 * Every change to state is read, changed and written with
 * content_state_lock held (a fetch after its download, staff mode's USB
 * install, the app's switch and start): they run on different threads
 * and in kioskctl, and a write from an older read would undo another's
 * (a fetch overwriting the version a USB stick had just staged).
 */
#ifndef KIOSK_CONTENT_FETCH_H
#define KIOSK_CONTENT_FETCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CONTENT_WHY_LEN 300

struct content_state {
	long running, staged;
	char etag[96];
	char refused[CONTENT_WHY_LEN];
	long long fetched;
	long bad;
};

/* Reads dir/state; a missing or unreadable file is all zeroes. */
void content_state_read(const char *dir, struct content_state *st);
/* Writes it atomically. 0, or -1 with errno. Hold content_state_lock
 * from the read the new state is made from until after this write. */
int content_state_write(const char *dir, const struct content_state *st);

/* Waits for and takes dir/lock (flock: between threads and processes;
 * released if the holder dies). Returns a descriptor for
 * content_state_unlock, or -1 with errno (dir missing, say). Blocking:
 * held only for a read-change-write, the unpacking of one bundle and the
 * rename of one folder. */
int content_state_lock(const char *dir);
void content_state_unlock(int fd);

enum content_fetch_result {
	CONTENT_UNCHANGED,	/* 304, or the version already running or staged */
	CONTENT_STAGED,		/* a newer bundle is unpacked in dir/v<version> */
	CONTENT_REFUSED,	/* the server's bundle is bad: why; nothing changed */
	CONTENT_OFFLINE,	/* no answer, or not 200/304: why; nothing changed */
	CONTENT_NOT_SET_UP,	/* no public key, URL or token: why */
};

struct content_fetch_opts {
	const char *url;		/* the bundle's URL */
	const char *token_file;		/* the upload token's file (read each time) */
	const char *ca_file;		/* NULL or "" = the system's CAs */
	const char *user_agent;
	const char *public_key;		/* content.public_key, base64 */
	const char *dir;		/* <data>/content */
	const char *asset_dir;		/* for the content checks' pictures */
	long timeout_ms;		/* the whole download; 0 = 120 s */
	bool (*abandon)(void *ctx);	/* polled; true gives up (may be NULL) */
	void *abandon_ctx;
};

struct content_fetch_out {
	enum content_fetch_result result;
	long version;			/* the bundle's version, when known */
	long http_status;		/* 0 = no answer */
	char why[CONTENT_WHY_LEN];
};

/* One fetch: updates dir/state (etag, staged, refused, fetched) and fills
 * out. Returns out->result. */
enum content_fetch_result content_fetch(const struct content_fetch_opts *o,
					struct content_fetch_out *out);

/* The bundle's URL for an upload URL: the last path segment replaced by
 * "content" (https://office/carekiosk/leads -> .../carekiosk/content).
 * False if it does not fit. */
bool content_fetch_url(const char *upload_url, char *out, size_t n);

/* Words for r ("refused"), for logs and the staff screen. */
const char *content_fetch_result_str(enum content_fetch_result r);

#endif
