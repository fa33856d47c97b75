/*
 * kioskctl set-pin: sets the staff mode PIN (4 to 8 digits). At a terminal
 * it asks twice without showing the digits; otherwise it reads one line
 * from stdin (for setup scripts). Only a slow salted hash is stored (see
 * src/store/pin.h); setting a PIN also lifts any lockout.
 */
#include "kioskctl.h"

#include "kctl_store.h"
#include "store/pin.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define LINE_MAX_PIN 64

static void usage(FILE *f)
{
	fprintf(f, "usage: kioskctl set-pin [--config DIR] [--data DIR]\n"
		   "Sets the staff PIN: 4 to 8 digits. At a terminal it asks twice and does not\n"
		   "show what you type; otherwise it reads the PIN from the first line of input,\n"
		   "e.g.  echo 2468 | kioskctl set-pin\n"
		   "Setting a PIN also unlocks staff mode after too many wrong tries.\n");
}

/* One line without its line end; false at end of input. */
static bool read_line(FILE *in, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, in))
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

/* Asks at the terminal with echo off; the terminal is always restored. */
static bool ask(const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(stdin, buf, n);
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* Gets the PIN into pin; returns 0, or the exit code after a message. */
static int get_pin(char *pin, size_t n)
{
	char again[LINE_MAX_PIN];
	int rc = 0;
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, pin, n)) {
			fprintf(stderr, "kioskctl set-pin: no PIN on the input\n");
			return 2;
		}
	} else if (!ask("New staff PIN (4 to 8 digits): ", pin, n) ||
		   !ask("Type it again: ", again, sizeof again)) {
		rc = 2;
	} else if (strcmp(pin, again) != 0) {
		fprintf(stderr, "kioskctl set-pin: the two PINs are not the same; nothing changed\n");
		rc = 1;
	}
	explicit_bzero(again, sizeof again);
	if (!rc && !pin_format_ok(pin)) {
		fprintf(stderr, "kioskctl set-pin: a PIN is 4 to 8 digits (0-9); nothing changed\n");
		rc = 2;
	}
	return rc;
}

int cmd_set_pin(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	if (k->argc > 1) {
		fprintf(stderr, "kioskctl set-pin: unexpected \"%s\"; the PIN is read from the "
				"input, never from the command line\n", k->argv[1]);
		return 2;
	}
	char pin[LINE_MAX_PIN];
	int rc = get_pin(pin, sizeof pin);
	struct store *st = rc ? NULL : kctl_create_store(k);
	if (!rc && !st)
		rc = 1;
	if (st) {
		enum store_err serr = STORE_OK;
		enum pin_err err = pin_set(st, pin, &serr);
		store_close(st);
		if (err == PIN_OK) {
			printf("staff PIN set\n");
		} else {
			fprintf(stderr, "kioskctl set-pin: %s\n",
				err == PIN_STORE ? store_strerror(serr) : "out of memory");
			rc = 1;
		}
	}
	explicit_bzero(pin, sizeof pin);
	return rc;
}
