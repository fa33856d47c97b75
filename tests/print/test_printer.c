/* printer: targets (file:, /dev/ via a pseudo-terminal, tcp: on loopback),
 * paper status, locking, and print jobs on their own thread. */
#define _XOPEN_SOURCE 700 /* posix_openpt and friends */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "print/printer.h"

static const unsigned char job[] = "\x1b@hello printer\n\x1dV\x01";
#define JOB_LEN (sizeof job - 1)

/* The far end of a fake printer: reads what the kiosk sends, answers the
 * status request with `reply` (or not at all if reply < 0). */
struct peer {
	int fd, listen_fd, reply;
	unsigned char got[4096];
	size_t n;
	pthread_t tid;
};

static void *peer_main(void *arg)
{
	struct peer *p = arg;
	int replied = 0;
	if (p->listen_fd >= 0) {
		p->fd = accept(p->listen_fd, NULL, NULL);
		if (p->fd < 0)
			return NULL;
	}
	for (;;) {
		struct pollfd pf = {.fd = p->fd, .events = POLLIN};
		if (poll(&pf, 1, 1500) <= 0)
			break; /* idle: the kiosk has finished */
		ssize_t r = read(p->fd, p->got + p->n, sizeof p->got - p->n);
		if (r <= 0)
			break;
		p->n += (size_t)r;
		if (!replied && p->n >= 3 && memcmp(p->got, "\x10\x04\x04", 3) == 0) {
			replied = 1;
			if (p->reply >= 0) {
				unsigned char b = (unsigned char)p->reply;
				if (write(p->fd, &b, 1) != 1)
					break;
			}
		}
		if (p->n == 3 + JOB_LEN && p->listen_fd < 0)
			break;
	}
	if (p->listen_fd >= 0)
		close(p->fd);
	return NULL;
}

static char *tmp_path(const char *leaf)
{
	const char *dir = getenv("TMPDIR");
	static char buf[4][512];
	static int k;
	char *out = buf[k++ % 4];
	snprintf(out, 512, "%s/%s-%d", dir ? dir : "/tmp", leaf, (int)getpid());
	return out;
}

static size_t slurp(const char *path, unsigned char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void test_targets(void **state)
{
	(void)state;
	static const struct {
		const char *target;
		enum printer_err want;
	} cases[] = {
		{NULL, PRINTER_NO_TARGET},
		{"", PRINTER_NO_TARGET},
		{"lpt1", PRINTER_NO_TARGET},
		{"file:", PRINTER_NO_TARGET},
		{"tcp:", PRINTER_NO_TARGET},
		{"tcp::9100", PRINTER_NO_TARGET},
		{"tcp:[::1", PRINTER_NO_TARGET},
		{"file:/nonexistent-dir-kiosk/slip.bin", PRINTER_OPEN},
		{"/dev/usb/lp-kiosk-test-missing", PRINTER_OPEN},
		{"/dev/null", PRINTER_OK},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum printer_err e = printer_send(cases[i].target, job, JOB_LEN);
		if (e != cases[i].want)
			fail_msg("%s: got %s", cases[i].target ? cases[i].target : "NULL",
				 printer_strerror(e));
	}
}

static void test_file_appends_and_locks(void **state)
{
	(void)state;
	char target[600];
	unsigned char got[256];
	const char *path = tmp_path("printer-file");
	unlink(path);
	snprintf(target, sizeof target, "file:%s", path);

	assert_int_equal(printer_send(target, job, JOB_LEN), PRINTER_OK);
	assert_int_equal(printer_send(target, job, JOB_LEN), PRINTER_OK);
	assert_int_equal(slurp(path, got, sizeof got), 2 * JOB_LEN);
	assert_memory_equal(got + JOB_LEN, job, JOB_LEN);

	/* Someone else printing on it: BUSY, nothing written. */
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(printer_send(target, job, JOB_LEN), PRINTER_BUSY);
	close(fd);
	assert_int_equal(slurp(path, got, sizeof got), 2 * JOB_LEN);
	unlink(path);
}

/* A pseudo-terminal stands in for /dev/usb/lp0: its slave is a /dev path. */
static void test_device_status(void **state)
{
	(void)state;
	static const struct {
		int reply; /* DLE EOT 4 answer, -1 none */
		enum printer_err want;
		size_t data;
	} cases[] = {
		{0x12, PRINTER_OK, JOB_LEN}, /* paper present */
		{0x1E, PRINTER_OK, JOB_LEN}, /* paper near end: still prints */
		{0x72, PRINTER_NO_PAPER, 0}, /* paper end */
		{-1, PRINTER_OK, JOB_LEN},   /* printer does not answer */
		{0xFF, PRINTER_OK, JOB_LEN}, /* not a status byte: ignored */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct peer p = {.listen_fd = -1, .reply = cases[i].reply};
		p.fd = posix_openpt(O_RDWR | O_NOCTTY);
		assert_true(p.fd >= 0);
		assert_int_equal(grantpt(p.fd), 0);
		assert_int_equal(unlockpt(p.fd), 0);
		char slave[128];
		snprintf(slave, sizeof slave, "%s", ptsname(p.fd));
		/* Raw mode, held by our own open slave fd, so bytes pass unchanged. */
		int sfd = open(slave, O_RDWR | O_NOCTTY);
		assert_true(sfd >= 0);
		struct termios t;
		assert_int_equal(tcgetattr(sfd, &t), 0);
		cfmakeraw(&t);
		assert_int_equal(tcsetattr(sfd, TCSANOW, &t), 0);

		assert_int_equal(pthread_create(&p.tid, NULL, peer_main, &p), 0);
		enum printer_err e = printer_send(slave, job, JOB_LEN);
		pthread_join(p.tid, NULL);
		if (e != cases[i].want)
			fail_msg("reply 0x%X: got %s", cases[i].reply, printer_strerror(e));
		assert_int_equal(p.n, 3 + cases[i].data);
		assert_memory_equal(p.got, "\x10\x04\x04", 3);
		if (cases[i].data)
			assert_memory_equal(p.got + 3, job, JOB_LEN);
		close(sfd);
		close(p.fd);
	}
}

static int listen_loopback(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void test_tcp(void **state)
{
	(void)state;
	static const struct {
		int reply;
		enum printer_err want;
		size_t data;
	} cases[] = {
		{0x12, PRINTER_OK, JOB_LEN},
		{0x72, PRINTER_NO_PAPER, 0},
		{-1, PRINTER_OK, JOB_LEN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int port;
		struct peer p = {.reply = cases[i].reply};
		p.listen_fd = listen_loopback(&port);
		char target[64];
		snprintf(target, sizeof target, "tcp:127.0.0.1:%d", port);
		assert_int_equal(pthread_create(&p.tid, NULL, peer_main, &p), 0);
		enum printer_err e = printer_send(target, job, JOB_LEN);
		pthread_join(p.tid, NULL);
		close(p.listen_fd);
		assert_int_equal(e, cases[i].want);
		assert_int_equal(p.n, 3 + cases[i].data);
		if (cases[i].data)
			assert_memory_equal(p.got + 3, job, JOB_LEN);
	}

	/* Nobody listening: refused. */
	int port, fd = listen_loopback(&port);
	close(fd);
	char target[64];
	snprintf(target, sizeof target, "tcp:127.0.0.1:%d", port);
	assert_int_equal(printer_send(target, job, JOB_LEN), PRINTER_CONNECT);
	snprintf(target, sizeof target, "tcp:[::1]:%d", port);
	enum printer_err e = printer_send(target, job, JOB_LEN);
	assert_true(e == PRINTER_CONNECT); /* refused, or no IPv6 at all */
}

struct done_box {
	int calls;
	enum printer_err err;
	int same_thread; /* done ran on the thread that polls */
	pthread_t caller;
};

/* On the polling thread (job_queue_poll). */
static void on_done(struct job *j, void *owner, void *ctx)
{
	(void)ctx;
	struct done_box *d = owner;
	d->calls++;
	d->err = ((struct print_job *)j)->err;
	d->same_thread = pthread_equal(pthread_self(), d->caller);
}

/* A slip printed as a job on a queue: done comes back on the thread that
 * polls, with the printer's answer; a bad target never starts. */
static void test_job(void **state)
{
	(void)state;
	char target[600];
	unsigned char got[256];
	const char *path = tmp_path("printer-job");
	unlink(path);
	snprintf(target, sizeof target, "file:%s", path);

	static const struct {
		const char *target; /* NULL: the temp file */
		enum printer_err start, done;
	} cases[] = {
		{NULL, PRINTER_OK, PRINTER_OK},
		{"file:/nonexistent-dir-kiosk/x", PRINTER_OK, PRINTER_OPEN},
		{"nonsense", PRINTER_NO_TARGET, PRINTER_OK},
		{"", PRINTER_NO_TARGET, PRINTER_OK},
	};
	struct job_queue *q = NULL;
	assert_int_equal(job_queue_open(NULL, &q), JOB_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct done_box d = {.caller = pthread_self()};
		struct escpos_buf b = {0};
		assert_int_equal(escpos_bytes(&b, job, JOB_LEN), ESCPOS_OK);
		struct print_job *pj = NULL;
		enum printer_err e =
			print_job_new(cases[i].target ? cases[i].target : target, &b, &pj);
		assert_int_equal(e, cases[i].start);
		assert_null(b.data); /* ownership moved, whatever happened */
		assert_int_equal(b.len, 0);
		if (e != PRINTER_OK) {
			assert_null(pj);
			continue;
		}
		pj->job.done = on_done;
		assert_int_equal(job_start(q, &pj->job, &d), JOB_OK);
		assert_true(job_queue_wait_idle(q, 20000));
		assert_int_equal(job_queue_poll(q), 1);
		assert_int_equal(d.calls, 1);
		assert_int_equal(d.err, cases[i].done);
		assert_true(d.same_thread);
	}
	job_queue_close(q);
	assert_int_equal(slurp(path, got, sizeof got), JOB_LEN);
	assert_memory_equal(got, job, JOB_LEN);
	unlink(path);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int a = PRINTER_OK; a <= PRINTER_NOMEM; a++) {
		assert_true(strlen(printer_strerror((enum printer_err)a)) > 3);
		for (int b = a + 1; b <= PRINTER_NOMEM; b++)
			assert_string_not_equal(printer_strerror((enum printer_err)a),
						printer_strerror((enum printer_err)b));
	}
	assert_non_null(printer_strerror((enum printer_err)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_file_appends_and_locks),
		cmocka_unit_test(test_device_status),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_job),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
