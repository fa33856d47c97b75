"""Right to left, the details (issue 16), through the real kiosk in Urdu and
Arabic with English beside them:
(a) a text box's cursor: an empty name box's cursor at its right edge right
to left, at its left edge left to right; the phone box stays left to right
(the `caret` the dump gives for the focused box);
(b) the top bar's Back arrow and the keyboard's Backspace point right, right
to left (read from the screenshot: the arrowhead's ink leans to the side it
points to);
(c) a Nastaliq button's word sits in the middle of its button (the ink's
centre, read from the screenshot), the thank-you screen's Finish too.
A staff-written English paragraph on a right-to-left screen is left to
right: tests/platform/test_bidi.c (test_paragraph)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import test_languages as L  # noqa: E402
from kiosk import Kiosk, png_rows  # noqa: E402

check = L.check


def ink(path, r):
    """The pixels of rectangle r of a screenshot that differ from the
    colour at its top middle (the button's own): a list of (x, y)."""
    w, h, ch, rows = png_rows(path)
    bg = rows[r["y"] + 2][(r["x"] + r["w"] // 2) * ch:(r["x"] + r["w"] // 2) * ch + 3]
    out, rad = [], 16    # the rounded corners (14 units) are not the button's
    for y in range(r["y"] + 2, r["y"] + r["h"] - 2):
        line = rows[y]
        for x in range(r["x"] + 4, r["x"] + r["w"] - 4):
            if (min(x - r["x"], r["x"] + r["w"] - x) < rad and
                    min(y - r["y"], r["y"] + r["h"] - y) < rad):
                continue
            p = line[x * ch:x * ch + 3]
            if sum(abs(p[i] - bg[i]) for i in range(3)) > 40:
                out.append((x, y))
    return out


def clusters(points):
    """Runs of columns with ink, split where 3 or more columns have none."""
    cols = sorted({x for x, _ in points})
    out, start, last = [], None, None
    for x in cols:
        if start is None or x - last > 3:
            if start is not None:
                out.append((start, last))
            start = x
        last = x
    if start is not None:
        out.append((start, last))
    return out


def widget_ink(k, code, name, what):
    """The inked pixels of the widget named name, from a screenshot of this
    screen; None (with a failure) when there is no such widget."""
    shot = "rtl-%s-%s" % (code, name)
    k.step("screenshot " + shot)
    w = L.by_name(k.dump(), name)
    check(w, "%s: %s" % (code, what))
    return ink(os.path.join(k.shots, shot + ".png"), w[0]) if w else None


def pointing(xs, x0, x1):
    """"left" or "right": an arrow's head has more ink than its tail, so its
    ink's centre lies towards where it points, within x0..x1."""
    return "left" if sum(xs) / len(xs) < (x0 + x1) / 2 else "right"


def arrow_points(k, code, name):
    """"left" or "right": where the Back button's icon points."""
    pts = widget_ink(k, code, name, "a %s button" % name)
    if pts is None:
        return None
    cl = clusters(pts)
    check(len(cl) >= 2, "%s: the %s button has an icon and words: %r" % (code, name, cl))
    if len(cl) < 2:
        return None
    # The icon leads: the leftmost cluster left to right, the rightmost right to left.
    x0, x1 = cl[-1] if code in L.RTL else cl[0]
    return pointing([x for x, _ in pts if x0 <= x <= x1], x0, x1)


def test_back_arrow():
    for code in ("en", "ur", "ar"):
        with Kiosk("800x480") as k:
            L.tap_name(k, "lang-" + code)
            L.tap_text(k, L.strings(code)["home.explore"], "button")
            k.step("expect-scene roles")
            way = arrow_points(k, code, "back")
            want = "right" if code in L.RTL else "left"
            check(way == want, "%s: Back's arrow points %s, want %s" % (code, way, want))


def key_arrow(k, code):
    """"left" or "right": where the keyboard's Backspace arrow points."""
    pts = widget_ink(k, code, "key-backspace", "a Backspace key")
    if pts is None:
        return None
    check(pts, "%s: Backspace has an arrow" % code)
    if not pts:
        return None
    xs = [x for x, _ in pts]
    return pointing(xs, min(xs), max(xs))


def test_backspace_arrow():
    """Backspace points at the text's start: right, right to left."""
    for code in ("en", "ur", "ar"):
        with Kiosk("800x480") as k:
            L.tap_name(k, "lang-" + code)
            L.tap_text(k, L.strings(code)["home.register"], "button")
            k.step("expect-scene form")
            L.tap_name(k, "next")
            way = key_arrow(k, code)
            want = "right" if code in L.RTL else "left"
            check(way == want, "%s: Backspace's arrow points %s, want %s" % (code, way, want))


def caret(k, name):
    w = L.by_name(k.dump(), name)
    check(w and "caret" in w[0], "the focused %s box gives its cursor: %r" % (name, w))
    return (w[0]["caret"] - w[0]["x"]) / w[0]["w"] if w and "caret" in w[0] else None


def test_caret():
    for code in ("en", "ur"):
        rtl = code in L.RTL
        with Kiosk("800x480") as k:
            L.tap_name(k, "lang-" + code)
            L.tap_text(k, L.strings(code)["home.register"], "button")
            L.tap_name(k, "next")
            at = caret(k, "first_name")
            check(at is not None and (at > 0.9 if rtl else at < 0.1),
                  "%s: the empty name box's cursor at %s of it" % (code, at))
            k.step('type "Amina"')
            at = caret(k, "first_name")
            check(at is not None and (at > 0.9 if rtl else 0.1 < at < 0.6),
                  "%s: after typing, the cursor at %s of the box" % (code, at))
            k.step("screenshot rtl-%s-name-typed" % code)
            L.tap_name(k, "last_name")
            k.step('type "Testperson"')
            L.tap_name(k, "next")
            at = caret(k, "phone")
            check(at is not None and at < 0.1,
                  "%s: the phone box is left to right: cursor at %s" % (code, at))


def centred(k, code, name, shot):
    k.step("screenshot " + shot)
    w = L.by_name(k.dump(), name)
    check(w, "%s: a %s button" % (code, name))
    if not w:
        return
    pts = ink(os.path.join(k.shots, shot + ".png"), w[0])
    check(pts, "%s: %s has words" % (code, name))
    if not pts:
        return
    ys = [y for _, y in pts]
    mid = (min(ys) + max(ys)) / 2
    off = (mid - (w[0]["y"] + w[0]["h"] / 2)) / w[0]["h"]
    print("%s %s: the words' ink %.0f%% of the button's height off its middle" %
          (code, shot, off * 100))
    check(abs(off) <= 0.1, "%s: %s's words sit %.0f%% of its height off its middle" %
          (code, shot, off * 100))


def test_nastaliq_centred():
    for code in ("ur", "ar", "en"):
        for larger in (False, True):
            with Kiosk("800x480") as k:
                L.tap_name(k, "lang-" + code)
                if larger:
                    L.larger_text(k, code)
                tag = "larger-" if larger else ""
                L.tap_text(k, L.strings(code)["home.register"], "button")
                L.tap_name(k, "next")
                centred(k, code, "next", "rtl-%s-%snext" % (code, tag))
                L.to_thanks(k, code, "rtl-" + tag)
                centred(k, code, "finish", "rtl-%s-%sfinish" % (code, tag))


def main():
    L.run_tests(globals(), "right-to-left")


if __name__ == "__main__":
    main()
