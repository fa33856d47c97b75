"""Larger text and high contrast, through the real kiosk.
(a) Every visitor screen in every language at 800x480 and 1280x800, walked
once with normal text and once with larger text turned on from the top bar's
language button (test_languages.py's walk): with larger text nothing
overflows, no touch target is smaller than with normal text, no two touch
targets overlap, and the reading text is about 1.35x as tall;
(b) high contrast puts kiosk.json's "high_contrast" colours on screen (read
back from screenshots), in Arabic and Urdu too;
(c) both switches end with the idle reset and with the end of a visit.
Run only some: test_access.py test_reset"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import test_languages as L  # noqa: E402
from kiosk import Kiosk, png_rows  # noqa: E402

TOUCH = ("button", "checkbox", "text-field", "key", "list-item")
check = L.check


def touch(widgets):
    """The touch targets of a screen by what they are: role and name or text."""
    return {(w["role"], w.get("name") or w["text"]): w for w in widgets if w["role"] in TOUCH}


def inside(a, b):
    return (a["x"] >= b["x"] and a["y"] >= b["y"] and a["x"] + a["w"] <= b["x"] + b["w"] and
            a["y"] + a["h"] <= b["y"] + b["h"])


def overlap(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def compare(code, size, normal, larger):
    """Each screen of the larger walk against the same screen of the normal one."""
    pre = "" if size == "800x480" else size + "-"
    width, height = (int(v) for v in size.split("x"))
    finger = 56 * min(width / 800, height / 480)
    check(len(normal) == len(larger) and len(normal) > 10,
          "%s %s: the walks saw %d and %d screens" % (code, size, len(normal), len(larger)))
    for (_, label), widgets in normal.items():
        big = larger.get((code, pre + "larger-" + label[len(pre):]))
        check(big is not None, "%s %s: %s walked with larger text" % (code, size, label))
        if big is None:
            continue
        was, now = touch(widgets), touch(big)
        for key, w in was.items():
            n = now.get(key)
            if n is None or n.get("clipped") or w.get("clipped"):
                continue        # scrolled partly or wholly out of view
            # Never smaller, but for targets that stay large: a row sharing
            # its width out anew (filter chips) stays a finger (56 units) wide,
            # a big card giving room to words above it stays two fingers high.
            check((n["h"] >= w["h"] - 1 or n["h"] >= 2 * finger) and
                  (n["w"] >= w["w"] - 1 or n["w"] >= finger),
                  "%s %s: %r shrank with larger text: %dx%d, was %dx%d" %
                  (code, label, key, n["w"], n["h"], w["w"], w["h"]))
        targets = list(now.items())
        for i, (ka, a) in enumerate(targets):
            for kb, b in targets[i + 1:]:
                if overlap(a, b) and not inside(a, b) and not inside(b, a):
                    check(False, "%s %s: %r and %r overlap with larger text" %
                          (code, label, ka, kb))


def title_heights(widgets, s):
    """Heights of the home screen's reading lines under the tile titles."""
    return [w["h"] for w in widgets if w["role"] == "label" and
            w["text"] in (s["home.explore_line"], s["home.quiz_line"])]


def test_larger_walks():
    for code in ("en", "pl", "ro", "ar", "ur"):
        for size in L.SIZES:
            print("-- walk", code, size, "normal and larger")
            L.SCREENS = {}
            L.walk(code, size)
            normal = L.SCREENS
            L.SCREENS = {}
            L.walk(code, size, larger=True)
            larger = L.SCREENS
            L.SCREENS = None
            compare(code, size, normal, larger)
            pre = "" if size == "800x480" else size + "-"
            s = L.strings(code)
            a = title_heights(normal.get((code, pre + "home"), []), s)
            b = title_heights(larger.get((code, pre + "larger-home"), []), s)
            check(a and b and min(b) >= 1.25 * max(a),
                  "%s %s: the home titles grew with larger text: %r to %r" % (code, size, a, b))


def pixel(path, x, y):
    w, h, ch, rows = png_rows(path)
    return tuple(rows[y][x * ch:x * ch + 3])


def hexrgb(v):
    return tuple(int(v[i:i + 2], 16) for i in (1, 3, 5))


def test_contrast():
    """The switch puts high_contrast's background and bar on screen."""
    cfg = L.load(os.path.join(L.CONFIG, "kiosk.json"))
    for code in ("en", "ar", "ur"):
        with Kiosk("800x480") as k:
            L.tap_name(k, "lang-" + code)
            k.step("expect-scene home")
            shot = os.path.join(k.shots, "access-%s-home" % code)
            k.step("screenshot access-%s-home" % code)
            # Between the tiles (the background), and the top bar.
            before = pixel(shot + ".png", 400, 272), pixel(shot + ".png", 400, 2)
            check(before == (hexrgb(cfg["theme"]["background"]), hexrgb(cfg["theme"]["primary"])),
                  "%s: the everyday colours first: %r" % (code, before))
            L.tap_name(k, "language")
            L.tap_name(k, "access-contrast")
            k.step("screenshot access-%s-contrast-picker" % code)
            L.tap_name(k, "lang-close")
            k.step("screenshot access-%s-contrast-home" % code)
            hc = cfg["high_contrast"]
            bar = pixel(shot.replace("-home", "-contrast-home") + ".png", 400, 2)
            after = pixel(shot.replace("-home", "-contrast-home") + ".png", 400, 272)
            check((after, bar) == (hexrgb(hc["background"]), hexrgb(hc["primary"])),
                  "%s: high contrast's colours: %r %r" % (code, after, bar))
            L.tap_text(k, L.strings(code)["home.register"], "button")
            L.tap_name(k, "next")
            k.step("screenshot access-%s-contrast-form-name" % code)


def switches(k):
    L.tap_name(k, "language")
    tree = k.dump()
    on = [bool(L.by_name(tree, n) and L.by_name(tree, n)[0]["checked"])
          for n in ("access-larger", "access-contrast")]
    L.tap_name(k, "lang-close")
    return on


def test_reset():
    """Both switches end with the idle reset and at the end of a visit."""
    en = L.strings("en")
    with Kiosk("800x480") as k:
        k.step('tap "%s"' % en["attract.start"])
        k.step("expect-scene home")
        before = title_heights(k.dump()["widgets"], en)
        L.tap_name(k, "language")
        L.tap_name(k, "access-larger")
        L.tap_name(k, "access-contrast")
        L.tap_name(k, "lang-close")
        check(switches(k) == [True, True], "both on after a tap each")
        check(title_heights(k.dump()["widgets"], en) != before, "larger text took effect")
        k.step("wait 200000")
        k.step("expect-scene attract")
        k.step('tap "%s"' % en["attract.start"])
        check(switches(k) == [False, False], "the idle reset turned both off")
        check(title_heights(k.dump()["widgets"], en) == before,
              "the idle reset: normal text again")
        # A visit to its end (the thank-you screen's Finish) in Polish.
        L.tap_name(k, "language")
        L.tap_name(k, "lang-pl")
        L.tap_name(k, "language")
        L.tap_name(k, "access-larger")
        L.tap_name(k, "access-contrast")
        L.tap_name(k, "lang-close")
        pl = L.strings("pl")
        L.tap_text(k, pl["home.register"], "button")
        L.tap_name(k, "next")
        L.to_thanks(k, "pl", "access-larger-")
        L.tap_name(k, "finish")
        k.step("expect-scene attract")
        k.step('tap "%s"' % en["attract.start"])
        check(switches(k) == [False, False], "the end of the visit turned both off")


def main():
    L.run_tests(globals(), "access")


if __name__ == "__main__":
    main()
