/*
 * bench-firstframe: starts a program and reports how long until its first
 * frame is on the X screen, by polling a few root-window pixels (the root
 * of a bare Xvfb is black) every 2 ms. Screenshots are far too slow to time
 * with (../shared/perf-notes.md).
 *
 * usage: bench-firstframe PROGRAM [ARGS...]   (DISPLAY must be set)
 * Prints "first_frame_ms N pid P" and leaves the program running.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int lit(Display *d, Window root, int w, int h)
{
	const int pts[5][2] = {{w / 2, h / 2}, {w / 4, h / 4}, {3 * w / 4, h / 4},
			       {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
	for (int i = 0; i < 5; i++) {
		XImage *img = XGetImage(d, root, pts[i][0], pts[i][1], 1, 1, AllPlanes, ZPixmap);
		if (!img)
			continue;
		unsigned long px = XGetPixel(img, 0, 0);
		XDestroyImage(img);
		if (px & 0xFFFFFF)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-firstframe PROGRAM [ARGS...]\n");
		return 2;
	}
	Display *d = XOpenDisplay(NULL);
	if (!d) {
		fprintf(stderr, "bench-firstframe: cannot open the X display\n");
		return 1;
	}
	Window root = DefaultRootWindow(d);
	int w = DisplayWidth(d, 0), h = DisplayHeight(d, 0);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		/* Not our stdout: a caller reading it would wait for the kiosk to exit. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	while (!lit(d, root, w, h)) {
		if (now_ms() - t0 > 20000) {
			fprintf(stderr, "bench-firstframe: no frame within 20 s\n");
			return 1;
		}
		usleep(2000);
	}
	printf("first_frame_ms %.0f pid %d\n", now_ms() - t0, (int)pid);
	XCloseDisplay(d);
	return 0;
}
