/* reach: a check stuck in a TLS handshake (a server that takes the
 * connection and never answers) gives up when its queue is drained, well
 * before its own timeout, and says the server is down. Without the drain
 * it is still waiting: the app's exit would otherwise tear curl down under
 * it. */
#include "net/reach.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

/* A socket that listens and is never accepted: the kernel completes the
 * TCP handshake, and the TLS one never ends. */
static int silent_server(char *url, size_t n)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 4), 0);
	socklen_t len = sizeof a;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	snprintf(url, n, "https://127.0.0.1:%d/leads", ntohs(a.sin_port));
	return fd;
}

static struct job_queue *open_queue(void)
{
	struct job_queue *q;
	assert_int_equal(job_queue_open(NULL, &q), JOB_OK);
	return q;
}

static void test_drain_ends_a_stuck_check(void **state)
{
	(void)state;
	char url[64];
	int fd = silent_server(url, sizeof url);
	struct reach_opts o = {.url = url, .timeout_ms = 60000};
	struct reach_job *r = reach_job_new(&o);
	assert_non_null(r);
	struct job_queue *q = open_queue();
	assert_int_equal(job_start(q, &r->job, NULL), JOB_OK);
	assert_false(job_queue_wait_idle(q, 1000));	/* stuck in the handshake */
	assert_int_equal(r->answer, REACH_CHECKING);
	assert_true(job_queue_drain(q, 5000));	/* gives up within a few polls */
	assert_int_equal(r->answer, REACH_DOWN);
	job_queue_close(q);	/* frees r */
	close(fd);
}

/* A job that does nothing slow is not held up by the drain flag. */
static void test_drain_of_an_idle_queue(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	assert_true(job_queue_drain(q, 0));
	assert_true(job_queue_drain(NULL, 0));
	job_queue_close(q);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drain_ends_a_stuck_check),
		cmocka_unit_test(test_drain_of_an_idle_queue),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
