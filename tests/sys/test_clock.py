"""Staff mode's clock on the real binary against python3-dbusmock's
timedated on a private bus (DBUS_SYSTEM_BUS_ADDRESS): the kiosk's date and
time with whether it is synchronised; when it is not, staff set it with
+ and - and Save, which calls SetTime (absolute, not interactive) with
that minute (the mock's log); when it is, there is nothing to set; with no
timedated the screen says it cannot tell."""
import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from kiosk import Kiosk  # noqa: E402
import dbusmock_env  # noqa: E402
from dbusmock_env import check, failures, has, staff, texts  # noqa: E402

TD = "org.freedesktop.timedate1"


def main():
    data = dbusmock_env.data_with_pin("kiosk-clock-")
    env_tz = {"TZ": "UTC"}
    bus = dbusmock_env.Bus()
    try:
        env = dict(bus.env, **env_tz)
        with Kiosk("800x480", data=data, env=env) as k:
            staff(k)
            check(has(k, "Clock: 2026-11-23 12:0") and has(k, "cannot tell whether it is right"),
                  f"no timedated: the time, and that it cannot tell: {texts(k)}")
            check("Set the clock" not in texts(k), "... and nothing to set")
            check(k.close() == 0, "exits cleanly")

        mock, log = bus.mock("timedated", TD, "/org/freedesktop/timedate1", {"NTP": False})
        with Kiosk("800x480", data=data, env=env) as k:
            staff(k)
            check(has(k, "Not set from the internet"), f"not synchronised, said: {texts(k)}")
            k.step("screenshot clock-not-synced")
            k.step('tap "Set the clock"')
            k.step('expect "Make this the date and time now, then tap Save."')
            start = [t for t in texts(k) if t.startswith("2026-")]
            check(start and start[0].startswith("2026-11-23 12:0"), f"starts at the kiosk's time: {start}")
            t0 = datetime.datetime.strptime(start[0], "%Y-%m-%d %H:%M").replace(
                tzinfo=datetime.timezone.utc)
            k.step("tap 0 0")  # nothing
            for name in ("clock-day-plus", "clock-hour-plus", "clock-hour-plus",
                         "clock-minute-minus", "clock-minute-minus", "clock-minute-minus"):
                w = [x for x in k.dump()["widgets"] if x.get("name") == name][0]
                k.step(f"tap {w['x'] + w['w'] // 2} {w['y'] + w['h'] // 2}")
            want = t0 + datetime.timedelta(days=1, hours=2, minutes=-3)
            check(want.strftime("%Y-%m-%d %H:%M") in texts(k), f"+/- move it: {want} in {texts(k)}")
            k.step("screenshot clock-edit")
            k.step('tap "Save"')
            # A read may be running: the set starts after it, at the next update.
            for _ in range(5):
                for step in ("wait-jobs", "wait 10", "wait-jobs"):
                    k.step(step)
                if dbusmock_env.calls(log, "SetTime"):
                    break
            sets = dbusmock_env.calls(log, "SetTime")
            usec = int(want.timestamp()) * 1000000
            check(sets and sets[-1].split(" ", 2)[2] == f"{usec} False False",
                  f"SetTime({usec}, relative=False, interactive=False): {sets}")
            check(has(k, "The clock is set."), "staff are told")
            check(k.close() == 0, "exits cleanly")

        mock.SetNTP(True, False, dbus_interface=TD)
        with Kiosk("800x480", data=data, env=env) as k:
            staff(k)
            check(has(k, "set from the internet.") and "Set the clock" not in texts(k),
                  f"synchronised: said, nothing to set: {texts(k)}")
            k.step("screenshot clock-synced")
            check(k.close() == 0, "exits cleanly")
    finally:
        bus.close()
        subprocess.run(["rm", "-rf", data])
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
