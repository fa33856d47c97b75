"""The content validator and the screens agree: a role whose every field is
exactly as long as the validator allows, written in wide letters, still fits
on every page at every supported size (no text spills out of its box or off
the screen). The limits are not copied here: the test asks the real binary,
by giving it text that is too long and reading "at most N fit on screen"
from its file:line messages, so changing a limit in roles.c is tested too."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["KIOSK_BIN"]
SRC = os.environ["KIOSK_SRC"]
SIZES = ["800x480", "1024x600", "1280x800", "1920x1080"]
RID = "aa-limits"
# Noto Sans's widest capital and lower-case letters: the worst case for
# text a member of staff might type.
WIDE = "Wm "
problems = []


def role(lim, over=None):
    """A complete role. Each text field is `over` characters (to learn the
    limits) or exactly its own limit in wide letters."""
    def t(key):
        n = over or lim[key]
        return (WIDE * n)[:n].rstrip().ljust(n, "W")
    return {
        "id": RID, "order": 0, "title": t("title"), "summary": t("summary"),
        "image": "roles/home-care-worker.svg",
        "settings": ["homes", "care-home", "community", "nights"],
        "day": {"worker": t("worker"), "intro": t("intro"),
                "steps": [{"time": "%02d:00" % (7 + i), "text": t("text")} for i in range(8)]},
        "good": [t("good")] * 5, "hard": [t("hard")] * 5,
        "pay": {"range": t("range"), "hours": [t("hours")] * 4,
                "contracts": [t("contracts")] * 3, "source": t("source"), "as_of": t("as_of")},
        "need": [t("need")] * 5, "ladder": [t("ladder")] * 5, "levels": [t("levels")] * 5,
        "reflect": [t("reflect")] * 4, "values": ["dignity", "courage"],
    }


KEYS = ["title", "summary", "worker", "intro", "text", "good", "hard", "range", "hours",
        "contracts", "source", "as_of", "need", "ladder", "levels", "reflect"]


def run(cfg, data, size, script):
    return subprocess.run([BIN, "--headless", "--windowed", size, "--config", cfg,
                           "--assets", os.path.join(SRC, "assets"), "--data", data,
                           "--today", "2026-11-23", "--script", "-",
                           "--screenshots", os.path.join(os.environ.get("KIOSK_OUT", data),
                                                         "shots", "py")],
                          input=script, capture_output=True, text=True, timeout=120)


def learn_limits(cfg, data):
    path = os.path.join(cfg, "roles", RID + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(role({}, over=300), f, indent=1)
    r = run(cfg, data, "800x480", "expect-scene attract\n")
    if r.returncode != 2:
        problems.append(f"text far too long was accepted (exit {r.returncode})")
    lim = {}
    pat = re.compile(r'"(\w+)" is too long: 300 characters, at most (\d+) fit on screen')
    for m in pat.finditer(r.stderr):
        lim[m.group(1)] = int(m.group(2))
    for k in KEYS:
        if k not in lim:
            problems.append(f'no "at most N fit on screen" message for "{k}": {r.stderr[:400]}')
    return lim


def check(tree, where):
    W, H = tree["width"], tree["height"]
    for w in tree["widgets"]:
        label = f'{where}: {w["role"]} "{w["text"][:30]}"'
        if w["overflow"]:
            problems.append(f"{label} does not fit its box ({w['w']}x{w['h']})")
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            problems.append(f"{label} is off screen")


def walk(cfg, data, size):
    steps = ['tap "Touch to start"', 'tap "Explore care jobs"', "dump"]
    r = run(cfg, data, size, "\n".join(steps) + "\n")
    trees = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    if r.returncode != 0 or not trees:
        problems.append(f"{size}: the kiosk did not start with content at its limits: "
                        f"{r.stderr[:400]}")
        return
    check(trees[0], f"{size} gallery")
    card = [w for w in trees[0]["widgets"] if w.get("name") == RID and w["role"] == "button"]
    if not card:
        problems.append(f"{size}: the role's card is not in the gallery")
        return
    x, y = card[0]["x"] + card[0]["w"] // 2, card[0]["y"] + card[0]["h"] // 2
    steps = ['tap "Touch to start"', 'tap "Explore care jobs"', f"tap {x} {y}"]
    for page in range(1, 7):
        steps += ["dump", f"screenshot limits-{size}-{page}"]
        if page < 6:
            steps.append('tap "Next"')
    r = run(cfg, data, size, "\n".join(steps) + "\n")
    trees = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    if len(trees) != 6 or any(t["scene"] != "role" for t in trees):
        problems.append(f"{size}: could not walk the six pages: {r.stderr[:400]}")
    for page, tree in enumerate(trees, start=1):
        check(tree, f"{size} page {page}")


def main():
    d = tempfile.mkdtemp(prefix="kiosk-limits-")
    try:
        cfg, data = os.path.join(d, "kiosk-config"), os.path.join(d, "data")
        shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
        os.makedirs(os.path.join(os.environ.get("KIOSK_OUT", data), "shots", "py"),
                    exist_ok=True)
        lim = learn_limits(cfg, data)
        if not problems:
            with open(os.path.join(cfg, "roles", RID + ".json"), "w", encoding="utf-8") as f:
                json.dump(role(lim), f, indent=1)
            for size in SIZES:
                walk(cfg, data, size)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    for p in problems:
        print(p)
    print(f"limits {len(KEYS)} fields x {len(SIZES)} sizes checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
