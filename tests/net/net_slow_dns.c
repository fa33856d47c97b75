/*
 * net_slow_dns: an LD_PRELOAD shim for the uploader tests. getaddrinfo()
 * for any host ending in ".slow-dns.test" sleeps NET_SLOW_DNS_MS (default
 * 8000) and then fails, as a resolver behind a dead DNS server does; every
 * other name goes to the real getaddrinfo. Lets a test check that a hung
 * name lookup cannot hold the upload thread (or the kiosk's exit).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	static const char suffix[] = ".slow-dns.test";
	size_t n = node ? strlen(node) : 0, k = sizeof suffix - 1;
	if (n > k && !strcmp(node + n - k, suffix)) {
		const char *v = getenv("NET_SLOW_DNS_MS");
		long ms = v ? strtol(v, NULL, 10) : 8000;
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) != 0)
			;
		return EAI_AGAIN;
	}
	int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **) =
		(int (*)(const char *, const char *, const struct addrinfo *,
			 struct addrinfo **))dlsym(RTLD_NEXT, "getaddrinfo");
	return real ? real(node, service, hints, res) : EAI_FAIL;
}
