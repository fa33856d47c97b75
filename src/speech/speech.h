/*
 * speech: reads text aloud through an external program (espeak-ng), without
 * ever blocking the caller.
 *
 * The command (kiosk.json read_aloud.command, e.g. "espeak-ng -v en-gb -s
 * 140") is split on spaces and run directly, never through a shell, so it
 * cannot have quotes, pipes or paths with spaces. Each speech_say() starts
 * the program with posix_spawn in its own process group and the text on its
 * standard input through a non-blocking pipe; its standard output goes to
 * /dev/null (a script driver may be reading the kiosk's). Stopping kills
 * the whole group (SIGTERM), so a wrapper script's children stop too.
 *
 * Nothing here waits: the caller calls speech_poll() while speech_busy()
 * (from its tick, a few times a second) to finish writing the text and to
 * reap children. speech_close() is the only call that may wait, briefly.
 *
 * The text is never logged. Not thread-safe: one thread (the UI) owns it.
 * No SDL here.
 */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum speech_err {
	SPEECH_OK,
	SPEECH_OFF,		/* the command is empty: read-aloud is turned off */
	SPEECH_NOT_FOUND,	/* the program is not on PATH or not executable */
	SPEECH_TOO_LONG,	/* more words in the command than SPEECH_MAX_ARGS */
	SPEECH_SPAWN,		/* the program could not be started */
	SPEECH_NOMEM,
};

/* Plain English for logs, e.g. "the read-aloud program was not found". */
const char *speech_strerror(enum speech_err e);

#define SPEECH_MAX_ARGS 16
#define SPEECH_MAX_DYING 8

/* Zero it (or speech_open() it); the fields are the module's own. */
struct speech {
	char *cmd;			/* the command, split in place by NULs */
	char *argv[SPEECH_MAX_ARGS + 1];
	pid_t pid;			/* the speaking child, also its group (0 = none) */
	int fd;				/* write end of its stdin, open while text is set */
	char *text;			/* what is left to give it; off bytes written */
	size_t len, off;
	pid_t dying[SPEECH_MAX_DYING];	/* stopped, not yet reaped */
	size_t ndying;
};

/* Prepares s for command. SPEECH_OK when the program is found (a name is
 * looked up on PATH, a name with a slash is checked as it is); otherwise s
 * is left unavailable (every other call is a harmless no-op) and the
 * result says why. Call speech_close() in both cases. */
enum speech_err speech_open(struct speech *s, const char *command);

/* True if speech_open() succeeded: the kiosk shows its Listen button. */
bool speech_available(const struct speech *s);

/* Stops any speech, then starts reading text (copied; the caller keeps
 * nothing alive). Returns at once; the child reads the text at its pace. */
enum speech_err speech_say(struct speech *s, const char *text);

/* True from speech_say() until the child exits or speech_stop(). */
bool speech_speaking(const struct speech *s);

/* Kills the speaking child's group (SIGTERM) and forgets its text; the
 * child is reaped by later speech_poll() calls. No-op when silent. */
void speech_stop(struct speech *s);

/* True while the caller should keep calling speech_poll() (speaking, or
 * stopped children not yet reaped). */
bool speech_busy(const struct speech *s);

/* Writes more of the text if the pipe has room and reaps children that
 * have exited, without waiting. Returns true if the speech just ended on
 * its own (the child exited), so the caller can redraw. */
bool speech_poll(struct speech *s);

/* Stops speech and reaps every child (SIGTERM, then SIGKILL after
 * ~200 ms), frees everything and zeroes s. Call at exit. */
void speech_close(struct speech *s);

#endif
