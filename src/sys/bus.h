/*
 * bus: what nm.c and timedate.c share about the system bus (sd-bus):
 * opening it with a bounded call time, and sorting an sd-bus error into
 * what staff mode tells apart: the service is not there, it said no
 * (polkit), or it failed otherwise. Only built with libsystemd
 * (KIOSK_HAVE_SYSTEMD); DBUS_SYSTEM_BUS_ADDRESS points it elsewhere, as
 * the tests do.
 */
#ifndef KIOSK_SYS_BUS_H
#define KIOSK_SYS_BUS_H

#include <stddef.h>

#include <systemd/sd-bus.h>

/* The longest any one call waits for its answer. */
#define BUS_CALL_TIMEOUT_US (5 * 1000 * 1000ull)

enum bus_class {
	BUS_UNAVAILABLE,	/* no such service, no answer, no bus */
	BUS_DENIED,		/* access denied, or polkit wanted a password */
	BUS_FAILED,		/* any other error */
};

/* The system bus with BUS_CALL_TIMEOUT_US as its call timeout, or NULL
 * when there is none. Release with sd_bus_flush_close_unref(). */
sd_bus *bus_open(void);

/* Sorts the error of a call that returned r (< 0) with e (may be NULL or
 * unset). denied_name: a service's own error name that also means "not
 * allowed" (NULL if none). why (n bytes, n may be 0) gets the error's
 * message, first line only: enough for staff, no traceback. */
enum bus_class bus_classify(const sd_bus_error *e, int r, const char *denied_name, char *why,
			    size_t n);

#endif
