"""The test contract other issues rely on: exit codes, error lines, the
interactive protocol, dump's shape, and config errors as file:line."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

BIN = os.environ["KIOSK_BIN"]
CONFIG = os.path.join(os.environ["KIOSK_SRC"], "kiosk-config")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(script_text, *args, config=CONFIG):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.script")
        with open(path, "w") as f:
            f.write(script_text)
        return subprocess.run([BIN, "--headless", "--config", config, "--data", d,
                               "--script", path, *args],
                              capture_output=True, text=True, timeout=60)


# A passing script exits 0; a failing step exits 1 naming script:LINE.
r = run('expect-scene attract\n# comment\n\ntap "Touch to start"\nexpect-scene home\n')
check(r.returncode == 0, f"passing script exited {r.returncode}: {r.stderr}")
r = run('tap "Touch to start"\nexpect "No such words"\nexpect-scene home\n')
check(r.returncode == 1, f"failing expect exited {r.returncode}")
check(":2: expected \"No such words\" on the home screen" in r.stderr, f"bad message: {r.stderr!r}")
r = run('tap "Nothing called this"\n')
check(r.returncode == 1 and ':1: no widget "Nothing called this"' in r.stderr, r.stderr)
r = run('frobnicate 1 2\n')
check(r.returncode == 1 and ":1: cannot understand" in r.stderr, r.stderr)
r = run('expect "unterminated\n')
check(r.returncode == 1 and "not closed" in r.stderr, r.stderr)
r = run('expect-scene home\n')
check(r.returncode == 1 and "expected the home screen, but this is attract" in r.stderr, r.stderr)

# Interactive: one answer line per step, errors do not stop the session.
with Kiosk("800x480") as k:
    check(k.step("expect-scene attract") == "ok", "interactive ok")
    check(k.step('expect "nope"', may_fail=True).startswith("error: "), "interactive error")
    check(k.step("# a comment") == "ok", "comment answered")
    k.step('tap "Touch to start"')
    tree = k.dump()
    check(tree["scene"] == "home", "dump scene")
    roles = {w["role"] for w in tree["widgets"]}
    check("button" in roles and "label" in roles, f"dump roles {roles}")
    b = [w for w in tree["widgets"] if w["text"] == "Explore care jobs" and w["role"] == "button"]
    check(len(b) == 1 and all(key in b[0] for key in
                              ("x", "y", "w", "h", "enabled", "checked")), f"dump widget {b}")
    # tap X Y at the centre of a widget from dump works like tap "Label".
    x, y = b[0]["x"] + b[0]["w"] // 2, b[0]["y"] + b[0]["h"] // 2
    k.step(f"tap {x} {y}")
    check(k.step("expect-scene roles") == "ok", "tap X Y")

# Broken config: file:line and exit 2, never a crash.
cases = [
    ('{\n  "idle": {\n    "timeout_s": "soon"\n  }\n}\n', 'kiosk.json:3: "timeout_s" must be a whole number'),
    ('{\n  "screen": {\n    "widht": 800\n  }\n}\n', 'kiosk.json:3: unknown setting "screen.widht"'),
    ('{\n  "device_name": "a",\n  "theme": { "primary": "teal" }\n}\n', 'kiosk.json:3: "primary" must be a colour'),
    ('{\n  "device_name": "a"\n  "event_tag": "b"\n}\n', "kiosk.json:3: not valid JSON"),
    ('{\n  "screen": { "rotation": 45 }\n}\n', 'kiosk.json:2: "rotation" must be 0, 90, 180 or 270'),
    ('{\n  "idle": { "timeout_s": 1 }\n}\n', 'kiosk.json:2: "timeout_s" must be a whole number from 10 to 3600'),
]
for text, want in cases:
    d = tempfile.mkdtemp()
    cfg = os.path.join(d, "kiosk-config")
    shutil.copytree(CONFIG, cfg)
    with open(os.path.join(cfg, "kiosk.json"), "w") as f:
        f.write(text)
    r = run("expect-scene attract\n", "--assets", os.path.join(os.environ["KIOSK_SRC"], "assets"),
            config=cfg)
    check(r.returncode == 2, f"bad config exited {r.returncode} for {want}")
    check(want in r.stderr, f"wanted {want!r} in {r.stderr!r}")
    shutil.rmtree(d)

# Bad arguments.
r = subprocess.run([BIN, "--windowed", "huge"], capture_output=True, text=True)
check(r.returncode == 2 and "WIDTHxHEIGHT" in r.stderr, r.stderr)
r = subprocess.run([BIN, "--version"], capture_output=True, text=True)
check(r.returncode == 0 and r.stdout.startswith("carekiosk "), r.stdout)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
