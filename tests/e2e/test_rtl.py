#!/usr/bin/python3
"""Right to left: with an Urdu or Arabic text style set (the script step
`text-style`, as the app does from a language's language.json), the top bar,
grids and text mirror, and the screens are drawn in the language's font.
The visitor strings come from kiosk-config/lang/<code>/strings/."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
STYLES = {
    "ur": "text-style rtl Arab NotoNastaliqUrdu-Regular.ttf NotoNastaliqUrdu-Bold.ttf 1.8",
    "ar": "text-style rtl Arab NotoNaskhArabic-Regular.ttf NotoNaskhArabic-Bold.ttf 1.25",
}


def config_in(code, into):
    """kiosk-config with the language's visitor strings in place of English."""
    cfg = os.path.join(into, "kiosk-config")
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    lang = os.path.join(SRC, "kiosk-config", "lang", code, "strings")
    for f in os.listdir(lang):
        shutil.copy(os.path.join(lang, f), os.path.join(cfg, "strings", f))
    return cfg


def named(dump, name):
    found = [w for w in dump["widgets"] if w.get("name") == name]
    assert len(found) == 1, f"{name}: {len(found)} widgets in {dump['scene']}"
    return found[0]


def centre(w):
    return f"{w['x'] + w['w'] // 2} {w['y'] + w['h'] // 2}"


def tiles(dump):
    return [w for w in dump["widgets"] if w["role"] == "button" and w["y"] > 100]


def form_bar(k):
    """Home, then the form's tile (the third), then its bar."""
    k.step("tap 400 300")
    k.step("wait 300")
    home = k.dump()
    assert home["scene"] == "home", home["scene"]
    k.step("tap " + centre(tiles(home)[2]))
    k.step("wait 300")
    form = k.dump()
    assert form["scene"] == "form", form["scene"]
    return home, form


def day_row(k):
    """From any visitor screen: the home care worker's day, its first time
    label (07:00) and what happens then (the label after it)."""
    k.step("tap " + centre(named(k.dump(), "home")))
    k.step("wait 300")
    k.step("tap " + centre(tiles(k.dump())[0]))
    k.step("wait 300")
    k.step("tap " + centre(named(k.dump(), "home-care-worker")))
    k.step("wait 300")
    labels = [w for w in k.dump()["widgets"] if w["role"] == "label"]
    i = next(i for i, w in enumerate(labels) if w["text"] == "07:00")
    return labels[i], labels[i + 1]


def check_ltr():
    with Kiosk(size="1280x800") as k:
        home, form = form_bar(k)
        t = tiles(home)
        assert t[0]["x"] < t[1]["x"], "left to right: the first tile is on the left"
        back, nxt = named(form, "back"), named(form, "next")
        assert back["x"] < nxt["x"]
        time, what = day_row(k)
        assert time["x"] + time["w"] <= what["x"], "left to right: the day's times on the left"


def check_rtl(code, tmp):
    shots = []
    with Kiosk(size="1280x800", extra=("--config", config_in(code, tmp))) as k:
        assert k.step(STYLES[code]) == "ok"
        k.step(f"screenshot rtl-{code}-attract")
        home, form = form_bar(k)
        t = tiles(home)
        assert t[0]["x"] > t[1]["x"], f"{code}: the first tile should be on the right"
        assert t[2]["x"] > t[3]["x"]
        back, nxt, step = named(form, "back"), named(form, "next"), named(form, "step")
        assert back["x"] > step["x"] + step["w"], f"{code}: back right of the step text"
        assert nxt["x"] + nxt["w"] <= step["x"], f"{code}: next left of the step text"
        assert nxt["x"] < back["x"]
        k.step(f"screenshot rtl-{code}-form")
        time, what = day_row(k)
        assert what["x"] + what["w"] <= time["x"], f"{code}: the day's times on the right"
        k.step(f"screenshot rtl-{code}-day")
        k.step("tap " + centre(named(k.dump(), "home")))
        k.step("wait 300")
        k.step("tap " + centre(tiles(k.dump())[2]))	# the form again
        k.step("wait 300")
        shots += [f"rtl-{code}-attract", f"rtl-{code}-form", f"rtl-{code}-day"]
        # The default style again: left to right, English fonts.
        assert k.step("text-style ltr") == "ok"
        again = k.dump()
        assert named(again, "back")["x"] < named(again, "next")["x"]
    return shots


def check_missing_font():
    with Kiosk(size="800x480") as k:
        answer = k.step("text-style rtl Arab NoSuchFont-Regular.ttf", may_fail=True)
        assert answer.startswith("error:") and "NoSuchFont-Regular.ttf" in answer, answer
        # Direction still applies, with Noto Sans Arabic for Arabic.
        k.step("tap 400 300")
        k.step("wait 300")
        t = tiles(k.dump())
        assert t[0]["x"] > t[1]["x"]


def main():
    check_ltr()
    check_missing_font()
    with tempfile.TemporaryDirectory() as tmp:
        for code in ("ur", "ar"):
            check_rtl(code, os.path.join(tmp, code))
    print("ok: right-to-left bar, grid and text style for ur and ar")


if __name__ == "__main__":
    main()
