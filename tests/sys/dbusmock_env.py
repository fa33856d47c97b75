"""A private D-Bus daemon standing in for the system bus, with
python3-dbusmock templates on it (NetworkManager, timedated). The kiosk
finds it through DBUS_SYSTEM_BUS_ADDRESS; nothing touches the machine's
own bus. Each mock logs the calls it gets to a file the test reads."""
import os
import shutil
import subprocess
import tempfile
import time

import dbus


class Bus:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="kiosk-dbus-")
        self.procs = []
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, text=True)
        self.address = self.daemon.stdout.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not start")
        self.env = {"DBUS_SYSTEM_BUS_ADDRESS": self.address}
        self.conn = dbus.bus.BusConnection(self.address)

    def mock(self, template, name, path, parameters=None):
        """Starts python3-dbusmock's template; returns (its Mock interface,
        its call log's path)."""
        log = os.path.join(self.tmp, template + ".log")
        args = ["/usr/bin/python3", "-m", "dbusmock", "--template", template, "-l", log]
        if parameters:
            import json
            args += ["--parameters", json.dumps(parameters)]
        env = dict(os.environ)
        env.update(self.env)
        self.procs.append(subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL))
        for _ in range(200):
            if self.conn.name_has_owner(name):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"dbusmock {template} did not come up")
        obj = self.conn.get_object(name, path)
        return dbus.Interface(obj, "org.freedesktop.DBus.Mock"), log

    def close(self):
        for p in self.procs:
            p.terminate()
            p.wait(timeout=10)
        self.daemon.terminate()
        self.daemon.wait(timeout=10)
        if not os.environ.get("KEEP_DBUS_LOGS"):
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            print("logs in", self.tmp)


def calls(log, method):
    """The lines of a dbusmock call log for one method."""
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8", errors="replace") as f:
        return [ln.rstrip("\n") for ln in f if ln.split(" ", 2)[1:2] == [method]]


# What the staff-screen tests on this bus share: the verdicts, the screen's
# words, a data folder with a staff PIN, and the way into Wi-Fi and clock.
PIN = "2468"
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def texts(k):
    return [w.get("text", "") for w in k.dump()["widgets"]]


def has(k, text):
    return any(text in t for t in texts(k))


def data_with_pin(prefix):
    """A new data folder whose staff PIN is PIN (kioskctl set-pin)."""
    bin_ = os.environ["KIOSK_BIN"]
    kioskctl = os.path.join(os.path.dirname(os.path.dirname(bin_)), "tools", "kioskctl")
    data = tempfile.mkdtemp(prefix=prefix)
    r = subprocess.run([kioskctl, "set-pin", "--config",
                        os.path.join(os.environ["KIOSK_SRC"], "kiosk-config"), "--data", data],
                       input=PIN + "\n", capture_output=True, text=True)
    check(r.returncode == 0, "kioskctl set-pin")
    return data


def staff(k, button="Wi-Fi and clock"):
    """Into staff mode with PIN, then to button's screen; waits for its read."""
    k.step("longpress 20 20 3000")
    for d in PIN:
        k.step(f'tap "{d}"')
    k.step('tap "OK"')
    if button:
        k.step(f'tap "{button}"')
    k.step("wait-jobs")
