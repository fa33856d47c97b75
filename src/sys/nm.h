/*
 * nm: Wi-Fi through NetworkManager's D-Bus API (what Raspberry Pi OS uses),
 * for staff mode: the Wi-Fi networks in range with their signal and
 * security, what the kiosk is connected to and whether that reaches the
 * internet (NetworkManager's connectivity check: full, a sign-in page, or
 * none), and connecting to a network with its password.
 *
 * Calls go over the system bus (libsystemd's sd-bus; DBUS_SYSTEM_BUS_ADDRESS
 * points it elsewhere, as the tests do) and block for up to a few seconds,
 * so they run as jobs (job/job.h) off the UI thread: nm_job_new() makes one
 * that reads the state, and with a network given, first connects to it.
 * Changing the Wi-Fi needs NetworkManager's polkit permission for the
 * kiosk's user (tools/systemd/carekiosk-network.rules).
 *
 * The password is copied into the job, sent in a D-Bus message marked
 * sensitive (erased when freed), wiped from the job when it is freed, and
 * never logged. Without libsystemd the build has no Wi-Fi: every read says
 * NM_UNAVAILABLE.
 */
#ifndef KIOSK_NM_H
#define KIOSK_NM_H

#include "job/job.h"

#include <stdbool.h>
#include <stddef.h>

#define NM_MAX_APS 24
#define NM_SSID_BYTES 32	/* the most an SSID can have */
#define NM_PSK_MAX 63		/* a WPA passphrase: 8 to 63 characters */

enum nm_err {
	NM_OK = 0,
	NM_UNAVAILABLE,	/* no system bus, or NetworkManager is not running */
	NM_NO_WIFI,	/* NetworkManager runs, but there is no Wi-Fi device */
	NM_DENIED,	/* not allowed (polkit) */
	NM_FAILED,	/* it answered with another error (nm_status.why) */
};

enum nm_security {
	NM_SEC_OPEN,
	NM_SEC_PSK,		/* WPA/WPA2 personal: a password */
	NM_SEC_SAE,		/* WPA3 personal: a password */
	NM_SEC_WEP,		/* old, not supported here */
	NM_SEC_ENTERPRISE,	/* 802.1X (a user name too): not supported here */
};

enum nm_online {
	NM_ONLINE_UNKNOWN,	/* no check configured or not done yet */
	NM_ONLINE_NONE,		/* no network */
	NM_ONLINE_PORTAL,	/* a sign-in page stands in the way */
	NM_ONLINE_LIMITED,	/* a network, but no internet */
	NM_ONLINE_FULL,
};

enum nm_wifi {
	NM_WIFI_OFF,		/* switched off or unavailable */
	NM_WIFI_DISCONNECTED,
	NM_WIFI_CONNECTING,	/* preparing, authenticating, getting an address */
	NM_WIFI_CONNECTED,
	NM_WIFI_FAILED,		/* the last try failed (a wrong password, mostly) */
};

struct nm_ap {
	char ssid[NM_SSID_BYTES * 3 + 1];	/* for showing: bytes that are not UTF-8 as '?' */
	unsigned char raw[NM_SSID_BYTES];	/* the SSID's own bytes */
	size_t raw_len;
	char path[128];		/* its D-Bus object */
	int strength;		/* 0 to 100 */
	enum nm_security sec;
	bool active;		/* the one the kiosk is connected to */
};

struct nm_status {
	enum nm_err err;
	char why[256];		/* NM_FAILED: NetworkManager's message */
	char device[128];	/* the Wi-Fi device's object */
	enum nm_wifi wifi;
	char active_ssid[NM_SSID_BYTES * 3 + 1];	/* connected or connecting to; "" none */
	enum nm_online online;
	struct nm_ap aps[NM_MAX_APS];	/* strongest first, one per SSID, no hidden ones */
	size_t naps;
};

/* Short English for logs, never NULL. */
const char *nm_strerror(enum nm_err e);

/* Reads the state now (blocking; not on the UI thread). scan asks the
 * device to look for networks again (the answer lists what it knew). */
void nm_read(struct nm_status *st, bool scan);

/* Connects the device to ap (AddAndActivateConnection: a saved
 * connection that also comes back after a restart). psk for NM_SEC_PSK
 * and NM_SEC_SAE, ignored for open networks. Blocking. */
enum nm_err nm_connect(const char *device, const struct nm_ap *ap, const char *psk, char *why,
		       size_t n);

struct nm_job {
	struct job job;		/* first */
	bool scan;
	bool connect;		/* connect to ap first */
	char device[128];
	struct nm_ap ap;
	char psk[NM_PSK_MAX + 1];
	enum nm_err connect_err;	/* NM_OK when connect was not asked for */
	char connect_why[256];
	struct nm_status st;	/* the state after it */
};

/* A job that reads the state (and, with ap, first connects device to it
 * with psk, which may be NULL). The caller sets job.done and starts it.
 * NULL if memory ran out. Its free wipes the password. */
struct nm_job *nm_job_new(bool scan, const char *device, const struct nm_ap *ap, const char *psk);

#endif
