"""Each lead records whether the kiosk's clock was synchronised, and a
clock that went back is said and not trusted; on the real binary against
python3-dbusmock's timedated on a private bus.

- timedated says NTPSynchronized false: the lead's clock_synced is 0;
  true: 1; no timedated at all: NULL (not known). The answer is read on a
  job's thread at start (the form never waits on D-Bus).
- A clock (--today) earlier than the newest time the database has seen
  (its leads, and the time the kiosk noted when it last ran): the log
  says the clock went back, the staff screen says so (dump), and a sent
  lead past retention_days is not purged on it; once the clock is past
  that time again, no warning, and the purge happens."""
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from kiosk import Kiosk  # noqa: E402
import dbusmock_env  # noqa: E402
from dbusmock_env import check, failures, has, staff, texts  # noqa: E402
import test_form as tf  # noqa: E402

TD = "org.freedesktop.timedate1"
BEHIND = "Clock went back"


def clock_of_leads(data):
    db = sqlite3.connect(os.path.join(data, "leads.db"), timeout=10)
    rows = [r[0] for r in db.execute("SELECT clock_synced FROM leads ORDER BY created_at, rowid")]
    db.close()
    return rows


def one_lead(data, env, label):
    with Kiosk("800x480", data=data, env=env) as k:
        k.step("wait-jobs")          # timedated's answer is in
        scene = tf.send_one(k, label)
        check(scene == "thanks", f"{label}: the lead is saved ({scene})")
        check(k.close() == 0, f"{label}: exits cleanly")


def with_stderr(path, fn):
    """Runs fn with this process's (and so the kiosk's) stderr in path;
    returns what was written."""
    saved = os.dup(2)
    with open(path, "w") as err:
        os.dup2(err.fileno(), 2)
    try:
        fn()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    sys.stderr.write(text)
    return text


def leads_synced(bus):
    data = dbusmock_env.data_with_pin("kiosk-clockleads-")
    env = dict(bus.env, TZ="UTC")
    try:
        one_lead(data, env, "Nobus")
        mock, _ = bus.mock("timedated", TD, "/org/freedesktop/timedate1", {"NTP": False})
        one_lead(data, env, "Unsynced")
        mock.SetNTP(True, False, dbus_interface=TD)
        one_lead(data, env, "Synced")
        got = clock_of_leads(data)
        check(got == [None, 0, 1],
              f"clock_synced: no timedated NULL, unsynchronised 0, synchronised 1: {got}")
    finally:
        subprocess.run(["rm", "-rf", data])


def went_back(bus):
    data = dbusmock_env.data_with_pin("kiosk-clockback-")
    env = dict(bus.env, TZ="UTC")
    err = os.path.join(tempfile.gettempdir(), f"kiosk-clockback-{os.getpid()}.txt")
    try:
        with Kiosk("800x480", data=data, env=env, today="2026-11-23") as k:
            k.step("wait 1000")
            check(k.close() == 0, "first run exits cleanly")
        db = sqlite3.connect(os.path.join(data, "leads.db"), timeout=10)
        with db:   # sent long ago: past retention_days on any of these clocks
            db.execute("INSERT INTO leads (id, created_at, device, answers, status, sent_at)"
                       " VALUES ('sent-old', '2026-01-01T09:00:00Z', 'kiosk-1', '{}', 'sent',"
                       " '2026-01-02T09:00:00Z')")
        db.close()

        def back():
            with Kiosk("800x480", data=data, env=env, today="2026-11-01") as k:
                staff(k, button=None)
                check(has(k, BEHIND) and has(k, "2026-11-23"),
                      f"the staff screen says the clock went back, and to when: {texts(k)}")
                k.step("screenshot clock-went-back")
                k.step("key Escape")
                k.step('tap "Touch to start"')
                k.step("wait 80000")            # a visit given up: a reset purges
                k.step("expect-scene attract")
                check(k.close() == 0, "exits cleanly")
        log = with_stderr(err, back)
        check("the clock went back" in log and "2026-11-23" in log,
              "the log says the clock went back")
        left = [r[0] for r in sqlite3.connect(os.path.join(data, "leads.db")).execute(
            "SELECT id FROM leads")]
        check(left == ["sent-old"], f"nothing purged on a clock that went back: {left}")

        with Kiosk("800x480", data=data, env=env, today="2026-11-24") as k:
            staff(k, button=None)
            check(not has(k, BEHIND), f"past the newest time again: no warning: {texts(k)}")
            check(k.close() == 0, "exits cleanly")
        left = [r[0] for r in sqlite3.connect(os.path.join(data, "leads.db")).execute(
            "SELECT id FROM leads")]
        check(left == [], f"... and retention purges again: {left}")
    finally:
        subprocess.run(["rm", "-rf", data, err])


def main():
    bus = dbusmock_env.Bus()
    try:
        leads_synced(bus)
        went_back(bus)
    finally:
        bus.close()
    for f in failures + tf.failures:
        print("FAIL:", f)
    if failures or tf.failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
