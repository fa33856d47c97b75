/*
 * The speech module (src/speech/speech.c) with tests/e2e/fake-speech.sh as
 * the program: the text arrives whole, a stop kills and reaps the child,
 * a child that never reads cannot block the caller or kill it with
 * SIGPIPE, and a zeroed struct is safe to close.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "speech/speech.h"

static char dir[64], out[128];

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void nap(void)
{
	nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static pid_t wait_pid_file(void)
{
	char path[160];
	snprintf(path, sizeof path, "%s.pid", out);
	for (double end = now_s() + 10; now_s() < end; nap()) {
		char *s = slurp(path);
		if (s && atoi(s) > 0)
			return atoi(s);
	}
	return 0;
}

/* Polls (as the app's tick does) until nothing is left to reap. */
static int poll_until_idle(struct speech *s)
{
	int finished = 0;
	for (double end = now_s() + 10; speech_busy(s) && now_s() < end; nap())
		finished += speech_poll(s);
	return finished;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/speech-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(out, sizeof out, "%s/said.txt", dir);
	setenv("KIOSK_SPEECH_OUT", out, 1);
	unsetenv("KIOSK_SPEECH_SLEEP");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_open(void **state)
{
	(void)state;
	static const struct {
		const char *cmd;
		enum speech_err want;
	} cases[] = {
		{"", SPEECH_OFF},
		{"   ", SPEECH_OFF},
		{NULL, SPEECH_OFF},
		{"/nonexistent/espeak-ng -v en", SPEECH_NOT_FOUND},
		{"no-such-speech-program-here", SPEECH_NOT_FOUND},
		{"true 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", SPEECH_TOO_LONG},
		{"true -v en-gb -s 140", SPEECH_OK},	/* found on PATH */
		{"/bin/true", SPEECH_OK},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct speech s;
		enum speech_err e = speech_open(&s, cases[i].cmd);
		if (e != cases[i].want)
			fail_msg("\"%s\": got %s, want %s", cases[i].cmd ? cases[i].cmd : "(null)",
				 speech_strerror(e), speech_strerror(cases[i].want));
		assert_int_equal(speech_available(&s), e == SPEECH_OK);
		if (e != SPEECH_OK)	/* unavailable: a harmless no-op */
			assert_int_equal(speech_say(&s, "Hello."), SPEECH_OFF);
		speech_close(&s);
	}
}

static void test_says_it_all(void **state)
{
	(void)state;
	struct speech s;
	assert_int_equal(speech_open(&s, getenv("KIOSK_FAKE_SPEECH")), SPEECH_OK);
	/* Far more than a pipe holds (64 KiB): fed a piece at a time. */
	size_t n = 300 * 1024;
	char *text = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		text[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	text[n] = '\0';
	assert_int_equal(speech_say(&s, text), SPEECH_OK);
	assert_true(speech_speaking(&s));
	assert_int_equal(poll_until_idle(&s), 1);	/* it ended on its own, once */
	assert_false(speech_speaking(&s));
	char *got = slurp(out);
	assert_non_null(got);
	assert_int_equal(strlen(got), n);
	assert_memory_equal(got, text, n);
	free(text);
	speech_close(&s);
}

static void test_never_blocks(void **state)
{
	(void)state;
	/* A program that never reads: the text cannot all go in. */
	struct speech s;
	assert_int_equal(speech_open(&s, "sleep 30"), SPEECH_OK);
	static char text[256 * 1024];
	memset(text, 'x', sizeof text - 1);
	double t0 = now_s();
	assert_int_equal(speech_say(&s, text), SPEECH_OK);
	assert_false(speech_poll(&s));
	assert_true(now_s() - t0 < 1.0);
	speech_stop(&s);
	assert_false(speech_speaking(&s));
	poll_until_idle(&s);
	assert_false(speech_busy(&s));
	assert_true(now_s() - t0 < 5.0);
	/* A program that exits at once: writing to it must not SIGPIPE us. */
	speech_close(&s);
	assert_int_equal(speech_open(&s, "true"), SPEECH_OK);
	assert_int_equal(speech_say(&s, text), SPEECH_OK);
	assert_int_equal(poll_until_idle(&s), 1);
	speech_close(&s);
}

static void test_stop_kills_and_reaps(void **state)
{
	(void)state;
	setenv("KIOSK_SPEECH_SLEEP", "30", 1);
	struct speech s;
	assert_int_equal(speech_open(&s, getenv("KIOSK_FAKE_SPEECH")), SPEECH_OK);
	assert_int_equal(speech_say(&s, "A long story.\n"), SPEECH_OK);
	pid_t pid = wait_pid_file();
	assert_true(pid > 0);
	assert_true(speech_speaking(&s));
	assert_false(speech_poll(&s));	/* still speaking */
	speech_stop(&s);
	assert_false(speech_speaking(&s));
	assert_int_equal(poll_until_idle(&s), 0);	/* stopped, not ended */
	assert_int_equal(kill(pid, 0), -1);	/* reaped: not even a zombie */
	assert_int_equal(errno, ESRCH);
	char path[160];
	snprintf(path, sizeof path, "%s.term", out);
	char *term = slurp(path);
	assert_non_null(term);
	assert_non_null(strstr(term, "TERM"));
	/* A new say replaces the old speech; close stops and reaps it. */
	assert_int_equal(speech_say(&s, "One.\n"), SPEECH_OK);
	pid_t a = wait_pid_file();
	unlink(path);
	char pidf[160];
	snprintf(pidf, sizeof pidf, "%s.pid", out);
	unlink(pidf);
	assert_int_equal(speech_say(&s, "Two.\n"), SPEECH_OK);
	pid_t b = wait_pid_file();
	assert_true(a > 0 && b > 0 && a != b);
	speech_close(&s);
	assert_int_equal(kill(a, 0), -1);
	assert_int_equal(kill(b, 0), -1);
	unsetenv("KIOSK_SPEECH_SLEEP");
}

static void test_zeroed_is_safe(void **state)
{
	(void)state;
	int before = fcntl(STDIN_FILENO, F_GETFD);
	struct speech s;
	memset(&s, 0, sizeof s);	/* as in an app that failed before speech_open */
	assert_false(speech_available(&s));
	assert_false(speech_busy(&s));
	speech_stop(&s);
	speech_close(&s);
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD), before);	/* fd 0 not closed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_says_it_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_kills_and_reaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zeroed_is_safe, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
