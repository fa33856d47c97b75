/*
 * net_thread: drives the real uploader thread (uploader_start) against a
 * server the Python test started, to check what kioskctl sync cannot:
 * wake-ups, backoff timing, Retry-After holds, refusal, and stopping mid-
 * request. Prints "ok SCENARIO" and exits 0, or says what failed and exits 1.
 *
 *   net_thread SCENARIO URL DATA_DIR TOKEN_FILE
 *   scenarios: wake, backoff, wake_ends_backoff, retry_after, refused, stop, not_set_up,
 *              heartbeat, clock_back
 */
#include "store/store.h"
#include "net/uploader.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_EVENTS 4096

struct harness {
	struct uploader *_Atomic u;
	pthread_mutex_t mu;
	int64_t sending_at[MAX_EVENTS];	/* monotonic ms of each try */
	int nsending;
	atomic_int notified;
	const char *url, *data, *token;
	_Atomic int64_t clock_shift_ms;	/* added to the real clock (clock_back) */
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "net_thread:%d: ", __LINE__);       \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			exit(1);                                            \
		}                                                           \
	} while (0)

/* Runs on the uploader thread after every status change. */
static void on_notify(void *ctx)
{
	struct harness *h = ctx;
	atomic_fetch_add(&h->notified, 1);
	/* The thread may report before uploader_start() has returned the
	 * handle to start(): wait for it (it is only cleared after a stop). */
	struct uploader *u;
	for (int i = 0; !(u = atomic_load(&h->u)) && i < 2000; i++)
		nap(1);
	if (!u)
		return;
	struct uploader_status st;
	uploader_get_status(u, &st);
	pthread_mutex_lock(&h->mu);
	if (st.state == UPLOADER_SENDING && h->nsending < MAX_EVENTS)
		h->sending_at[h->nsending++] = mono_ms();
	pthread_mutex_unlock(&h->mu);
}

static int tries(struct harness *h)
{
	pthread_mutex_lock(&h->mu);
	int n = h->nsending;
	pthread_mutex_unlock(&h->mu);
	return n;
}

static int64_t shifted_clock(void *ctx)
{
	struct harness *h = ctx;
	return wall_ms() + atomic_load(&h->clock_shift_ms);
}

static void start(struct harness *h, const char *url, int64_t base_ms, int64_t cap_ms,
		  int64_t refused_ms, long timeout_ms)
{
	struct uploader_opts o = {
		.data_dir = h->data, .url = url, .token_file = h->token, .app_version = "0.1.0",
		.device_name = "kiosk-thread", .content_version = "c0ffee",
		.notify = on_notify, .ctx = h, .timeout_ms = timeout_ms,
		.connect_timeout_ms = timeout_ms, .backoff_base_ms = base_ms,
		.backoff_cap_ms = cap_ms, .refused_retry_ms = refused_ms,
		.now_ms = shifted_clock,
	};
	struct uploader *u = NULL;
	CHECK(uploader_start(&o, &u) == 0 && u, "uploader_start failed");
	atomic_store(&h->u, u);
}

static void stop(struct harness *h)
{
	uploader_stop(atomic_load(&h->u));
	atomic_store(&h->u, NULL);
}

/* Queues one lead in the kiosk's database, as the form would. */
static void add_lead(struct harness *h, char id[STORE_ID_LEN])
{
	struct store *st = NULL;
	CHECK(store_open(h->data, NULL, &st) == STORE_OK, "store_open");
	struct store_lead_in in = {.event = "thread test", .device = "kiosk-test", .lang = "en",
				   .answers_json = "{\"name\":\"Zoë Testperson\",\"consent\":true}"};
	CHECK(store_add_lead(st, &in, wall_ms(), id) == STORE_OK, "store_add_lead");
	store_close(st);
}

static struct uploader_status status_of(struct harness *h)
{
	struct uploader_status s;
	uploader_get_status(atomic_load(&h->u), &s);
	return s;
}

/* Polls until the status satisfies want or ms pass. */
static bool wait_for(struct harness *h, bool (*want)(const struct uploader_status *), int ms)
{
	for (int64_t end = mono_ms() + ms; mono_ms() < end; nap(5)) {
		struct uploader_status s = status_of(h);
		if (want(&s))
			return true;
	}
	return false;
}

static bool one_sent(const struct uploader_status *s) { return s->sent >= 1 && !s->queued; }
static bool idle_empty(const struct uploader_status *s)
{
	return s->state == UPLOADER_IDLE && s->queued == 0;
}
static bool offline(const struct uploader_status *s) { return s->state == UPLOADER_OFFLINE; }
static bool refused(const struct uploader_status *s) { return s->state == UPLOADER_REFUSED; }
static bool sending(const struct uploader_status *s) { return s->state == UPLOADER_SENDING; }
static bool not_set_up(const struct uploader_status *s)
{
	return s->state == UPLOADER_NOT_SET_UP && s->last_error[0];
}

/* Queues one lead, then starts the thread, which looks at the queue once
 * on its own: so exactly one pass starts, with no wake racing it. */
static void start_with_lead(struct harness *h, const char *url, int64_t base, int64_t cap,
			    int64_t refused, long timeout)
{
	char id[STORE_ID_LEN];
	add_lead(h, id);
	start(h, url, base, cap, refused, timeout);
}

static int64_t gap(struct harness *h, int i)
{
	pthread_mutex_lock(&h->mu);
	int64_t g = h->sending_at[i + 1] - h->sending_at[i];
	pthread_mutex_unlock(&h->mu);
	return g;
}

/* A saved lead goes at once; an idle thread does nothing at all. */
static void run_wake(struct harness *h)
{
	start(h, h->url, 60000, 600000, 600000, 5000);
	/* The first notice comes once the thread has opened the database. */
	for (int64_t end = mono_ms() + 3000; !atomic_load(&h->notified) && mono_ms() < end;)
		nap(5);
	CHECK(wait_for(h, idle_empty, 3000), "not idle at start");
	nap(100);
	CHECK(tries(h) == 0, "tried with nothing queued");
	char id[STORE_ID_LEN];
	add_lead(h, id);
	int64_t t0 = mono_ms();
	uploader_wake(atomic_load(&h->u));
	CHECK(wait_for(h, one_sent, 3000), "the lead was not sent after a wake");
	int64_t latency = mono_ms() - t0;
	printf("wake_to_sent_ms %lld\n", (long long)latency);
	CHECK(latency < 1500, "took %lld ms", (long long)latency);
	struct uploader_status s = status_of(h);
	CHECK(s.state == UPLOADER_IDLE && s.last_success_ms > 0 && !s.last_error[0],
	      "status after success: state %d error \"%s\"", s.state, s.last_error);
	int n = atomic_load(&h->notified);
	nap(600);
	CHECK(atomic_load(&h->notified) == n, "the idle thread kept changing its status");
	CHECK(tries(h) == 1, "%d tries for one lead", tries(h));
	stop(h);
}

/* Server down: tries back off (full jitter, 200 ms doubling to 800 ms). */
static void run_backoff(struct harness *h)
{
	start_with_lead(h, h->url, 200, 800, 800, 2000);
	nap(4000);
	struct uploader_status s = status_of(h);
	stop(h);
	int n = tries(h);
	printf("tries %d\n", n);
	CHECK(n >= 4 && n <= 20, "%d tries in 4 s", n);
	for (int i = 0; i + 1 < n; i++) {
		int64_t g = gap(h, i);
		printf("gap_ms %lld\n", (long long)g);
		CHECK(g >= 35 && g <= 800 + 300, "gap %d was %lld ms", i, (long long)g);
	}
	/* The snapshot may catch the next try in flight. */
	CHECK((s.state == UPLOADER_OFFLINE || s.state == UPLOADER_SENDING) &&
	      strstr(s.last_error, "could not connect"),
	      "state %d error \"%s\"", s.state, s.last_error);
	CHECK(s.queued == 1 && s.sent == 0, "counts %ld queued %ld sent", s.queued, s.sent);
}

/* A wake ends a long backoff at once; without one, the thread waits. */
static void run_wake_ends_backoff(struct harness *h)
{
	start_with_lead(h, h->url, 30000, 60000, 60000, 2000);
	CHECK(wait_for(h, offline, 3000), "first try did not fail");
	nap(1000);
	CHECK(tries(h) == 1, "%d tries during a backoff of at least 6 s", tries(h));
	int64_t t0 = mono_ms();
	uploader_wake(atomic_load(&h->u));
	while (tries(h) < 2 && mono_ms() - t0 < 1000)
		nap(5);
	printf("wake_to_try_ms %lld\n", (long long)(mono_ms() - t0));
	CHECK(tries(h) == 2, "a wake did not end the backoff");
	stop(h);
}

/* 503 with Retry-After: 1 (twice): the waits are the server's, not the
 * (shorter) backoff, and a wake does not cut them short. */
static void run_retry_after(struct harness *h)
{
	start_with_lead(h, h->url, 50, 200, 200, 5000);
	CHECK(wait_for(h, offline, 3000), "the first 503 was not seen");
	uploader_wake(atomic_load(&h->u));
	CHECK(wait_for(h, one_sent, 8000), "never sent");
	stop(h);
	CHECK(tries(h) == 3, "%d tries", tries(h));
	for (int i = 0; i < 2; i++) {
		printf("gap_ms %lld\n", (long long)gap(h, i));
		CHECK(gap(h, i) >= 950, "retry %d after %lld ms", i, (long long)gap(h, i));
	}
}

/* 401: paused with the staff words; a new token and a wake resume. */
static void run_refused(struct harness *h)
{
	start_with_lead(h, h->url, 50, 200, 60000, 5000);
	CHECK(wait_for(h, refused, 3000), "not refused");
	struct uploader_status s = status_of(h);
	CHECK(!strcmp(s.last_error, "the server refused the kiosk's token"), "\"%s\"", s.last_error);
	nap(800);
	CHECK(tries(h) == 1, "%d tries while refused", tries(h));
	const char *good = getenv("NET_GOOD_TOKEN");
	FILE *f = fopen(h->token, "w");
	CHECK(f && good && fprintf(f, "%s\n", good) > 0 && fclose(f) == 0, "cannot fix the token");
	uploader_wake(atomic_load(&h->u));
	CHECK(wait_for(h, one_sent, 3000), "not sent with the new token");
	stop(h);
}

/* Stopping during a slow request abandons it quickly; the lead stays queued. */
static void run_stop(struct harness *h)
{
	start_with_lead(h, h->url, 50, 200, 200, 20000);
	CHECK(wait_for(h, sending, 3000), "never sending");
	nap(200);
	int64_t t0 = mono_ms();
	stop(h);
	int64_t dt = mono_ms() - t0;
	printf("stop_ms %lld\n", (long long)dt);
	CHECK(dt < 2500, "uploader_stop took %lld ms", (long long)dt);
}

/* No usable URL: says why, keeps counting, never tries. */
static void run_not_set_up(struct harness *h)
{
	start_with_lead(h, h->url, 50, 200, 200, 2000);
	CHECK(wait_for(h, not_set_up, 3000), "never said it is not set up");
	uploader_wake(atomic_load(&h->u));
	nap(300);
	struct uploader_status s = status_of(h);
	printf("last_error %s\n", s.last_error);
	CHECK(s.state == UPLOADER_NOT_SET_UP && s.last_error[0], "state %d", s.state);
	CHECK(tries(h) == 0, "%d tries", tries(h));
	CHECK(s.queued == 1, "%ld queued", s.queued);
	stop(h);
}

/* Heartbeats (CAREKIOSK_TEST_STATUS_MS sets the interval): one after the
 * upload, then on their own while idle; the Python side counts them. */
static void run_heartbeat(struct harness *h)
{
	start_with_lead(h, h->url, 50, 200, 200, 2000);
	CHECK(wait_for(h, one_sent, 5000), "the lead was not sent");
	nap(1500);
	stop(h);
}

/* The clock goes back a day (staff set the time) while a lead waits out
 * a short backoff: it is still sent within the backoff, not a day later. */
static void run_clock_back(struct harness *h)
{
	atomic_store(&h->clock_shift_ms, INT64_C(86400000));
	start_with_lead(h, h->url, 200, 800, 800, 5000);
	CHECK(wait_for(h, offline, 3000), "the first 503 was not seen");
	atomic_store(&h->clock_shift_ms, 0);
	CHECK(wait_for(h, one_sent, 3000), "after the clock went back the lead was held");
	stop(h);
	CHECK(tries(h) == 2, "%d tries", tries(h));
}

static const struct {
	const char *name;
	void (*run)(struct harness *h);
} scenarios[] = {
	{"heartbeat", run_heartbeat},
	{"wake", run_wake},
	{"backoff", run_backoff},
	{"wake_ends_backoff", run_wake_ends_backoff},
	{"retry_after", run_retry_after},
	{"refused", run_refused},
	{"stop", run_stop},
	{"not_set_up", run_not_set_up},
	{"clock_back", run_clock_back},
};

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: net_thread SCENARIO URL DATA_DIR TOKEN_FILE\n");
		return 2;
	}
	static struct harness h;
	pthread_mutex_init(&h.mu, NULL);
	h.url = argv[2];
	h.data = argv[3];
	h.token = argv[4];
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		if (strcmp(scenarios[i].name, argv[1]) != 0)
			continue;
		scenarios[i].run(&h);
		printf("ok %s\n", argv[1]);
		return 0;
	}
	fprintf(stderr, "net_thread: no scenario %s\n", argv[1]);
	return 2;
}
