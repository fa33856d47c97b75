"""The README's run command on a machine with no display: the kiosk says
so and exits 3, then tools/demo walks every screen headless and leaves a
screenshot of each (tools/dev run does exactly these two steps)."""
import os
import struct
import subprocess
import sys
import tempfile

BIN = os.environ["KIOSK_BIN"]
SRC = os.environ["KIOSK_SRC"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as d:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    r = subprocess.run([BIN, "--config", os.path.join(SRC, "kiosk-config"), "--data", d],
                       capture_output=True, text=True, timeout=60, env=env)
    check(r.returncode == 3, f"no display: exit {r.returncode}, want 3 ({r.stderr.strip()})")
    check("no display" in r.stderr, f"no display: message {r.stderr.strip()!r}")

    out = os.path.join(d, "demo")
    r = subprocess.run([os.path.join(SRC, "tools", "demo"), BIN, out],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"demo exited {r.returncode}: {r.stderr.strip()}")
    with open(os.path.join(SRC, "tools", "demo.script")) as f:
        want = sorted(line.split()[1] + ".png" for line in f if line.startswith("screenshot "))
    got = sorted(os.listdir(out)) if os.path.isdir(out) else []
    check(len(want) >= 15, f"the demo shows only {len(want)} screens")
    check(got == want, f"screenshots {got}, want {want}")
    for name in got:
        with open(os.path.join(out, name), "rb") as f:
            head = f.read(24)
        ok = head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (1280, 800)
        check(ok, f"{name} is not a 1280x800 PNG")
    check(not os.path.exists(out + "-data"), "the demo left its data folder behind")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
