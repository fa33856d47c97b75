#include "print/printer.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_MS 3000  /* TCP connect, all addresses together */
#define STATUS_MS  500   /* wait for the answer to DLE EOT 4 */
#define STALL_MS   10000 /* printer takes no data at all for this long */
#define DRAIN_MS   2000  /* TCP: wait for the printer to close after our FIN */

const char *printer_strerror(enum printer_err e)
{
	switch (e) {
	case PRINTER_OK: return "printed";
	case PRINTER_NO_TARGET: return "no printer is set up (check the printer setting)";
	case PRINTER_OPEN: return "printer not found: check it is plugged in and switched on";
	case PRINTER_CONNECT: return "cannot reach the network printer: check it is on the network";
	case PRINTER_WRITE: return "sending to the printer failed: switch it off and on again";
	case PRINTER_TIMEOUT:
		return "printer not responding: check paper and that the cover is closed";
	case PRINTER_NO_PAPER: return "printer is out of paper: load a new roll";
	case PRINTER_BUSY: return "printer is busy with another slip: try again in a moment";
	case PRINTER_NOMEM: return "could not start printing (out of memory)";
	}
	return "unknown printer error";
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll() one fd for up to ms, retrying on EINTR. Returns revents, 0 on
 * timeout, -1 on error. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = {.fd = fd, .events = events};
	long long end = now_ms() + ms;
	for (;;) {
		long long left = end - now_ms();
		int r = poll(&p, 1, left > 0 ? (int)left : 0);
		if (r > 0)
			return p.revents;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

static enum printer_err write_all(int fd, const unsigned char *p, size_t n, int sock)
{
	while (n > 0) {
		int ev = wait_fd(fd, POLLOUT, STALL_MS);
		if (ev == 0)
			return PRINTER_TIMEOUT;
		if (ev < 0)
			return PRINTER_WRITE;
		ssize_t w = sock ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
		if (w < 0) {
			int retry = errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
			if (retry && !(ev & (POLLERR | POLLHUP | POLLNVAL)))
				continue;
			return PRINTER_WRITE;
		}
		p += w;
		n -= (size_t)w;
	}
	return PRINTER_OK;
}

/* Asks the paper sensor (DLE EOT 4). Silence or an unexpected answer counts
 * as "fine": many printers or links (unidirectional USB) cannot answer. */
static enum printer_err paper_status(int fd, int sock)
{
	static const unsigned char ask[] = {0x10, 0x04, 0x04};
	unsigned char junk[64], b;

	/* Drop stale bytes (e.g. automatic status back) so we read our answer. */
	for (int i = 0; i < 16 && wait_fd(fd, POLLIN, 0) > 0; i++)
		if (read(fd, junk, sizeof junk) <= 0)
			break;
	enum printer_err err = write_all(fd, ask, sizeof ask, sock);
	if (err)
		return err;
	int ev = wait_fd(fd, POLLIN, STATUS_MS);
	if (ev <= 0 || !(ev & POLLIN) || read(fd, &b, 1) != 1)
		return PRINTER_OK;
	/* Bits 1 and 4 are always 1, bits 0 and 7 always 0; 5-6 = paper end. */
	if ((b & 0x93) == 0x12 && (b & 0x60))
		return PRINTER_NO_PAPER;
	return PRINTER_OK;
}

static enum printer_err lock_fd(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK)
		return PRINTER_BUSY;
	return PRINTER_OK;
}

static enum printer_err send_file(const char *path, const void *buf, size_t len)
{
	enum printer_err err;
	int fd = -1;

	if (!*path)
		return PRINTER_NO_TARGET;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = PRINTER_OPEN;
		goto out;
	}
	err = lock_fd(fd);
	if (!err)
		err = write_all(fd, buf, len, 0);
out:
	if (fd >= 0)
		close(fd);
	return err;
}

static enum printer_err send_dev(const char *path, const void *buf, size_t len)
{
	enum printer_err err;
	const int flags = O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
	/* Read-write so we can ask for status; write-only if that is refused. */
	int fd = open(path, O_RDWR | flags);
	if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EINVAL))
		fd = open(path, O_WRONLY | flags);
	if (fd < 0) {
		err = errno == EBUSY ? PRINTER_BUSY : PRINTER_OPEN; /* usblp: one opener */
		goto out;
	}
	err = lock_fd(fd);
	if (!err)
		err = paper_status(fd, 0);
	if (!err)
		err = write_all(fd, buf, len, 0);
	/* With O_NONBLOCK usblp kills a transfer still in flight on close:
	 * wait until the last one is done. */
	if (!err && wait_fd(fd, POLLOUT, STALL_MS) == 0)
		err = PRINTER_TIMEOUT;
out:
	if (fd >= 0)
		close(fd);
	return err;
}

/* Splits "host:port", "[v6]:port" or "host" (port 9100). */
static int split_host_port(const char *s, char *host, size_t hn, char *port, size_t pn)
{
	const char *h = s, *p = NULL;
	size_t hl;

	if (*s == '[') {
		const char *rb = strchr(s, ']');
		if (!rb || (rb[1] && rb[1] != ':'))
			return -1;
		h = s + 1;
		hl = (size_t)(rb - h);
		p = rb[1] ? rb + 2 : NULL;
	} else {
		const char *colon = strrchr(s, ':');
		hl = colon ? (size_t)(colon - s) : strlen(s);
		p = colon ? colon + 1 : NULL;
	}
	if (!p)
		p = "9100";
	if (hl == 0 || hl >= hn || !*p || strlen(p) >= pn)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	strcpy(port, p);
	return 0;
}

static enum printer_err tcp_connect(const char *host, const char *port, int *fd_out)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	enum printer_err err = PRINTER_CONNECT;
	long long end = now_ms() + CONNECT_MS;

	if (getaddrinfo(host, port, &hints, &res) != 0)
		goto out;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->ai_protocol);
		if (fd < 0)
			continue;
		int ok = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
		if (!ok && errno == EINPROGRESS) {
			long long left = end - now_ms();
			int ev = left > 0 ? wait_fd(fd, POLLOUT, (int)left) : 0;
			int soerr = 0;
			socklen_t sl = sizeof soerr;
			if (ev == 0) {
				close(fd);
				err = PRINTER_TIMEOUT;
				goto out;
			}
			ok = ev > 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
			     soerr == 0;
		}
		if (ok) {
			*fd_out = fd;
			err = PRINTER_OK;
			goto out;
		}
		close(fd);
	}
out:
	if (res)
		freeaddrinfo(res);
	return err;
}

static enum printer_err send_tcp(const char *hostport, const void *buf, size_t len)
{
	char host[256], port[16], junk[256];
	enum printer_err err;
	int fd = -1;

	if (split_host_port(hostport, host, sizeof host, port, sizeof port) < 0)
		return PRINTER_NO_TARGET;
	err = tcp_connect(host, port, &fd);
	if (!err)
		err = paper_status(fd, 1);
	if (!err)
		err = write_all(fd, buf, len, 1);
	if (err)
		goto out;
	/* Closing with unread input would reset the connection and could drop
	 * the tail of the job: half-close and read until the printer hangs up. */
	shutdown(fd, SHUT_WR);
	for (long long end = now_ms() + DRAIN_MS; now_ms() < end;) {
		if (wait_fd(fd, POLLIN, (int)(end - now_ms())) <= 0)
			break;
		if (recv(fd, junk, sizeof junk, 0) <= 0)
			break;
	}
out:
	if (fd >= 0)
		close(fd);
	return err;
}

enum printer_err printer_send(const char *target, const void *buf, size_t len)
{
	if (!target || !*target)
		return PRINTER_NO_TARGET;
	if (!buf)
		len = 0;
	if (strncmp(target, "file:", 5) == 0)
		return send_file(target + 5, buf, len);
	if (strncmp(target, "/dev/", 5) == 0)
		return send_dev(target, buf, len);
	if (strncmp(target, "tcp:", 4) == 0)
		return send_tcp(target + 4, buf, len);
	return PRINTER_NO_TARGET;
}

static int target_ok(const char *t)
{
	char host[256], port[16];
	if (!t)
		return 0;
	if (strncmp(t, "file:", 5) == 0)
		return t[5] != '\0';
	if (strncmp(t, "/dev/", 5) == 0)
		return t[5] != '\0';
	if (strncmp(t, "tcp:", 4) == 0)
		return split_host_port(t + 4, host, sizeof host, port, sizeof port) == 0;
	return 0;
}

static void print_job_run(struct job *job)
{
	struct print_job *j = (struct print_job *)job;
	j->err = printer_send(j->target, j->buf.data, j->buf.len);
}

static void print_job_free(struct job *job)
{
	struct print_job *j = (struct print_job *)job;
	free(j->target);
	escpos_buf_free(&j->buf);
	free(j);
}

enum printer_err print_job_new(const char *target, struct escpos_buf *buf, struct print_job **out)
{
	enum printer_err err = PRINTER_OK;
	struct print_job *j = NULL;
	*out = NULL;
	if (!target_ok(target)) {
		err = PRINTER_NO_TARGET;
		goto out;
	}
	j = calloc(1, sizeof *j);
	if (!j || !(j->target = strdup(target))) {
		free(j);
		err = PRINTER_NOMEM;
		goto out;
	}
	j->job.run = print_job_run;
	j->job.free = print_job_free;
	if (buf) {
		j->buf = *buf;
		memset(buf, 0, sizeof *buf);
	}
	*out = j;
out:
	if (buf)
		escpos_buf_free(buf);
	return err;
}
