"""screen.off_hours on the real binary (headless, virtual clock from
12:00 UTC, TZ=UTC): out of hours an untouched attract screen goes black
with nothing on it; the touch that wakes it only wakes it (the attract
screen's "touch anywhere" is not pressed); a visit's idle reset darkens it
again; at the end of the hours it lights by itself; a bad range stops the
kiosk at start, named by file:line. The backlights under
screen.backlight_dir (a temp folder standing in for /sys/class/backlight)
have bl_power 4 (off) while it is dark and 0 (on) when it lights."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import Kiosk, png_rows  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def config(tmp, hours, backlight=None):
    cfg = os.path.join(tmp, "config")
    shutil.rmtree(cfg, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    path = os.path.join(cfg, "kiosk.json")
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    j["screen"]["off_hours"] = hours
    if backlight:
        j["screen"]["backlight_dir"] = backlight
    with open(path, "w", encoding="utf-8") as f:
        json.dump(j, f, indent=2)
    return ["--config", cfg, "--assets", os.path.join(SRC, "assets")]


def fake_backlights(tmp):
    """Two panels with bl_power on (0), and an entry without bl_power."""
    bl = os.path.join(tmp, "backlight")
    shutil.rmtree(bl, ignore_errors=True)
    for name in ("rpi_backlight", "10-0045"):
        os.makedirs(os.path.join(bl, name))
        with open(os.path.join(bl, name, "bl_power"), "w") as f:
            f.write("0\n")
    os.makedirs(os.path.join(bl, "not-a-panel"))
    return bl


def powers(bl):
    out = []
    for name in ("rpi_backlight", "10-0045"):
        with open(os.path.join(bl, name, "bl_power")) as f:
            out.append(f.read().strip())
    return out


def texts(k):
    return [w["text"] for w in k.dump()["widgets"] if w.get("text")]


def black(path):
    """True if every pixel of the PNG screenshot (8-bit RGB or RGBA) is black."""
    w, h, ch, rows = png_rows(path)
    return not any(line[i] for line in rows for i in range(w * ch) if ch == 3 or i % 4 != 3)


def main():
    tmp = tempfile.mkdtemp(prefix="screen-hours-")
    env = {"TZ": "UTC"}
    bl = fake_backlights(tmp)
    with open(os.path.join(bl, "10-0045", "bl_power"), "w") as f:
        f.write("4\n")   # left off by a kiosk that stopped in the dark
    with Kiosk("800x480", today="2026-11-23", extra=config(tmp, "12:00-13:00", bl),
               env=env) as k:
        k.step("expect-scene attract")
        check("Touch to start" in texts(k), "in use at 12:00, the attract screen shows")
        check(powers(bl) == ["0", "0"], f"at start the backlights are on: {powers(bl)}")
        k.step("wait 61000")
        check(texts(k) == [], "untouched for the idle time out of hours: nothing on the screen")
        check(powers(bl) == ["4", "4"], f"dark: both backlights off (bl_power 4): {powers(bl)}")
        k.step("screenshot hours-dark")
        check(black(os.path.join(k.shots, "hours-dark.png")), "the dark screen is black")
        k.step("tap 400 240")
        k.step("expect-scene attract")
        check("Touch to start" in texts(k), "a touch lights it, and presses nothing (still attract)")
        check(powers(bl) == ["0", "0"], f"the touch turns the backlights on: {powers(bl)}")
        k.step('tap "Touch to start"')
        k.step("expect-scene home")
        check(True, "the next touch works as always")
        k.step("wait 76000")
        k.step("expect-scene attract")
        k.step("wait 61000")
        check(texts(k) == [], "after a visit's idle reset it goes dark again")
        k.step("key Return")
        check("Touch to start" in texts(k), "a key lights it too")
        k.step("expect-scene attract")
        k.step("wait 3600000")
        check("Touch to start" in texts(k), "at 13:00 (the end of the hours) it stays lit")
        check(powers(bl) == ["0", "0"], f"lit after the hours, backlights on: {powers(bl)}")
        k.step("wait 82800000")
        check(texts(k) == [] and powers(bl) == ["4", "4"],
              f"the next day's hours: dark and off again: {powers(bl)}")
        check(k.close() == 0, "the kiosk exits cleanly")
        check(powers(bl) == ["0", "0"], f"an exit in the dark turns them back on: {powers(bl)}")

    bl = fake_backlights(tmp)
    with Kiosk("800x480", extra=config(tmp, "", bl), env=env) as k:
        k.step("wait 61000")
        check("Touch to start" in texts(k), "no off_hours: never dark")
        with open(os.path.join(bl, "10-0045", "bl_power"), "w") as f:
            f.write("4\n")
        k.close()
        check(powers(bl) == ["0", "4"], "no off_hours: the backlights are never written")

    cfg = config(tmp, "25:00-07:00")
    p = subprocess.run([os.environ["KIOSK_BIN"], "--headless", *cfg, "--data", tmp,
                        "--script", "/dev/null"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and "kiosk.json:" in p.stderr and "off_hours" in p.stderr,
          "a bad range stops the kiosk with file:line: " + p.stderr.strip()[-200:])
    shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
