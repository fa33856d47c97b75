/*
 * nm.c: NetworkManager over sd-bus (nm.h).
 */
#include "sys/nm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NM_BUS "org.freedesktop.NetworkManager"
#define NM_PATH "/org/freedesktop/NetworkManager"
#define NM_DEV NM_BUS ".Device"
#define NM_WIRELESS NM_BUS ".Device.Wireless"
#define NM_AP NM_BUS ".AccessPoint"
#define NM_ACTIVE NM_BUS ".Connection.Active"

const char *nm_strerror(enum nm_err e)
{
	switch (e) {
	case NM_OK: return "ok";
	case NM_UNAVAILABLE: return "NetworkManager is not running";
	case NM_NO_WIFI: return "no Wi-Fi device";
	case NM_DENIED: return "not allowed to change the network";
	default: return "NetworkManager refused";
	}
}

static void free_job(struct job *j)
{
	struct nm_job *n = (struct nm_job *)j;
	explicit_bzero(n->psk, sizeof n->psk);
	free(n);
}

static void run_job(struct job *j)
{
	struct nm_job *n = (struct nm_job *)j;
	if (n->connect) {
		n->connect_err = nm_connect(n->device, &n->ap, n->psk, n->connect_why,
					    sizeof n->connect_why);
		explicit_bzero(n->psk, sizeof n->psk);
	}
	nm_read(&n->st, n->scan);
}

struct nm_job *nm_job_new(bool scan, const char *device, const struct nm_ap *ap, const char *psk)
{
	struct nm_job *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->job.run = run_job;
	n->job.free = free_job;
	n->scan = scan;
	if (ap && device) {
		n->connect = true;
		n->ap = *ap;
		snprintf(n->device, sizeof n->device, "%s", device);
		snprintf(n->psk, sizeof n->psk, "%s", psk ? psk : "");
	}
	return n;
}

#ifndef KIOSK_HAVE_SYSTEMD

void nm_read(struct nm_status *st, bool scan)
{
	(void)scan;
	memset(st, 0, sizeof *st);
	st->err = NM_UNAVAILABLE;
}

enum nm_err nm_connect(const char *device, const struct nm_ap *ap, const char *psk, char *why,
		       size_t n)
{
	(void)device, (void)ap, (void)psk;
	if (n)
		why[0] = '\0';
	return NM_UNAVAILABLE;
}

#else

#include "sys/bus.h"

/* NM80211ApSecurityFlags and NM80211ApFlags */
#define AP_PRIVACY 0x1u
#define SEC_WEP (0x1u | 0x2u | 0x10u | 0x20u)
#define SEC_PSK 0x100u
#define SEC_8021X 0x200u
#define SEC_SAE 0x400u

static enum nm_err err_from(const sd_bus_error *e, int r, char *why, size_t n)
{
	static const enum nm_err map[] = {[BUS_UNAVAILABLE] = NM_UNAVAILABLE,
					  [BUS_DENIED] = NM_DENIED, [BUS_FAILED] = NM_FAILED};
	return map[bus_classify(e, r, NM_BUS ".PermissionDenied", why, n)];
}

static uint32_t get_u32(sd_bus *bus, const char *path, const char *iface, const char *name)
{
	uint32_t v = 0;
	if (sd_bus_get_property_trivial(bus, NM_BUS, path, iface, name, NULL, 'u', &v) < 0)
		return 0;
	return v;
}

/* An object path property into out ("" if there is none, or "/"). */
static void get_path(sd_bus *bus, const char *path, const char *iface, const char *name, char *out,
		     size_t n)
{
	sd_bus_message *m = NULL;
	const char *p = NULL;
	out[0] = '\0';
	if (sd_bus_get_property(bus, NM_BUS, path, iface, name, NULL, &m, "o") >= 0 &&
	    sd_bus_message_read(m, "o", &p) >= 0 && p && strcmp(p, "/") != 0)
		snprintf(out, n, "%s", p);
	sd_bus_message_unref(m);
}

/* The SSID shown: its bytes, with any that are not UTF-8 as '?'. */
static void ssid_text(const unsigned char *b, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 5 < cap;) {
		size_t len = b[i] < 0x80 ? 1 : (b[i] & 0xE0) == 0xC0 ? 2 : (b[i] & 0xF0) == 0xE0 ? 3
						: (b[i] & 0xF8) == 0xF0 ? 4 : 0;
		bool ok = len && i + len <= n && !(len == 1 && b[i] < 0x20);
		for (size_t j = 1; ok && j < len; j++)
			ok = (b[i + j] & 0xC0) == 0x80;
		if (!ok) {
			out[k++] = '?';
			i++;
			continue;
		}
		memcpy(out + k, b + i, len);
		k += len;
		i += len;
	}
	out[k] = '\0';
}

static enum nm_security security_of(uint32_t flags, uint32_t wpa, uint32_t rsn)
{
	uint32_t all = wpa | rsn;
	if (all & SEC_8021X)
		return NM_SEC_ENTERPRISE;
	if (all & SEC_PSK)
		return NM_SEC_PSK;
	if (all & SEC_SAE)
		return NM_SEC_SAE;
	if ((flags & AP_PRIVACY) || (all & SEC_WEP))
		return NM_SEC_WEP;
	return NM_SEC_OPEN;
}

static bool read_ap(sd_bus *bus, const char *path, struct nm_ap *ap)
{
	memset(ap, 0, sizeof *ap);
	sd_bus_message *m = NULL;
	const void *p = NULL;
	size_t n = 0;
	bool ok = sd_bus_get_property(bus, NM_BUS, path, NM_AP, "Ssid", NULL, &m, "ay") >= 0 &&
		  sd_bus_message_read_array(m, 'y', &p, &n) >= 0 && n > 0 && n <= NM_SSID_BYTES;
	if (ok) {
		memcpy(ap->raw, p, n);
		ap->raw_len = n;
		ssid_text(ap->raw, n, ap->ssid, sizeof ap->ssid);
	}
	sd_bus_message_unref(m);
	if (!ok)
		return false;	/* hidden, or gone since the list was read */
	snprintf(ap->path, sizeof ap->path, "%s", path);
	uint8_t strength = 0;
	sd_bus_get_property_trivial(bus, NM_BUS, path, NM_AP, "Strength", NULL, 'y', &strength);
	ap->strength = strength > 100 ? 100 : strength;
	ap->sec = security_of(get_u32(bus, path, NM_AP, "Flags"), get_u32(bus, path, NM_AP, "WpaFlags"),
			      get_u32(bus, path, NM_AP, "RsnFlags"));
	return true;
}

/* Keeps the strongest of each SSID, strongest first. */
static void add_ap(struct nm_status *st, const struct nm_ap *ap)
{
	size_t i = 0;
	while (i < st->naps && strcmp(st->aps[i].ssid, ap->ssid) != 0)
		i++;
	if (i < st->naps) {
		/* The stronger one stays, with its signal; connected if either is. */
		if (ap->strength <= st->aps[i].strength) {
			st->aps[i].active = st->aps[i].active || ap->active;
			return;
		}
		bool active = st->aps[i].active || ap->active;
		memmove(&st->aps[i], &st->aps[i + 1], (st->naps - i - 1) * sizeof *ap);
		st->naps--;
		struct nm_ap keep = *ap;
		keep.active = active;
		add_ap(st, &keep);
		return;
	}
	size_t at = 0;
	while (at < st->naps && st->aps[at].strength >= ap->strength)
		at++;
	if (at >= NM_MAX_APS)
		return;
	size_t move = st->naps - at - (st->naps == NM_MAX_APS);
	memmove(&st->aps[at + 1], &st->aps[at], move * sizeof *ap);
	st->aps[at] = *ap;
	if (st->naps < NM_MAX_APS)
		st->naps++;
}

static int read_paths(sd_bus *bus, const char *path, const char *iface, const char *method,
		      char (*out)[128], int max, sd_bus_error *e)
{
	sd_bus_message *m = NULL;
	int r = sd_bus_call_method(bus, NM_BUS, path, iface, method, e, &m, "");
	int n = 0;
	if (r >= 0 && (r = sd_bus_message_enter_container(m, 'a', "o")) >= 0) {
		const char *p;
		while (n < max && sd_bus_message_read(m, "o", &p) > 0)
			snprintf(out[n++], 128, "%s", p);
	}
	sd_bus_message_unref(m);
	return r < 0 ? r : n;
}

static enum nm_wifi wifi_of(uint32_t dev_state)
{
	if (dev_state >= 40 && dev_state < 100)
		return NM_WIFI_CONNECTING;	/* prepare .. secondaries */
	if (dev_state == 100)
		return NM_WIFI_CONNECTED;
	if (dev_state == 120)
		return NM_WIFI_FAILED;
	if (dev_state == 30 || dev_state == 110)
		return NM_WIFI_DISCONNECTED;
	return NM_WIFI_OFF;	/* unknown, unmanaged, unavailable */
}

/* The SSID of what the device is connected (or connecting) to. */
static void active_ssid(sd_bus *bus, const char *dev, char *out, size_t n)
{
	out[0] = '\0';
	char ac[128], *id = NULL;
	get_path(bus, dev, NM_DEV, "ActiveConnection", ac, sizeof ac);
	if (ac[0] && sd_bus_get_property_string(bus, NM_BUS, ac, NM_ACTIVE, "Id", NULL, &id) >= 0)
		snprintf(out, n, "%s", id);
	free(id);
}

static void read_wifi(sd_bus *bus, struct nm_status *st, bool scan)
{
	uint32_t dstate = get_u32(bus, st->device, NM_DEV, "State");
	st->wifi = wifi_of(dstate);
	if (st->wifi == NM_WIFI_CONNECTING || st->wifi == NM_WIFI_CONNECTED)
		active_ssid(bus, st->device, st->active_ssid, sizeof st->active_ssid);
	if (scan) {
		/* NetworkManager refuses a scan asked for too soon after the
		 * last one: what it already knows is listed anyway. */
		sd_bus_call_method(bus, NM_BUS, st->device, NM_WIRELESS, "RequestScan", NULL, NULL,
				   "a{sv}", 0);
	}
	char active_ap[128] = "";
	if (st->wifi == NM_WIFI_CONNECTED)
		get_path(bus, st->device, NM_WIRELESS, "ActiveAccessPoint", active_ap,
			 sizeof active_ap);
	char(*p)[128] = calloc(64, 128);
	if (!p)
		return;
	int n = read_paths(bus, st->device, NM_WIRELESS, "GetAllAccessPoints", p, 64, NULL);
	for (int i = 0; i < n; i++) {
		struct nm_ap a;
		if (!read_ap(bus, p[i], &a))
			continue;
		a.active = active_ap[0] ? strcmp(p[i], active_ap) == 0
					: st->wifi == NM_WIFI_CONNECTED &&
						  strcmp(a.ssid, st->active_ssid) == 0;
		add_ap(st, &a);
	}
	free(p);
}

void nm_read(struct nm_status *st, bool scan)
{
	memset(st, 0, sizeof *st);
	sd_bus *bus = bus_open();
	if (!bus) {
		st->err = NM_UNAVAILABLE;
		return;
	}
	sd_bus_error e = SD_BUS_ERROR_NULL;
	char(*devs)[128] = calloc(16, 128);
	int n = devs ? read_paths(bus, NM_PATH, NM_BUS, "GetDevices", devs, 16, &e) : -1;
	if (n < 0) {
		st->err = devs ? err_from(&e, n, st->why, sizeof st->why) : NM_FAILED;
		goto out;
	}
	st->err = NM_NO_WIFI;
	for (int i = 0; i < n; i++) {
		if (get_u32(bus, devs[i], NM_DEV, "DeviceType") == 2) {	/* NM_DEVICE_TYPE_WIFI */
			snprintf(st->device, sizeof st->device, "%s", devs[i]);
			st->err = NM_OK;
			break;
		}
	}
	/* Look again checks the internet now too (it may take a few seconds);
	 * otherwise NetworkManager's last answer. */
	uint32_t c = 0;
	sd_bus_message *m = NULL;
	if (!scan || sd_bus_call_method(bus, NM_BUS, NM_PATH, NM_BUS, "CheckConnectivity", NULL, &m,
					"") < 0 ||
	    sd_bus_message_read(m, "u", &c) < 0)
		c = get_u32(bus, NM_PATH, NM_BUS, "Connectivity");
	sd_bus_message_unref(m);
	st->online = c <= NM_ONLINE_FULL ? (enum nm_online)c : NM_ONLINE_UNKNOWN;
	if (st->err == NM_OK)
		read_wifi(bus, st, scan);
out:
	free(devs);
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
}

/* One "{sv}" entry with a string value. */
static int put_str(sd_bus_message *m, const char *key, const char *v)
{
	return sd_bus_message_append(m, "{sv}", key, "s", v);
}

static int put_settings(sd_bus_message *m, const struct nm_ap *ap, const char *psk)
{
	int r = sd_bus_message_open_container(m, 'a', "{sa{sv}}");
	/* connection: a saved one, tried again at every boot. */
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sa{sv}");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "connection");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sv}");
	r = r < 0 ? r : put_str(m, "id", ap->ssid);
	r = r < 0 ? r : put_str(m, "type", "802-11-wireless");
	r = r < 0 ? r : sd_bus_message_append(m, "{sv}", "autoconnect", "b", 1);
	r = r < 0 ? r : sd_bus_message_close_container(m);
	r = r < 0 ? r : sd_bus_message_close_container(m);
	/* 802-11-wireless: the SSID's own bytes. */
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sa{sv}");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "802-11-wireless");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sv}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sv");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "ssid");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'v', "ay");
	r = r < 0 ? r : sd_bus_message_append_array(m, 'y', ap->raw, ap->raw_len);
	r = r < 0 ? r : sd_bus_message_close_container(m);
	r = r < 0 ? r : sd_bus_message_close_container(m);
	r = r < 0 ? r : put_str(m, "mode", "infrastructure");
	r = r < 0 ? r : sd_bus_message_close_container(m);
	r = r < 0 ? r : sd_bus_message_close_container(m);
	if (ap->sec == NM_SEC_PSK || ap->sec == NM_SEC_SAE) {
		r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sa{sv}");
		r = r < 0 ? r : sd_bus_message_append(m, "s", "802-11-wireless-security");
		r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sv}");
		r = r < 0 ? r : put_str(m, "key-mgmt", ap->sec == NM_SEC_SAE ? "sae" : "wpa-psk");
		r = r < 0 ? r : put_str(m, "psk", psk ? psk : "");
		r = r < 0 ? r : sd_bus_message_close_container(m);
		r = r < 0 ? r : sd_bus_message_close_container(m);
	}
	return r < 0 ? r : sd_bus_message_close_container(m);
}

enum nm_err nm_connect(const char *device, const struct nm_ap *ap, const char *psk, char *why,
		       size_t n)
{
	if (n)
		why[0] = '\0';
	sd_bus *bus = bus_open();
	if (!bus)
		return NM_UNAVAILABLE;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int r = sd_bus_message_new_method_call(bus, &m, NM_BUS, NM_PATH, NM_BUS,
					       "AddAndActivateConnection");
	/* The password is in this message: erased when it is freed. */
	r = r < 0 ? r : sd_bus_message_sensitive(m);
	r = r < 0 ? r : put_settings(m, ap, psk);
	r = r < 0 ? r : sd_bus_message_append(m, "oo", device, ap->path);
	enum nm_err err = NM_OK;
	if (r < 0) {
		if (n)
			snprintf(why, n, "%s", strerror(-r));
		err = NM_FAILED;
	} else if ((r = sd_bus_call(bus, m, BUS_CALL_TIMEOUT_US, &e, &reply)) < 0) {
		err = err_from(&e, r, why, n);
	}
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
	return err;
}

#endif
