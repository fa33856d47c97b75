"""Programmes are data (kiosk-config/programmes.json), end to end through the
real kiosk and kioskctl, with no code change:
(a) a sixth programme added in a temporary config (programmes.json, its
    names in a strings file, its words in form.json, a session in
    courses.csv) is listed as a filter chip on Course dates, the chip shows
    exactly its session, the session names it; a visitor whose answers meet
    its rule (nights) is routed to it: the thank-you screen names it and
    its QR code (dump and zbarimg on a screenshot) is its course-dates page;
    the lead and `kioskctl export` carry its id;
(b) an old kiosk.json with courses.url_sbwa: the kiosk starts and uses it,
    and says (file:line) where to move it; kioskctl check says the same;
(c) mistakes in programmes.json stop `kioskctl check` and the kiosk with
    programmes.json:line."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk, zbar  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
ASSETS = os.path.join(SRC, "assets")
BUILD = os.path.dirname(os.path.dirname(os.environ["KIOSK_BIN"]))
KIOSKCTL = os.environ.get("KIOSKCTL_BIN", os.path.join(BUILD, "tools", "kioskctl"))
TODAY = "2026-11-23"
NEW = {
    "id": "night-care",
    "aliases": ["Night care taster"],
    "name": "courses.programme.night-care",
    "short_name": "courses.chip.night-care",
    "course_dates_url": "https://wecare.example.org/courses/night-care",
    "route_when": [{"availability": ["nights"], "benefits": ["no", "rather-not-say"]}],
}
NEW_STRINGS = {"courses.programme.night-care": "Night care taster",
               "courses.chip.night-care": "Night care"}
NEW_WORDS = {"name": "Night care taster",
             "why": "One night shadowing a night carer in a care home, to see if nights suit you.",
             "next": ["We will phone or email you within 5 working days.",
                      "We will book you a night that suits you."]}
SESSION = ('Nights in care: taster,Night care taster,15/12/2026,20:00,23:00,'
           '"Oakwood Care Home, Oakwood Lane",LS8 2PF,'
           'https://wecare.example.org/courses/night-2026-12,Anyone 18 or over.\n')
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)


def config_copy():
    tmp = tempfile.mkdtemp(prefix="kiosk-programmes-")
    cfg = os.path.join(tmp, "kiosk-config")
    shutil.copytree(CONFIG, cfg)
    return tmp, cfg


def sixth_programme(cfg):
    p = load(os.path.join(cfg, "programmes.json"))
    p["programmes"].append(NEW)
    save(os.path.join(cfg, "programmes.json"), p)
    save(os.path.join(cfg, "strings", "night-care.json"), NEW_STRINGS)
    f = load(os.path.join(cfg, "form.json"))
    f["programmes"]["night-care"] = NEW_WORDS
    save(os.path.join(cfg, "form.json"), f)
    with open(os.path.join(cfg, "courses.csv"), "a", encoding="utf-8") as f:
        f.write(SESSION)


def kioskctl(*args):
    return subprocess.run([KIOSKCTL, *args], capture_output=True, text=True, timeout=120)


def widgets(tree, role=None, name=None):
    return [w for w in tree["widgets"]
            if (role is None or w["role"] == role) and (name is None or w.get("name") == name)]


def tap_w(k, w):
    k.step("tap %d %d" % (w["x"] + w["w"] // 2, w["y"] + w["h"] // 2))


def items(tree):
    return [w["name"] for w in tree["widgets"] if (w.get("name") or "").startswith("course-")]


def courses_screen(k):
    k.step('tap "Touch to start"')
    k.step('tap "Course dates"')
    k.step("expect-scene courses")
    tree = k.dump()
    chips = [w["name"] for w in tree["widgets"] if (w.get("name") or "").startswith("filter-")]
    check("filter-night-care" in chips, "no chip for the sixth programme: %s" % chips)
    chip = widgets(tree, name="filter-night-care")
    check(chip and chip[0]["text"] == "Night care", "chip text %r" % chip)
    if not chip:
        return
    tap_w(k, chip[0])
    tree = k.dump()
    on = [w["name"] for w in tree["widgets"] if w.get("checked")]
    check(on == ["filter-night-care"], "checked chips %s" % on)
    shown = [w for w in tree["widgets"] if (w.get("name") or "").startswith("course-")]
    check(len(shown) == 1 and shown[0]["text"].startswith("Nights in care: taster"),
          "the filter shows %r" % [w["text"] for w in shown])
    k.step("screenshot programmes-chips")
    texts = [w.get("text") for w in tree["widgets"]]
    check("Night care taster" in texts, "the card names the programme: %s" % texts)
    k.step('tap "Home"')


def form_to_thanks(k, when, benefits, name, url):
    """The form with these answers to Send; checks the thank-you screen's
    programme and its QR code (the dump's, and zbarimg's off a screenshot)."""
    k.step('tap "Register your interest"')
    k.step("expect-scene form")
    k.step('tap "Next"')
    k.step('type "Nightly"')
    k.step("key Return")
    k.step('type "Testperson"')
    k.step('tap "Next"')
    k.step('type "07700 900456"')
    k.step('tap "Next"')
    k.step('type "LS8 2PF"')
    k.step('tap "Next"')
    k.step('expect "Which jobs interest you?"')
    for t in ("Residential care worker", "Next", when, "Part-time", "No, I do not drive",
              "Next", benefits, "Next", "At this event", "Next", "Any time", "Next"):
        k.step('tap "%s"' % t)
    tap_w(k, widgets(k.dump(), "checkbox", "consent_contact")[0])
    k.step('tap "Next"')
    k.step('expect "Check your answers"')
    k.step('tap "Send"')
    k.step("expect-scene thanks")
    k.step('expect "%s"' % name)
    qr = widgets(k.dump(), "qr")
    check(len(qr) == 1 and qr[0]["text"] == url, "thank-you QR %r, want %s" % (qr, url))
    shot = "programmes-thanks-%s" % name.split()[0].lower()
    k.step("screenshot " + shot)
    got = zbar(os.path.join(k.shots, shot + ".png"))
    check(got == url, "zbarimg reads %r off the thank-you screen, want %s" % (got, url))


def test_sixth_programme():
    """(a) listed, filtered, routed on the thank-you screen and in the export."""
    tmp, cfg = config_copy()
    try:
        sixth_programme(cfg)
        r = kioskctl("check", "--config", cfg, "--assets", ASSETS)
        check(r.returncode == 0, "kioskctl check on the six programmes: %s%s" % (r.stdout, r.stderr))
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        with Kiosk("800x480", today=TODAY, data=data,
                   extra=("--config", cfg, "--assets", ASSETS)) as k:
            courses_screen(k)
            k.step("expect-scene home")
            form_to_thanks(k, "Nights", "No", NEW_WORDS["name"], NEW["course_dates_url"])
        db = sqlite3.connect(os.path.join(data, "leads.db"))
        rows = db.execute("SELECT programme FROM leads").fetchall()
        db.close()
        check(rows == [("night-care",)], "the lead's programme: %r" % rows)
        out = os.path.join(tmp, "export.json")
        r = kioskctl("export", "--format", "json", "--out", out, "--config", cfg, "--data", data)
        check(r.returncode == 0, "kioskctl export: %s" % r.stderr)
        leads = load(out) if r.returncode == 0 else []
        check([l.get("programme") for l in leads] == ["night-care"],
              "the export's programme: %r" % [l.get("programme") for l in leads])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_old_urls():
    """(b) courses.url_sbwa from an old kiosk.json still points the QR code there."""
    tmp, cfg = config_copy()
    try:
        path = os.path.join(cfg, "kiosk.json")
        kj = load(path)
        kj["courses"] = {"url_sbwa": "https://old.example.org/sbwa"}
        save(path, kj)
        line = next(i for i, l in enumerate(open(path, encoding="utf-8"), 1) if "url_sbwa" in l)
        want = ("%s:%d: courses.url_sbwa is an old setting: the kiosk still uses it, but move "
                "the address to \"course_dates_url\" of \"sbwa\" in programmes.json and delete "
                "this line" % (path, line))
        r = kioskctl("check", "--config", cfg, "--assets", ASSETS)
        check(want in r.stdout + r.stderr, "kioskctl check says where to move it: %s%s"
              % (r.stdout, r.stderr))
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        r = start_kiosk(cfg, data)
        check(r.returncode == 0 and want in r.stderr,
              "the kiosk starts (rc %d) and says where to move it: %s" % (r.returncode, r.stderr))
        with Kiosk("800x480", today=TODAY, data=data,
                   extra=("--config", cfg, "--assets", ASSETS)) as k:
            k.step('tap "Touch to start"')
            form_to_thanks(k, "Daytime", "Yes", "Sector-based work academy",
                           "https://old.example.org/sbwa")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def start_kiosk(cfg, data):
    return subprocess.run([os.environ["KIOSK_BIN"], "--headless", "--windowed", "800x480",
                           "--config", cfg, "--assets", ASSETS, "--data", data,
                           "--script", "-"], input="", capture_output=True, text=True,
                          timeout=60)


def test_mistakes():
    """(c) a mistake stops kioskctl check and the kiosk, with programmes.json:line."""
    cases = [
        ("unknown programme in a route", lambda p: p["programmes"][1].update(
            route_when=[{"benefits": ["perhaps"]}]),
         '"perhaps" is not an answer to "benefits" (see form.json for the ids)'),
        ("name not in strings", lambda p: p["programmes"][2].update(name="courses.nope"),
         '"name" of "apprenticeship" is not in strings/: add "courses.nope": "..." to a '
         'strings file'),
        ("two defaults", lambda p: p["programmes"][4].update(route_when="otherwise"),
         'exactly one programme needs "route_when": "otherwise"'),
    ]
    for what, edit, msg in cases:
        tmp, cfg = config_copy()
        try:
            path = os.path.join(cfg, "programmes.json")
            p = load(path)
            edit(p)
            save(path, p)
            r = kioskctl("check", "--config", cfg, "--assets", ASSETS)
            out = r.stdout + r.stderr
            check(r.returncode != 0 and "programmes.json:" in out and msg in out,
                  "%s: kioskctl check said (rc %d) %s" % (what, r.returncode, out))
            data = os.path.join(tmp, "data")
            os.mkdir(data)
            r = start_kiosk(cfg, data)
            check(r.returncode != 0 and msg in r.stderr,
                  "%s: the kiosk started (rc %d) or said %s" % (what, r.returncode, r.stderr))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    for t in (test_sixth_programme, test_old_urls, test_mistakes):
        if sys.argv[1:] and t.__name__ not in sys.argv[1:]:
            continue
        t()
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
