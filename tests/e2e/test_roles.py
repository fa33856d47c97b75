"""Job previews, end to end, at 800x480 and 1920x1080: every role opens from
the gallery and shows its six pages with nothing cut off, off screen or too
small to tap; each filter chip shows exactly the jobs in that setting; a
swipe turns the page; Yes/No toggles hold their answer; and "Register
interest in this role" lands on the form with the role remembered."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

SIZES = ["800x480", "1920x1080"]
ROLES_DIR = os.path.join(os.environ["KIOSK_SRC"], "kiosk-config", "roles")
STRINGS = json.load(open(os.path.join(os.environ["KIOSK_SRC"], "kiosk-config", "strings",
                                      "roles.json"), encoding="utf-8"))
ROLES = sorted((json.load(open(p, encoding="utf-8"))
                for p in glob.glob(os.path.join(ROLES_DIR, "*.json"))),
               key=lambda r: (r["order"], r["id"]))
FILTERS = {  # chip name -> setting
    "filter-homes": "homes", "filter-care-home": "care-home",
    "filter-community": "community", "filter-nights": "nights",
}
# 9 mm on the official 7" screen (800 px over 154 mm), scaled.
MIN_TARGET_PX_AT_800 = 9.0 * 800 / 154.0
problems = []


def problem(msg):
    problems.append(msg)


def center(w):
    return w["x"] + w["w"] // 2, w["y"] + w["h"] // 2


def by_name(tree, name):
    return [w for w in tree["widgets"] if w.get("name") == name]


def texts(tree):
    return [w["text"] for w in tree["widgets"]]


def has_text(tree, s):
    return any(s in t for t in texts(tree))


def check_screen(tree, where):
    """No overflow, nothing off screen, targets big enough, none overlapping."""
    W, H = tree["width"], tree["height"]
    min_px = MIN_TARGET_PX_AT_800 * min(W / 800.0, H / 480.0)
    targets = []
    for w in tree["widgets"]:
        label = f'{where}: {w["role"]} "{w["text"][:40]}"'
        if w["overflow"]:
            problem(f"{label} does not fit its box")
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            problem(f"{label} is off screen: {w}")
        if w["role"] in ("button", "checkbox") and w["enabled"]:
            if w["h"] < min_px * 0.98 or w["w"] < min_px * 0.98:
                problem(f"{label} is {w['w']}x{w['h']}px; a finger needs {min_px:.0f}px")
            targets.append(w)
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
                    a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                problem(f'{where}: "{a["text"]}" and "{b["text"]}" overlap')


def settle(k, tree):
    """Headless, a fling is only drawn at the next input, so after a drag
    and a wait, touch an empty corner to see where the list came to rest.
    (See the report: the script driver could draw after `wait` instead.)"""
    k.step(f"tap 2 {tree['height'] - 2}")


def grid_drag(k, tree):
    """Scrolls the gallery up by about half a row. A scripted drag always
    flings (about twice its length again), so the drag is short."""
    cards = [w for w in tree["widgets"] if w["role"] == "button" and
             any(w.get("name") == r["id"] for r in ROLES)]
    if not cards:
        return False
    row = max(c["h"] for c in cards)
    x, y = tree["width"] // 2, max(c["y"] + c["h"] for c in cards) - 10
    k.step(f"drag {x} {y} {x} {y - max(row // 6, 20)}")
    k.step("wait 3000")
    settle(k, tree)
    return True


def visible_cards(tree):
    ids = {r["id"] for r in ROLES}
    return [w["name"] for w in tree["widgets"] if w["role"] == "button" and w.get("name") in ids]


def all_cards(k):
    """Every card in the gallery, scrolling down through it."""
    seen, last = [], None
    for _ in range(40):
        tree = k.dump()
        now = visible_cards(tree)
        for n in now:
            if n not in seen:
                seen.append(n)
        where = [(w["name"], w["y"]) for w in tree["widgets"] if w.get("name") in now]
        if where == last:
            break  # the list did not move: this is the bottom
        last = where
        grid_drag(k, tree)
    return seen


def goto_gallery(k):
    k.step('tap "Home"', may_fail=True)
    k.step('tap "Touch to start"', may_fail=True)
    k.step('tap "Explore care jobs"')


def open_role(k, rid):
    goto_gallery(k)
    for _ in range(40):
        tree = k.dump()
        hit = [w for w in by_name(tree, rid) if w["role"] == "button"]
        # Only tap a card that is whole on screen (not under the scroll edge).
        if hit and hit[0]["h"] >= MIN_TARGET_PX_AT_800:
            x, y = center(hit[0])
            k.step(f"tap {x} {y}")
            return k.dump()["scene"] == "role"
        if not grid_drag(k, tree):
            break
    return False


def page_of(tree):
    lab = by_name(tree, "page")
    return lab[0]["text"] if lab else ""


def want_page(tree, n, where):
    want = STRINGS["role.page_of"].replace("{page}", str(n)).replace("{pages}", "6")
    if page_of(tree) != want:
        problem(f"{where}: expected {want!r}, the screen says {page_of(tree)!r}")
        return False
    return True


def day_texts_by_scrolling(k, tree):
    """Scrolls page 1's timeline to the end, collecting every text seen."""
    seen = set(texts(tree))
    for _ in range(10):
        k.step(f"drag {tree['width'] // 2} {tree['height'] * 3 // 5} "
               f"{tree['width'] // 2} {tree['height'] * 3 // 10}")
        k.step("wait 3000")
        settle(k, tree)
        t = k.dump()
        check_screen(t, "day page, scrolled")
        new = set(texts(t)) - seen
        seen |= set(texts(t))
        if not new:
            break
    return seen


def walk_role(k, size, r):
    where = f"{size} {r['id']}"
    if not open_role(k, r["id"]):
        problem(f"{where}: could not open the role from the gallery")
        return
    pages = [
        [r["day"]["steps"][0]["time"], r["day"]["intro"]],
        [STRINGS["role.good"], STRINGS["role.hard"]] + r["good"] + r["hard"],
        [r["pay"]["range"], r["pay"]["source"], r["pay"]["as_of"]] + r["pay"]["hours"] +
        r["pay"]["contracts"],
        [STRINGS["role.page.need"]] + r["need"],
        [STRINGS["role.page.ladder"], STRINGS["role.ladder.start"]] + r["ladder"] + r["levels"],
        [STRINGS["role.page.reflect"], STRINGS["role.register"], STRINGS["role.quiz"],
         STRINGS["role.back_to_jobs"]] + r["reflect"],
    ]
    for i, want in enumerate(pages, start=1):
        tree = k.dump()
        pw = f"{where} page {i}"
        if tree["scene"] != "role" or not want_page(tree, i, pw):
            return
        if not has_text(tree, r["title"]):
            problem(f"{pw}: the job title is not shown")
        check_screen(tree, pw)
        if i == 1:
            seen = day_texts_by_scrolling(k, tree)
            for s in r["day"]["steps"]:
                if s["text"] not in seen:
                    problem(f"{pw}: step {s['time']} never came into view")
        else:
            for s in want:
                if not has_text(tree, s):
                    problem(f"{pw}: {s!r} is not on screen")
        if i < 6:
            k.step(f'tap "{STRINGS["role.next"]}"')
    if has_text(k.dump(), STRINGS["role.next"]):
        problem(f"{where}: the last page still offers Next")
    k.step(f'tap "{STRINGS["role.back_to_jobs"]}"')
    if k.dump()["scene"] != "roles":
        problem(f"{where}: Back to jobs did not go to the gallery")


def check_filters(k, size):
    goto_gallery(k)
    tree = k.dump()
    everyone = [r["id"] for r in ROLES]
    if all_cards(k) != everyone:
        problem(f"{size}: All jobs does not show every role in order")
    for chip, setting in FILTERS.items():
        goto_gallery(k)
        c = by_name(k.dump(), chip)
        if not c:
            problem(f"{size}: no filter chip {chip}")
            continue
        x, y = center(c[0])
        k.step(f"tap {x} {y}")
        tree = k.dump()
        if not by_name(tree, chip)[0]["checked"]:
            problem(f"{size}: chip {chip} does not show as chosen")
        check_screen(tree, f"{size} gallery {chip}")
        want = [r["id"] for r in ROLES if setting in r["settings"]]
        got = all_cards(k)
        if got != want:
            problem(f"{size}: {chip} shows {got}, expected {want}")


def check_swipe_toggles_register(k, size):
    r = ROLES[0]
    if not open_role(k, r["id"]):
        problem(f"{size}: cannot open {r['id']}")
        return
    t = k.dump()
    W, H = t["width"], t["height"]
    k.step(f"drag {W * 3 // 4} {H // 2} {W // 4} {H // 2 + 10}")
    if not want_page(k.dump(), 2, f"{size} swipe left"):
        return
    k.step(f"drag {W // 4} {H // 2} {W * 3 // 4} {H // 2}")
    want_page(k.dump(), 1, f"{size} swipe right")
    # A short or mostly vertical drag is not a swipe.
    k.step(f"drag {W // 2} {H // 2} {W // 2 - W // 40} {H // 2}")
    want_page(k.dump(), 1, f"{size} tiny drag")
    for _ in range(5):
        k.step(f'tap "{STRINGS["role.next"]}"')
    t = k.dump()
    yes = by_name(t, "reflect-1-yes")
    no = by_name(t, "reflect-1-no")
    if not yes or not no:
        problem(f"{size}: no Yes/No toggles on the last page")
        return
    k.step("tap %d %d" % center(yes[0]))
    t = k.dump()
    if not by_name(t, "reflect-1-yes")[0]["checked"] or by_name(t, "reflect-1-no")[0]["checked"]:
        problem(f"{size}: Yes did not stay chosen")
    k.step("tap %d %d" % center(no[0]))
    t = k.dump()
    if by_name(t, "reflect-1-yes")[0]["checked"] or not by_name(t, "reflect-1-no")[0]["checked"]:
        problem(f"{size}: No did not replace Yes")
    k.step('screenshot roles-reflect-answered-' + size)
    k.step(f'tap "{STRINGS["role.register"]}"')
    if k.dump()["scene"] != "form":
        problem(f"{size}: Register interest did not open the form")


def main():
    for size in SIZES:
        with Kiosk(size) as k:
            k.step('tap "Touch to start"')
            for r in ROLES:
                walk_role(k, size, r)
            check_filters(k, size)
            check_swipe_toggles_register(k, size)
    for p in problems:
        print(p)
    print(f"{len(ROLES)} roles x 6 pages x {len(SIZES)} sizes checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
