/*
 * speech.c: one read-aloud child at a time, fed and reaped without waiting.
 */
#define _GNU_SOURCE	/* pipe2, posix_spawn_file_actions_addclosefrom_np */
#include "speech/speech.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *speech_strerror(enum speech_err e)
{
	switch (e) {
	case SPEECH_OK:
		return "ok";
	case SPEECH_OFF:
		return "read-aloud is turned off (no command)";
	case SPEECH_NOT_FOUND:
		return "the read-aloud program was not found";
	case SPEECH_TOO_LONG:
		return "the read-aloud command has too many words";
	case SPEECH_SPAWN:
		return "the read-aloud program could not be started";
	case SPEECH_NOMEM:
		return "out of memory";
	}
	return "unknown error";
}

/* A program name without a slash is looked up on PATH, as posix_spawnp will. */
static bool findable(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char full[PATH_MAX];
		if (n && snprintf(full, sizeof full, "%.*s/%s", (int)n, p, prog) < (int)sizeof full &&
		    access(full, X_OK) == 0)
			return true;
		if (!end)
			return false;
		p = end;
	}
}

enum speech_err speech_open(struct speech *s, const char *command)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	if (!command)
		return SPEECH_OFF;
	char *cmd = strdup(command);
	if (!cmd)
		return SPEECH_NOMEM;
	size_t argc = 0;
	for (char *tok = strtok(cmd, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == SPEECH_MAX_ARGS) {
			free(cmd);
			return SPEECH_TOO_LONG;
		}
		s->argv[argc++] = tok;
	}
	enum speech_err e = SPEECH_OK;
	if (!argc)
		e = SPEECH_OFF;
	else if (!findable(s->argv[0]))
		e = SPEECH_NOT_FOUND;
	if (e != SPEECH_OK) {
		free(cmd);
		memset(s->argv, 0, sizeof s->argv);
		return e;
	}
	s->cmd = cmd;
	return SPEECH_OK;
}

bool speech_available(const struct speech *s)
{
	return s->cmd != NULL;
}

bool speech_speaking(const struct speech *s)
{
	return s->pid > 0;
}

bool speech_busy(const struct speech *s)
{
	return s->pid > 0 || s->ndying > 0;
}

/* The pipe is open exactly while there is text to write, so a zeroed
 * struct (fd 0) never closes anything. */
static void forget_text(struct speech *s)
{
	if (s->text) {
		close(s->fd);
		explicit_bzero(s->text, s->len);
		free(s->text);
	}
	s->text = NULL;
	s->fd = -1;
	s->len = s->off = 0;
}

/* write() that cannot kill the kiosk with SIGPIPE when the child has
 * gone: SIGPIPE is blocked for this thread around the write and, if the
 * write raised it, taken back off the pending set. */
static ssize_t write_quiet(int fd, const char *p, size_t n)
{
	sigset_t pipe_set, old;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	ssize_t w = write(fd, p, n);
	int err = errno;
	if (w < 0 && err == EPIPE && !sigismember(&old, SIGPIPE)) {
		const struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return w;
}

/* Writes what fits without waiting; closes the pipe once all is written
 * (the child then sees the end of its input) or the child has gone. */
static void feed(struct speech *s)
{
	while (s->text && s->off < s->len) {
		ssize_t w = write_quiet(s->fd, s->text + s->off, s->len - s->off);
		if (w > 0) {
			s->off += (size_t)w;
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else {
			if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
				forget_text(s);	/* EPIPE: it stopped reading */
			return;
		}
	}
	if (s->text && s->off >= s->len)
		forget_text(s);
}

static int spawn(struct speech *s, int rfd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, rfd, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* The leads database and the display stay the kiosk's. */
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	int sigs[] = {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&dflt, sigs[i]);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setpgroup(&at, 0);	/* its own group: a stop kills it all */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
					      POSIX_SPAWN_SETPGROUP);
	pid_t pid = 0;
	int rc = posix_spawnp(&pid, s->argv[0], &fa, &at, s->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0)
		return -1;
	/* The group is set in the parent too: posix_spawn may return before the
	 * child has run its setpgid (qemu-user runs glibc's vfork-style clone as a
	 * plain fork), and a stop right then would signal a group not there yet.
	 * EACCES means the child has already exec'd, after setting it itself. */
	setpgid(pid, pid);
	s->pid = pid;
	return 0;
}

/* Signals pid's whole group; pid alone if it has no group of its own. */
static void signal_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) != 0 && errno == ESRCH)
		kill(pid, sig);
}

enum speech_err speech_say(struct speech *s, const char *text)
{
	speech_stop(s);
	if (!speech_available(s))
		return SPEECH_OFF;
	size_t len = strlen(text);
	char *copy = malloc(len + 1);
	if (!copy)
		return SPEECH_NOMEM;
	memcpy(copy, text, len + 1);
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		free(copy);
		return SPEECH_SPAWN;
	}
	int rc = spawn(s, p[0]);
	close(p[0]);
	if (rc != 0) {
		close(p[1]);
		explicit_bzero(copy, len);
		free(copy);
		return SPEECH_SPAWN;
	}
	/* The UI thread must never wait on a full pipe. */
	fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	s->fd = p[1];
	s->text = copy;
	s->len = len;
	s->off = 0;
	feed(s);
	return SPEECH_OK;
}

/* Reaps pid if it has exited; true if it is gone. Whatever else is left
 * in its group (a wrapper script's children) is stopped first, while the
 * unreaped leader still holds the group's id. */
static bool reaped(pid_t pid)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	int r;
	while ((r = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return errno == ECHILD;
	if (si.si_pid != pid)
		return false;	/* still running */
	signal_group(pid, SIGTERM);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return true;
}

void speech_stop(struct speech *s)
{
	forget_text(s);
	if (s->pid <= 0)
		return;
	pid_t pid = s->pid;
	s->pid = 0;
	signal_group(pid, SIGTERM);
	if (reaped(pid))
		return;
	if (s->ndying == SPEECH_MAX_DYING) {
		/* Too many that will not die: the oldest is made to, now. */
		signal_group(s->dying[0], SIGKILL);
		while (waitpid(s->dying[0], NULL, 0) < 0 && errno == EINTR)
			;
		memmove(s->dying, s->dying + 1, (SPEECH_MAX_DYING - 1) * sizeof s->dying[0]);
		s->ndying--;
	}
	s->dying[s->ndying++] = pid;
}

bool speech_poll(struct speech *s)
{
	for (size_t i = 0; i < s->ndying;) {
		if (reaped(s->dying[i]))
			s->dying[i] = s->dying[--s->ndying];
		else
			i++;
	}
	if (s->pid <= 0)
		return false;
	feed(s);
	if (!reaped(s->pid))
		return false;
	s->pid = 0;
	forget_text(s);
	return true;
}

void speech_close(struct speech *s)
{
	speech_stop(s);
	for (int tries = 0; s->ndying && tries < 20; tries++) {
		speech_poll(s);
		if (s->ndying)
			nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
	for (size_t i = 0; i < s->ndying; i++) {
		signal_group(s->dying[i], SIGKILL);
		while (waitpid(s->dying[i], NULL, 0) < 0 && errno == EINTR)
			;
	}
	free(s->cmd);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
