"""Staff mode's Wi-Fi screen on the real binary against python3-dbusmock's
NetworkManager on a private bus (DBUS_SYSTEM_BUS_ADDRESS): the networks
listed strongest first with signal and security, one line per SSID, none
hidden; a password typed on the on-screen keyboard shows as dots and goes
to AddAndActivateConnection (the mock's log) with the SSID's bytes and
wpa-psk, never to the kiosk's output; "connected", "needs a sign-in page"
and "no internet" told apart; an open network connects without a
password; a short password is refused before NetworkManager hears of it;
a company-login network is refused with a reason; and with no
NetworkManager on the bus the screen says so."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from kiosk import Kiosk  # noqa: E402
import dbusmock_env  # noqa: E402
from dbusmock_env import check, failures, has, staff, texts  # noqa: E402

PASSWORD = "tea4two!kettle"

NM = "org.freedesktop.NetworkManager"
# (The template knows only these flag sets: PSK alone, not PSK with CCMP.)
PSK, ENTERPRISE, OPEN = 0x100, 0x200, 0
DISCONNECTED, FULL, PORTAL, NONE = 30, 4, 2, 1


def type_on_keyboard(k, text):
    """Types text with the on-screen keyboard's keys (letters, digits and
    symbols layouts), as staff would."""
    for ch in text:
        names = {w.get("text") for w in k.dump()["widgets"] if w.get("role") == "key"}
        if ch not in names:
            for layout in ("?123", "123", "#+=", "ABC", "abc"):
                if layout in names:
                    k.step(f'tap "{layout}"')
                    names = {w.get("text") for w in k.dump()["widgets"]
                             if w.get("role") == "key"}
                    if ch in names:
                        break
        k.step(f'tap "{ch}"')


def main():
    data = dbusmock_env.data_with_pin("kiosk-wifi-")

    # No NetworkManager on the bus at all.
    bus = dbusmock_env.Bus()
    try:
        with Kiosk("800x480", data=data, env=bus.env) as k:
            staff(k)
            check(has(k, "NetworkManager is not running"), "no NetworkManager: the screen says so")
            k.step("screenshot wifi-no-nm")
            check(k.close() == 0, "exits cleanly")

        mock, log = bus.mock("networkmanager", NM, "/org/freedesktop/NetworkManager")
        dev = mock.AddWiFiDevice("mock_wlan0", "wlan0", DISCONNECTED)
        mock.AddAccessPoint(dev, "ap_cafe", "Community Cafe", "00:11:22:33:44:01", 2, 2437,
                            54000, 82, PSK)
        mock.AddAccessPoint(dev, "ap_cafe2", "Community Cafe", "00:11:22:33:44:02", 2, 5180,
                            54000, 35, PSK)
        mock.AddAccessPoint(dev, "ap_guest", "Library Guest", "00:11:22:33:44:03", 2, 2412,
                            54000, 64, OPEN)
        mock.AddAccessPoint(dev, "ap_corp", "Council Staff", "00:11:22:33:44:04", 2, 2462,
                            54000, 90, ENTERPRISE)
        mock.AddAccessPoint(dev, "ap_hidden", "", "00:11:22:33:44:05", 2, 2462, 54000, 70, PSK)

        err_path = os.path.join(data, "stderr.txt")
        saved = os.dup(2)
        with open(err_path, "w") as err:
            os.dup2(err.fileno(), 2)
        try:
            connect_run(bus, mock, log, dev, data)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        with open(err_path, encoding="utf-8", errors="replace") as f:
            err = f.read()
        sys.stderr.write(err)
        check(PASSWORD not in err, "the password is not in the kiosk's log (stderr)")
    finally:
        bus.close()
        subprocess.run(["rm", "-rf", data])
    if failures:
        sys.exit(1)


def connect_run(bus, mock, log, dev, data):
    if True:
        with Kiosk("800x480", data=data, env=bus.env) as k:
            staff(k)
            t = texts(k)
            rows = [x for x in t if x in ("Council Staff", "Community Cafe", "Library Guest")]
            check(rows == ["Council Staff", "Community Cafe", "Library Guest"],
                  f"networks strongest first, one per SSID: {rows}")
            check(t.count("Community Cafe") == 1, "a network seen twice is listed once")
            check("Signal 82% · password" in t and "Signal 64% · no password" in t
                  and "Signal 90% · company login" in t, f"signal and security shown: {t}")
            check(has(k, "Not connected"), "not connected yet")
            check(len(dbusmock_env.calls(log, "RequestScan")) == 1, "opening the screen scans")
            k.step("screenshot wifi-list")

            k.step('tap "Council Staff"')
            check(has(k, "company login or old WEP"), "an enterprise network is refused, with why")

            k.step('tap "Community Cafe"')
            k.step('expect "Password for Community Cafe"')
            type_on_keyboard(k, "short")
            field = [w for w in k.dump()["widgets"] if w.get("name") == "wifi_password"]
            check(field and field[0]["text"] == "•" * 5, f"the password shows as dots: {field}")
            k.step('tap "Connect"')
            check(has(k, "8 to 63 characters"), "a 5-character password is refused")
            check(not dbusmock_env.calls(log, "AddAndActivateConnection"),
                  "... before NetworkManager hears of it")
            for _ in range(5):
                k.step("key Backspace")
            type_on_keyboard(k, PASSWORD)
            k.step("screenshot wifi-password")
            dump = k.step("dump")
            check(PASSWORD not in dump, "the password is not in the screen's tree")
            k.step('tap "Connect"')
            k.step("wait-jobs")
            adds = dbusmock_env.calls(log, "AddAndActivateConnection")
            check(len(adds) == 1, f"one AddAndActivateConnection: {adds}")
            a = adds[0] if adds else ""
            ssid = "[" + ", ".join(str(b) for b in b"Community Cafe") + "]"
            check(f'"ssid": {ssid}' in a and '"key-mgmt": "wpa-psk"' in a
                  and f'"psk": "{PASSWORD}"' in a and '"/org/freedesktop/NetworkManager/'
                  'AccessPoint/ap_cafe"' in a and f'"{dev}"' in a,
                  f"with the SSID's bytes, wpa-psk, the password, the device and the AP: {a}")
            k.step("wait 2000")
            k.step("wait-jobs")
            check(has(k, "Connected to Community Cafe. The internet works."),
                  f"connected, internet works: {texts(k)}")
            check("Connected · signal 82% · password" in texts(k), f"the row says connected: {texts(k)}")
            k.step("screenshot wifi-connected")

            mock.SetConnectivity(PORTAL)
            k.step('tap "Look again"')
            # A read may be running: the scan starts after it, at the next update.
            for step in ("wait-jobs", "wait 10", "wait-jobs"):
                k.step(step)
            check(has(k, "needs a sign-in page"), f"portal told apart: {texts(k)}")
            mock.SetConnectivity(NONE)
            for _ in range(3):   # read again every 10 s while the screen shows
                k.step("wait 11000")
                k.step("wait-jobs")
                if has(k, "there is no internet"):
                    break
            check(has(k, "there is no internet"), f"no internet told apart (re-read): {texts(k)}")
            mock.SetConnectivity(FULL)

            k.step('tap "Library Guest"')
            k.step("wait-jobs")
            adds = dbusmock_env.calls(log, "AddAndActivateConnection")
            check(len(adds) == 2 and "802-11-wireless-security" not in adds[-1]
                  and "ap_guest" in adds[-1], f"an open network: no password asked or sent: {adds[-1:]}")
            k.step("key Escape")
            k.step('expect "Staff mode"')
            check(k.close() == 0, "exits cleanly")


if __name__ == "__main__":
    main()
