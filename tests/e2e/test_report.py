"""The anonymous counts (issue 18), end to end through the real kiosk: a
scripted day of visits (a job preview read to page 3 then left, a quiz
played and left on its result, a form given up at step 3, a form sent with
the thank-you screen's course code, a visit begun in Polish that used
Listen and larger text and changed to Romanian, over two hours), then
- the tally table holds exactly the expected counts per event and hour;
- nothing in it is personal: no lead id, no typed answer, no time finer
  than the hour;
- the counts survive a restart, and staff mode's "Today at this event"
  shows them (dump: bars with their numbers; a screenshot at 800x480);
- `kioskctl report` prints them as text, CSV, JSON and SVG (the SVG renders
  with rsvg-convert, its numbers match the JSON);
- counts older than retention_days are purged with the leads."""
import csv
import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk, check, failures  # noqa: E402
from test_staff import fill_form, enter_pin, open_staff, KIOSKCTL, PIN, SRC, OUT  # noqa: E402

TODAY = "2026-11-23"
TAG = "Leeds Careers Fair 2026-11"


def kioskctl(*args, data, stdin=""):
    return subprocess.run([KIOSKCTL, *args, "--config", os.path.join(SRC, "kiosk-config"),
                           "--data", data], input=stdin, capture_output=True, text=True,
                          timeout=30)


def texts(k):
    return [w["text"] for w in k.dump()["widgets"]]


def idle_out(k):
    """Nobody touches the screen: the idle warning, then the reset."""
    k.step("wait 200000")
    k.step("expect-scene attract")


def play_quiz(k, who):
    k.step(f'tap "{who}"')
    for _ in range(200):
        d = k.dump()
        if d["scene"] != "quiz":
            return d["scene"]
        t = [w["text"] for w in d["widgets"]]
        if "What would you do?" in t:
            k.step('tap "What would you do?"')
            continue
        nxt = [w for w in d["widgets"] if w["role"] == "button" and w.get("name") == "next"]
        if nxt:
            k.step(f"tap {nxt[0]['x'] + 5} {nxt[0]['y'] + 5}")
            continue
        ans = [w for w in d["widgets"] if w["role"] == "button" and not w.get("name")]
        check(ans, f"quiz: nothing to tap in {t}")
        if not ans:
            return d["scene"]
        k.step(f"tap {ans[0]['x'] + 5} {ans[0]['y'] + 5}")
    return k.dump()["scene"]


def tap_name(k, name):
    w = [w for w in k.dump()["widgets"] if w.get("name") == name]
    check(w, f"no widget named {name!r}")
    if w:
        k.step(f"tap {w[0]['x'] + w[0]['w'] // 2} {w[0]['y'] + w[0]['h'] // 2}")


def speaking_config(tmp):
    """The shipped config, with read-aloud through tests/e2e/fake-speech.sh."""
    cfg = os.path.join(tmp, "config")
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    with open(os.path.join(cfg, "kiosk.json"), encoding="utf-8") as f:
        settings = json.load(f)
    settings["read_aloud"] = {"command": os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "fake-speech.sh")}
    with open(os.path.join(cfg, "kiosk.json"), "w", encoding="utf-8") as f:
        json.dump(settings, f)
    return cfg


def the_day(data):
    tmp = tempfile.mkdtemp(prefix="kiosk-report-cfg-")
    try:
        return day_with(data, speaking_config(tmp), os.path.join(tmp, "said.txt"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def day_with(data, cfg, said):
    with Kiosk("800x480", data=data, today=TODAY, extra=("--config", cfg),
               env={"KIOSK_SPEECH_OUT": said}) as k:
        # 12:00 A visitor reads a job to its third page, then walks away.
        k.step('tap "Touch to start"')
        k.step('tap "Explore care jobs"')
        k.step('tap "Home care worker"')
        k.step("expect-scene role")
        k.step('tap "Next"')
        k.step('tap "Next"')
        idle_out(k)
        # A quiz played to the end, left on its result.
        k.step('tap "Touch to start"')
        k.step('tap "Try the care quiz"')
        check(play_quiz(k, "Tariq") == "quiz-result", "the quiz did not finish")
        idle_out(k)
        # 13:00 The form, given up at step 3 (contact).
        k.step("wait 3600000")
        k.step('tap "Touch to start"')
        k.step('tap "Register your interest"')
        k.step('tap "Next"')
        k.step('type "Quentin"')
        k.step("key Return")
        k.step('type "Abandonson"')
        k.step('tap "Next"')
        k.step('expect "How can we contact you?"')
        idle_out(k)
        # The form sent; the thank-you screen shows the course-dates code.
        scene = fill_form(k)
        check(scene == "thanks", f"the form did not send (ended on {scene})")
        k.step('tap "Finish"')
        k.step("expect-scene attract")
        # A visit begun in Polish on the attract screen, read aloud, then
        # changed to Romanian from the top bar, and left on the home screen.
        tap_name(k, "lang-pl")
        k.step("expect-scene home")
        tap_name(k, "listen")
        tap_name(k, "language")
        tap_name(k, "access-larger")
        tap_name(k, "lang-ro")
        tap_name(k, "language")
        tap_name(k, "lang-ro")     # chosen again: still one visit in Romanian
        idle_out(k)
        # One more preview, of another job, and back home by hand.
        k.step('tap "Touch to start"')
        k.step('tap "Explore care jobs"')
        k.step('tap "Support worker"')
        k.step('tap "Home"')
    return k.p.returncode


# (hour, name, item) -> n, for the day above.
EXPECTED = {
    ("12", "visit.start", ""): 2, ("12", "visit.preview", ""): 1,
    ("12", "role.preview", "home-care-worker"): 1,
    ("12", "role.page", "2"): 1, ("12", "role.page", "3"): 1,
    ("12", "idle.reset", "role"): 1,
    ("12", "visit.quiz", ""): 1, ("12", "quiz.start", "tariq"): 1,
    ("12", "quiz.finish", "tariq"): 1, ("12", "idle.reset", "quiz-result"): 1,
    ("12", "visit.lang", "en"): 2,
    ("13", "visit.start", ""): 4, ("13", "visit.form", ""): 2, ("13", "form.start", ""): 2,
    ("13", "form.step", "01-privacy"): 2, ("13", "form.step", "02-name"): 2,
    ("13", "form.step", "03-contact"): 2, ("13", "idle.reset", "form"): 1,
    ("13", "form.step", "04-postcode"): 1, ("13", "form.step", "05-roles"): 1,
    ("13", "form.step", "06-availability"): 1, ("13", "form.step", "07-benefits"): 1,
    ("13", "form.step", "08-heard-from"): 1, ("13", "form.step", "09-contact-time"): 1,
    ("13", "form.step", "10-consent"): 1, ("13", "form.step", "11-review"): 1,
    ("13", "lead.sent", ""): 1, ("13", "course.qr", "sbwa"): 1,
    ("13", "visit.preview", ""): 1, ("13", "role.preview", "support-worker"): 1,
    ("13", "visit.lang", "en"): 3, ("13", "visit.lang", "pl"): 1, ("13", "visit.lang", "ro"): 1,
    ("13", "visit.read_aloud", ""): 1, ("13", "idle.reset", "home"): 1,
    ("13", "visit.larger_text", ""): 1,
}


def check_table(data):
    db = sqlite3.connect(os.path.join(data, "leads.db"))
    rows = db.execute("SELECT event, hour, name, item, n FROM tally_hours").fetchall()
    got = {}
    for ev, hour, name, item, n in rows:
        check(ev == TAG, f"a count under the event {ev!r}, not {TAG!r}")
        check(hour[:11] == TODAY + "T", f"a count in the hour {hour!r}")
        got[(hour[11:], name, item)] = n
    for key in sorted(set(EXPECTED) | set(got)):
        check(got.get(key) == EXPECTED.get(key),
              f"count {key}: {got.get(key)}, expected {EXPECTED.get(key)}")
    # The table has exactly its four columns (event and counter as numbers
    # into their lists, the hour as hours since 1970) and no rowid to order
    # visits by; the lists hold only tags and counter names.
    cols = [r[1] for r in db.execute("PRAGMA table_info(tally)")]
    check(cols == ["event", "hour", "key", "n"], f"tally columns {cols}")
    for table, want in (("tally_events", ["id", "tag"]), ("tally_keys", ["id", "name", "item"])):
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        check(cols == want, f"{table} columns {cols}")
    rows += [(r[0], "", "", "", 0) for r in db.execute("SELECT tag FROM tally_events")]
    rows += [("", "", r[0], r[1], 0) for r in db.execute("SELECT name, item FROM tally_keys")]
    raw = db.execute("SELECT hour FROM tally").fetchall()
    check(all(isinstance(h, int) and 493000 < h < 500000 for (h,) in raw),
          f"tally hours are not whole hours since 1970: {raw[:3]}")
    sql = db.execute("SELECT sql FROM sqlite_schema WHERE name='tally'").fetchone()[0]
    check("WITHOUT ROWID" in sql, "the tally table has a rowid")
    # Nothing personal: no value of any lead (id, times, answers typed)
    # appears anywhere in the table, and no time finer than the hour.
    leads = db.execute("SELECT id, created_at, answers FROM leads").fetchall()
    check(len(leads) == 1, f"{len(leads)} leads, expected 1")
    values = {"Quentin", "Abandonson"}
    for lid, created, answers in leads:
        values |= {lid, created, created[:16], created[:13] + ":"}
        for v in json.loads(answers).values():
            if isinstance(v, str) and len(v) > 3:
                values.add(v)
    cells = [str(c) for r in rows for c in r]
    for v in values:
        check(not any(v.lower() in c.lower() for c in cells), f"{v!r} is in the counts table")
    check(all(len(r[1]) in (0, 13) for r in rows), "a time finer than the hour in the counts")
    db.close()


def check_staff(data):
    """After a restart: staff mode's Today at this event."""
    r = kioskctl("set-pin", data=data, stdin=PIN + "\n")
    check(r.returncode == 0, f"set-pin: {r.stderr}")
    with Kiosk("800x480", data=data, today=TODAY) as k:
        k.step("wait 3600000")	# 13:00, as at the end of the day
        open_staff(k)
        enter_pin(k, PIN)
        k.step('tap "Visitors"')
        d = k.dump()
        bars = {w["name"]: w for w in d["widgets"] if w["role"] == "progress"}
        want = {"funnel-visits": 6, "funnel-previews": 2, "funnel-quiz": 1, "funnel-form": 2,
                "funnel-sent": 1, "top-role-1": 1, "top-role-2": 1}
        for name, n in want.items():
            w = bars.get(name)
            check(w and w["value"] == n, f"staff bar {name}: {w}, expected {n}")
        check(bars.get("funnel-visits", {}).get("max") == 6, "the funnel's scale is not visits")
        check(bars.get("funnel-sent", {}).get("text") == "Sent their details: 1",
              f"the sent bar reads {bars.get('funnel-sent')}")
        check(bars.get("top-role-1", {}).get("text") == "Home care worker: 1",
              f"top role: {bars.get('top-role-1')}")
        t = [w["text"] for w in d["widgets"]]
        check(any(TAG in x and TODAY in x for x in t), f"no event line in {t}")
        check(any("Quizzes finished: 1." in x and "shown: 1." in x and "unfinished: 4." in x
                  for x in t), f"no line of other counts in {t}")
        overflow = [w["text"] for w in d["widgets"] if w.get("overflow")]
        check(not overflow, f"text does not fit at 800x480: {overflow}")
        k.step("screenshot staff-report")
        k.step('tap "Back"')
        k.step('expect "Visitors"')
        k.step('expect "Set event tag"')


def check_kioskctl(data):
    r = kioskctl("report", "--format", "json", data=data)
    check(r.returncode == 0, f"report --format json: {r.stderr}")
    rep = json.loads(r.stdout)
    check([e["event"] for e in rep["events"]] == [TAG], f"events {rep['events']}")
    ev = rep["events"][0]
    check(ev["funnel"] == {"visits": 6, "previews": 2, "quiz": 1, "form": 2, "sent": 1},
          f"json funnel {ev['funnel']}")
    got = {}
    for h in ev["hours"]:
        for name, v in h["counts"].items():
            for item, n in (v.items() if isinstance(v, dict) else [("", v)]):
                got[(h["hour"][11:], name, item)] = n
    check(got == EXPECTED, f"json hours differ: {set(got.items()) ^ set(EXPECTED.items())}")
    check(ev["totals"]["role.preview"] == {"home-care-worker": 1, "support-worker": 1},
          f"json totals {ev['totals'].get('role.preview')}")
    check(ev["totals"].get("visit.lang") == {"en": 5, "pl": 1, "ro": 1},
          f"json visits per language {ev['totals'].get('visit.lang')}")
    check(ev["totals"].get("visit.read_aloud") == 1,
          f"json visits that used Listen {ev['totals'].get('visit.read_aloud')}")

    r = kioskctl("report", data=data)
    lines = r.stdout.splitlines()
    check(r.returncode == 0 and lines[0] == "Event: " + TAG, f"report text: {r.stdout!r}")
    for want in ("  2026-11-23 12:00       2        1      1      0      0          2",
                 "  2026-11-23 13:00       4        1      0      2      1          2",
                 "  total                  6        2      1      2      1          4",
                 "  visits per language (each one a visit used):",
                 "    en                                        5",
                 "    pl                                        1",
                 "  visits that used Listen (read aloud):       1",
                 "  visits with larger text:                    1"):
        check(want in lines, f"report text lacks {want!r}: {r.stdout}")

    r = kioskctl("report", "--format", "csv", "--event", TAG, "--since", TODAY, data=data)
    check(r.returncode == 0 and r.stdout.startswith("\ufeff"), f"csv: {r.stderr}")
    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    check(rows[0] == ["Event", "Date (UTC)", "Hour (UTC)", "Counter", "What", "Item", "Count"],
          f"csv head {rows[0]}")
    got = {(h[:2], name, item): int(n) for ev_, d, h, name, what, item, n in rows[1:]}
    check(got == EXPECTED, f"csv differs: {set(got.items()) ^ set(EXPECTED.items())}")
    check(all(d == TODAY for _, d, *rest in rows[1:]), "csv dates")
    r = kioskctl("report", "--format", "csv", "--event", "Another fair", data=data)
    check(len(r.stdout.splitlines()) == 1, f"another event's report has rows: {r.stdout}")
    r = kioskctl("report", "--format", "pdf", data=data)
    check(r.returncode == 2 and "--format" in r.stderr, f"a bad format: {r.returncode} {r.stderr}")

    # The SVG renders, and its bars carry the JSON's numbers.
    r = kioskctl("report", "--format", "svg", data=data)
    svg = os.path.join(OUT, "report.svg")
    with open(svg, "w") as f:
        f.write(r.stdout)
    png = os.path.join(OUT, "shots", "py", "report-svg.png")
    if shutil.which("rsvg-convert"):
        p = subprocess.run(["rsvg-convert", svg, "-o", png], capture_output=True, text=True)
        check(p.returncode == 0 and os.path.getsize(png) > 1000, f"rsvg-convert: {p.stderr}")
    else:
        check(False, "rsvg-convert is missing (tools/setup test installs librsvg2-bin)")
    import xml.etree.ElementTree as ET
    root = ET.fromstring(r.stdout)
    g = [e for e in root.iter("{http://www.w3.org/2000/svg}g")]
    steps = {e.get("data-step"): int(e.get("data-value")) for e in g if e.get("class") == "funnel"}
    check(steps == ev["funnel"], f"svg funnel {steps} != json {ev['funnel']}")
    roles = {e.get("data-role"): int(e.get("data-value")) for e in g if e.get("class") == "role"}
    check(roles == ev["totals"]["role.preview"], f"svg roles {roles}")
    for e in g:	# the number drawn is the number carried
        check(e.findall("{http://www.w3.org/2000/svg}text")[-1].text == e.get("data-value"),
              f"svg bar text differs from its value: {ET.tostring(e)}")


def check_purge(data):
    """Counts go after retention_days, like sent leads: here the kiosk's
    own purge at start, 31 days later."""
    with Kiosk("800x480", data=data, today="2026-12-24") as k:
        pass
    db = sqlite3.connect(os.path.join(data, "leads.db"))
    n = db.execute("SELECT count(*) FROM tally").fetchone()[0]
    tags = db.execute("SELECT count(*) FROM tally_events").fetchone()[0]
    db.close()
    check(n == 0 and tags == 0, f"{n} counts and {tags} event tags left after retention")


def main():
    data = tempfile.mkdtemp(prefix="kiosk-report-")
    try:
        os.makedirs(data, exist_ok=True)
        db = sqlite3.connect(os.path.join(data, "leads.db"))
        db.close()
        os.unlink(os.path.join(data, "leads.db"))
        # The event tag staff set at the start of the day.
        with Kiosk("800x480", data=data, today=TODAY) as k:
            pass
        with sqlite3.connect(os.path.join(data, "leads.db")) as db:
            db.execute("INSERT INTO kv(key, value) VALUES ('event.tag', ?)", (TAG,))
        rc = the_day(data)
        check(rc == 0, f"the kiosk exited with {rc}")
        check_table(data)
        check_staff(data)
        check_table(data)	# looking changed nothing
        check_kioskctl(data)
        check_purge(data)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
