/*
 * staff_net.c: "can this kiosk reach the upload server?", for the staff
 * dashboard, even when nothing is waiting to upload (the uploader only
 * finds out when it has a lead to send). A TCP connection to the upload
 * URL's host and port, made on a short-lived thread of its own because a
 * name lookup or a connect can take seconds; the screen never waits. It
 * proves the network path and that something answers there; the uploader
 * proves the server takes leads. Nothing is sent.
 *
 * Ownership: the probe is shared by the scene and the thread, each holding
 * a reference; whoever lets go last frees it. staff_probe_drop() also stops
 * the thread's pf_wake(), so a gone screen is never woken.
 */
#include "staff_int.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PROBE_MS 4000	/* name lookup aside, how long a connect may take */

struct staff_probe {
	atomic_int refs;
	atomic_int result;	/* enum staff_net */
	pthread_mutex_t lock;
	struct pf *pf;		/* NULL once the scene has let go */
	char host[256], port[8];
};

/* "https://host[:port]/..." or "http://[v6]:port" into host and port.
 * Returns 0, or -1 if url is not an http(s) URL with a host. */
int staff_net_split_url(const char *url, char *host, size_t hn, char *port, size_t pn)
{
	const char *p, *def;
	if (!url)
		return -1;
	if (!strncmp(url, "https://", 8))
		p = url + 8, def = "443";
	else if (!strncmp(url, "http://", 7))
		p = url + 7, def = "80";
	else
		return -1;
	size_t end = strcspn(p, "/?#");
	const char *at = memchr(p, '@', end);	/* user:pass@ is not the host */
	if (at) {
		end -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	const char *h = p, *colon;
	size_t hl;
	if (*p == '[') {
		const char *rb = memchr(p, ']', end);
		if (!rb)
			return -1;
		h = p + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1 < p + end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(p, ':', end);
		hl = colon ? (size_t)(colon - p) : end;
	}
	size_t pl = colon ? (size_t)(p + end - colon - 1) : strlen(def);
	const char *ps = colon ? colon + 1 : def;
	if (hl == 0 || hl >= hn || pl == 0 || pl >= pn || strspn(ps, "0123456789") < pl)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memcpy(port, ps, pl);
	port[pl] = '\0';
	return 0;
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One connect attempt to one address, within the time left. */
static bool try_addr(const struct addrinfo *ai, long long end)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol);
	if (fd < 0)
		return false;
	bool ok = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
	if (!ok && errno == EINPROGRESS) {
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		int r;
		do {
			long long left = end - mono_ms();
			r = poll(&pfd, 1, left > 0 ? (int)left : 0);
		} while (r < 0 && errno == EINTR);
		int soerr = 1;
		socklen_t sl = sizeof soerr;
		ok = r > 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0;
	}
	close(fd);
	return ok;
}

static void release(struct staff_probe *p)
{
	if (atomic_fetch_sub(&p->refs, 1) == 1) {
		pthread_mutex_destroy(&p->lock);
		free(p);
	}
}

static void *probe_main(void *arg)
{
	struct staff_probe *p = arg;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	bool ok = false;
	if (getaddrinfo(p->host, p->port, &hints, &res) == 0) {
		long long end = mono_ms() + PROBE_MS;
		for (const struct addrinfo *ai = res; ai && !ok && mono_ms() < end; ai = ai->ai_next)
			ok = try_addr(ai, end);
		freeaddrinfo(res);
	}
	atomic_store(&p->result, ok ? NET_REACHABLE : NET_UNREACHABLE);
	pthread_mutex_lock(&p->lock);
	if (p->pf)
		pf_wake(p->pf);
	pthread_mutex_unlock(&p->lock);
	release(p);
	return NULL;
}

struct staff_probe *staff_probe_start(struct pf *pf, const char *url)
{
	struct staff_probe *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	if (staff_net_split_url(url, p->host, sizeof p->host, p->port, sizeof p->port) != 0) {
		free(p);
		return NULL;
	}
	atomic_init(&p->refs, 2);
	atomic_init(&p->result, NET_CHECKING);
	pthread_mutex_init(&p->lock, NULL);
	p->pf = pf;

	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc = pthread_attr_init(&attr);
	if (rc == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		sigfillset(&all);	/* signals stay with the UI thread */
		pthread_sigmask(SIG_SETMASK, &all, &old);
		rc = pthread_create(&tid, &attr, probe_main, p);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_attr_destroy(&attr);
	}
	if (rc != 0) {
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

enum staff_net staff_probe_result(struct staff_probe *p)
{
	return p ? (enum staff_net)atomic_load(&p->result) : NET_UNKNOWN;
}

void staff_probe_drop(struct staff_probe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->pf = NULL;
	pthread_mutex_unlock(&p->lock);
	release(p);
}
