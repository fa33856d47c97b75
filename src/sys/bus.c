/*
 * bus.c: the system bus for nm.c and timedate.c (bus.h).
 */
#include "sys/bus.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

sd_bus *bus_open(void)
{
	sd_bus *bus = NULL;
	if (sd_bus_open_system(&bus) < 0)
		return NULL;
	sd_bus_set_method_call_timeout(bus, BUS_CALL_TIMEOUT_US);
	return bus;
}

enum bus_class bus_classify(const sd_bus_error *e, int r, const char *denied_name, char *why,
			    size_t n)
{
	if (n) {
		snprintf(why, n, "%s", e && e->message ? e->message : strerror(-r));
		why[strcspn(why, "\n")] = '\0';
	}
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_NO_REPLY) || r == -ENOENT ||
	    r == -ECONNREFUSED)
		return BUS_UNAVAILABLE;
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_ACCESS_DENIED) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_INTERACTIVE_AUTHORIZATION_REQUIRED) ||
	    (denied_name && sd_bus_error_has_name(e, denied_name)))
		return BUS_DENIED;
	return BUS_FAILED;
}
