"""Staff mode and kioskctl, end to end: the PIN set with `kioskctl set-pin`,
the hidden long press, five wrong PINs lock (and stay locked across a
restart), the dashboard's counts, the event tag, Export to USB read back
with Python's csv module (readable headings, one column per answer), a slow
stick that does not freeze the screen, whether the upload server can be
reached, and kioskctl's error cases. The staff screens also get the layout
checks of test_layout.py at every size."""
import csv
import datetime
import io
import json
import os
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import kiosk  # noqa: E402
from kiosk import Kiosk  # noqa: E402
import test_layout  # noqa: E402

BIN = os.environ["KIOSK_BIN"]
SRC = os.environ["KIOSK_SRC"]
OUT = os.environ.get("KIOSK_OUT", "/tmp")
BUILD = os.path.dirname(os.path.dirname(BIN))
KIOSKCTL = os.environ.get("KIOSKCTL_BIN", os.path.join(BUILD, "tools", "kioskctl"))
ADDLEAD = os.environ.get("STAFF_ADDLEAD",
                         os.path.join(os.path.dirname(OUT), "staff", "staff_addlead"))
PIN = "2468"
TODAY = "2026-11-23"
# The kiosk's virtual clock starts at midday UTC on --today.
NOON_MS = int(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.timezone.utc)
              .timestamp() * 1000)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def kioskctl(*args, data, stdin="", timeout=30):
    return subprocess.run([KIOSKCTL, *args, "--config", os.path.join(SRC, "kiosk-config"),
                           "--data", data], input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def add_lead(data, answers, at=NOON_MS - 3600_000, event=None, status="queued"):
    args = [ADDLEAD, data, "--at", str(at), "--device", "kiosk-hall-2", "--status", status]
    if event:
        args += ["--event", event]
    r = subprocess.run(args, input=json.dumps(answers), capture_output=True, text=True,
                       check=True)
    return r.stdout.strip()


def texts(k):
    return [w["text"] for w in k.dump()["widgets"]]


def enter_pin(k, pin):
    for d in pin:
        k.step(f'tap "{d}"')
    k.step('tap "OK"')


def finish(k, what):
    """Ends a kiosk run; a crash or a sanitizer report fails the test."""
    rc = k.close()
    check(rc == 0, f"{what}: the kiosk exited with {rc}")


def wait_job(k, busy, limit=20.0):
    """Export and Check content run as jobs on their own thread: wait-jobs
    blocks (in real time, the virtual clock stands still) until they have
    ended and their result is drawn; then the busy dialog must be gone."""
    k.step(f"wait-jobs {int(limit * 1000)}")
    check(busy not in texts(k), f"{busy!r} still shows after its job ended")


def open_staff(k):
    k.step("longpress 20 20 3000")
    k.step("expect-scene staff")


def count_after(widgets, label):
    """The number drawn just before a count's label."""
    t = [w["text"] for w in widgets]
    return t[t.index(label) - 1] if label in t else None


def test_no_pin():
    with Kiosk("800x480") as k:
        open_staff(k)
        k.step('expect "No staff PIN is set: set one with kioskctl set-pin"')
        live = [w["text"] for w in k.dump()["widgets"] if w["role"] == "button"]
        check(live == ["Back"], f"no PIN: only Back should be offered, got {live}")
        k.step('tap "Back"')
        k.step("expect-scene attract")
        finish(k, "no PIN")


def test_lockout(data):
    r = kioskctl("set-pin", data=data, stdin=PIN + "\n")
    check(r.returncode == 0 and "staff PIN set" in r.stdout, f"set-pin: {r.stderr}")
    with sqlite3.connect(os.path.join(data, "leads.db")) as db:
        h = db.execute("SELECT value FROM kv WHERE key='staff.pin_hash'").fetchone()[0]
    check(h.startswith("$argon2id$") and PIN not in h, "PIN stored as an Argon2id hash only")

    # Four wrong PINs, then the kiosk restarts: the count survives.
    with Kiosk("800x480", data=data, today=TODAY) as k:
        open_staff(k)
        k.step('expect "Enter the staff PIN"')
        for i, left in enumerate([4, 3, 2]):
            enter_pin(k, "1111")
            k.step(f'expect "That PIN is not right. {left} tries left."')
        enter_pin(k, "9999")
        k.step('expect "That PIN is not right. 1 try left, then staff mode locks for a while."')
        check("\u25cf" * 2 not in "".join(texts(k)), "dots cleared after a wrong PIN")
    with Kiosk("800x480", data=data, today=TODAY) as k:
        open_staff(k)
        k.step('type "1234"')
        k.step("key Return")
        k.step('expect "Too many wrong PINs. Staff mode is locked. Try again in 1 minute."')
        k.step("screenshot staff-locked")
    # Restarted during the lock: still locked, and the right PIN does not open it.
    with Kiosk("800x480", data=data, today=TODAY) as k:
        open_staff(k)
        k.step('expect "Too many wrong PINs. Staff mode is locked. Try again in 1 minute."')
        enter_pin(k, PIN)
        k.step('expect-not "Today"')
        k.step('expect "Too many wrong PINs. Staff mode is locked. Try again in 1 minute."')
        k.step("wait 30000")
        k.step('expect "Too many wrong PINs. Staff mode is locked. Try again in 30 seconds."')
        k.step("wait 31000")
        k.step('tap "I\'m still here"')	# the idle question came up meanwhile
        k.step('expect-not "Too many wrong PINs"')
        enter_pin(k, PIN)
        k.step('expect "Today"')
        w = k.dump()["widgets"]
        check(count_after(w, "Today") == "2", f"today count: {count_after(w, 'Today')}")
        check(count_after(w, "To upload") == "2", "queued count")
        check(count_after(w, "Uploaded") == "1", "sent count")
        check(count_after(w, "Refused") == "1", "rejected count")
        finish(k, "lockout")
    # After the right PIN the next wrong one has five tries again.
    with sqlite3.connect(os.path.join(data, "leads.db")) as db:
        rows = dict(db.execute("SELECT key, value FROM kv WHERE key LIKE 'staff.pin_%'"))
    check("staff.pin_fails" not in rows and "staff.pin_locked_until" not in rows,
          f"counters cleared after the right PIN: {sorted(rows)}")


stick = kiosk.fake_stick


def config_with_usb(tmp, media):
    cfg = os.path.join(tmp, "config")
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    path = os.path.join(cfg, "kiosk.json")
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    j["device_name"] = "kiosk-hall-2"
    j.setdefault("staff", {})["usb_dirs"] = "/nonexistent-media:" + media
    with open(path, "w", encoding="utf-8") as f:
        json.dump(j, f, indent=2)
    return ["--config", cfg, "--assets", os.path.join(SRC, "assets")]


HYPER = '=HYPERLINK("http://x")'
LEADS = [
    {"first_name": "Zo\u00eb", "last_name": "Testperson", "phone": "07700 900123",
     "email": "zoe@example.org", "postcode": "LS1 4AP",
     "roles": ["home-care-worker", "night-care-worker"], "drives": True,
     "benefits": False, "heard_from": "Job Centre, Leeds", "consent_contact": True,
     "consent_share": False, "include_quiz": True,
     "quiz_summary": 'Kind, "patient"\nand calm'},
    {"first_name": "\u0633\u0627\u0631\u0629", "last_name": HYPER, "phone": "+44 7700 900456",
     "email": "-sara@example.org", "postcode": "LS6 2AB", "roles": [],
     "availability": ["weekends", "evenings"], "contact_time": "@morning",
     "consent_contact": True, "consent_share": True,
     "share_partners": ["Leeds City College", "Care Co"]},
]
COLUMNS = ["id", "created_at", "clock_synced", "event", "device", "status", "first_name",
           "last_name", "phone", "email", "postcode", "roles", "availability", "drives",
           "benefits", "heard_from",
           "contact_time", "consent_contact", "consent_share", "share_partners", "include_quiz",
           "quiz_summary", "other"]
# Staff read the headings from kiosk-config/strings/staff.json, not the ids.
with open(os.path.join(SRC, "kiosk-config", "strings", "staff.json"), encoding="utf-8") as _f:
    _STAFF = json.load(_f)
HEADINGS = [_STAFF["export.col." + c] for c in COLUMNS]
BUSY_EXPORT, BUSY_CHECK = _STAFF["staff.export.busy"], _STAFF["staff.check.busy"]


# ...and the answers in the words the visitor saw: job titles from roles/,
# option labels from form.json (an id the content does not know stays).
def _words():
    cfg = os.path.join(SRC, "kiosk-config")
    with open(os.path.join(cfg, "form.json"), encoding="utf-8") as f:
        form = json.load(f)
    words = {"roles": {"not-sure": _STRINGS_FORM["form.roles.unsure"]}}
    for name in os.listdir(os.path.join(cfg, "roles")):
        if name.endswith(".json"):
            with open(os.path.join(cfg, "roles", name), encoding="utf-8") as f:
                role = json.load(f)
            words["roles"][role["id"]] = role["title"]
    avail = form["availability"]
    lists = {"availability": avail["times"] + avail["hours"], "drives": form["drives"],
             "benefits": form["benefits"], "heard_from": form["heard_from"],
             "contact_time": form["contact_time"]}
    for col, opts in lists.items():
        words[col] = {o["id"]: o["label"] for o in opts}
    return words


with open(os.path.join(SRC, "kiosk-config", "strings", "form.json"), encoding="utf-8") as _f:
    _STRINGS_FORM = json.load(_f)
WORDS = _words()


def cell(v, col=None):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "; ".join(cell(x, col) for x in v)
    s = WORDS.get(col, {}).get(v, str(v))
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def check_csv(raw, ids, event):
    check(raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM")
    check(b"\r\n" in raw, "CSV rows end in CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    check(rows[0] == HEADINGS, f"CSV header {rows[0]}, want {HEADINGS}")
    check(len(set(HEADINGS)) == len(HEADINGS), "CSV headings are all different")
    check(len(rows) == 1 + len(LEADS), f"CSV has {len(rows) - 1} leads")
    for lead, lid, row in zip(LEADS, ids, rows[1:]):
        # (clock_synced: whatever this machine's timedated says, if any)
        want = [lid, None, None, event, "kiosk-hall-2", "queued"] + \
               [cell(lead.get(c), c) for c in COLUMNS[6:-1]] + [""]
        for col, w, g in zip(COLUMNS, want, row):
            if w is not None and w != g:
                check(False, f"CSV {col}: got {g!r}, want {w!r}")
        check(row[1].endswith("Z") and row[1].startswith(TODAY), f"created_at {row[1]}")


def check_json(raw, ids):
    arr = json.loads(raw.decode("utf-8"))
    check([o["id"] for o in arr] == ids, "JSON ids in order")
    for lead, o in zip(LEADS, arr):
        check(o["answers"] == lead, f"JSON answers round trip: {o['answers']}")


def test_export_usb():
    tmp = tempfile.mkdtemp(prefix="staff-usb-")
    data, media = os.path.join(tmp, "data"), os.path.join(tmp, "media")
    os.makedirs(data)
    os.makedirs(os.path.join(media, "pi", "EMPTYFOLDER"))	# left-over mount folder: not a stick
    kioskctl("set-pin", data=data, stdin=PIN + "\n")
    ids = [add_lead(data, a, at=NOON_MS - (2 - i) * 60_000, event="Fair")
           for i, a in enumerate(LEADS)]
    extra = config_with_usb(tmp, media)
    shots = None
    try:
        with Kiosk("800x480", data=data, today=TODAY, extra=extra) as k:
            open_staff(k)
            enter_pin(k, PIN)
            k.step('tap "Export to USB"')
            wait_job(k, BUSY_EXPORT)
            k.step('expect "No USB stick found. Put one in, wait a few seconds, then try again."')
            k.step('tap "OK"')
            shots = stick(media)
            if not shots:
                check(False, "no second filesystem to stand in for a USB stick")
                return
            k.step('tap "Export to USB"')
            wait_job(k, BUSY_EXPORT)
            words = " ".join(texts(k))
            k.step("screenshot staff-exported")
            finish(k, "export")
        check("2 leads written to the USB stick at " + os.path.join(media, "KIOSKSTICK") in words,
              f"export message: {words}")
        files = sorted(f for f in os.listdir(shots)
                       if not f.endswith("-README.txt") and not f.endswith("-counts.csv"))
        readme = [f for f in os.listdir(shots) if f.endswith("-README.txt")]
        counts = [f for f in os.listdir(shots) if f.endswith("-counts.csv")]
        check(len(counts) == 1, f"the anonymous counts beside the leads: {counts}")
        with open(os.path.join(shots, counts[0]) if counts else os.devnull, "rb") as f:
            check(f.read().startswith(b"\xef\xbb\xbfEvent,Date (UTC),Hour (UTC),Counter,"),
                  "the counts CSV has its headings")
        check(len(readme) == 1, f"a README for the office: {readme}")
        with open(os.path.join(shots, readme[0]) if readme else os.devnull) as f:
            check("WARNING: 2 leads are NOT sealed" in f.read(), "the README warns: not sealed")
        check("These leads are not sealed" in words, f"the export warns: {words}")
        check(len(files) == 2 and files[0].startswith("carekiosk-kiosk-hall-2-")
              and files[0].endswith(".csv") and files[1].endswith(".json"), f"files {files}")
        check(files[0][:-4] in words, "the message names the file")
        with open(os.path.join(shots, files[0]), "rb") as f:
            check_csv(f.read(), ids, "Fair")
        with open(os.path.join(shots, files[1]), "rb") as f:
            check_json(f.read(), ids)
        with sqlite3.connect(os.path.join(data, "leads.db")) as db:
            n = db.execute("SELECT count(*) FROM leads WHERE exported_at IS NOT NULL"
                           " AND status = 'queued'").fetchone()[0]
        check(n == 2, f"both leads marked exported and still queued ({n})")
        # kioskctl export writes the same CSV.
        r = subprocess.run([KIOSKCTL, "export", "--config", os.path.join(SRC, "kiosk-config"),
                            "--data", data, "--format", "csv"], capture_output=True, timeout=30)
        check(r.returncode == 0, f"kioskctl export: {r.stderr}")
        check_csv(r.stdout, ids, "Fair")
    finally:
        if shots:
            shutil.rmtree(shots, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


# test_export_slow's slow USB stick: the kiosk's export thread waits on this
# FIFO (CAREKIOSK_TEST_EXPORT_GATE) until the test writes into it, so the
# test, not the machine's speed, decides when the export ends.
GATE_NAME = "export-may-go"


def test_export_slow():
    """A slow stick does not freeze the screen: the export runs on its own
    thread, so right after the tap the kiosk still answers `dump`, shows the
    busy dialog with a clock that moves, and does not time out to the start
    screen while it works; the result comes after. (When the export ran on
    the UI thread, the tap itself waited for the export and the first dump
    already showed its result.)"""
    tmp = tempfile.mkdtemp(prefix="staff-slow-")
    data, media = os.path.join(tmp, "data"), os.path.join(tmp, "media")
    os.makedirs(media)
    os.makedirs(data)
    kioskctl("set-pin", data=data, stdin=PIN + "\n")
    for i, a in enumerate(LEADS):
        add_lead(data, a, at=NOON_MS - (2 - i) * 60_000, event="Fair")
    extra = config_with_usb(tmp, media)
    shots = stick(media)
    if not shots:
        check(False, "no second filesystem to stand in for a USB stick")
        shutil.rmtree(tmp, ignore_errors=True)
        return
    gate = os.path.join(tmp, GATE_NAME)
    os.mkfifo(gate)
    try:
        with Kiosk("800x480", data=data, today=TODAY, extra=extra,
                   env={"CAREKIOSK_TEST_EXPORT_GATE": gate}) as k:
            open_staff(k)
            enter_pin(k, PIN)
            t0 = time.monotonic()
            k.step('tap "Export to USB"')
            took = time.monotonic() - t0
            first = texts(k)
            check(took < 10, f"the tap took {took:.1f} s: the screen waited")
            check(BUSY_EXPORT in first, f"busy dialog right after the tap: {first}")
            check(not any("written to the USB stick" in w for w in first),
                  "no result before the export ends")
            check(os.listdir(shots) == [], f"nothing on the stick yet: {os.listdir(shots)}")
            k.step("screenshot staff-export-busy")
            # Staff away longer than the idle timeout (60 s) while the stick
            # works: no "Are you still there?", so no reset after it.
            k.step("wait 65000")
            mid = k.dump()
            words = [w["text"] for w in mid["widgets"]]
            check(mid["scene"] == "staff", f"idle reset under an export: {mid['scene']}")
            check("Are you still there?" not in words, "idle warning under an export")
            check(BUSY_EXPORT in words, "the export still runs after 65 s of virtual time")
            check("1:05" in words, f"the busy dialog's clock moves on: {words}")
            # The stick finishes: the export has the FIFO open for reading.
            fd = os.open(gate, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b"go")
            os.close(fd)
            wait_job(k, BUSY_EXPORT, limit=60)
            after = " ".join(texts(k))
            check("2 leads written to the USB stick at " + os.path.join(media, "KIOSKSTICK")
                  in after, f"export message after the wait: {after}")
            finish(k, "slow export")
        files = sorted(os.listdir(shots))
        check(len(files) == 4 and files[0].endswith("-README.txt")
              and files[1].endswith("-counts.csv") and files[2].endswith(".csv")
              and files[3].endswith(".json"), f"slow export files {files}")
    finally:
        shutil.rmtree(shots, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_event_tag(data):
    with Kiosk("800x480", data=data, today=TODAY) as k:
        open_staff(k)
        enter_pin(k, PIN)
        k.step('tap "Set event tag"')
        for key in ["L", "i", "b", "Space", "123", "2", "0", "2", "6", "ABC", "Backspace"]:
            k.step(f'tap "{key}"')
        k.step('type "rary"')
        k.step('tap "Save"')
        k.step('expect "Event: Lib 202rary"')
        k.step('expect "Event tag saved. New leads get it."')
        # Left alone, staff mode times out like any screen.
        k.step("wait 60000")
        k.step('expect "Are you still there?"')
        k.step("wait 15000")
        k.step("expect-scene attract")
        finish(k, "event tag")
    with sqlite3.connect(os.path.join(data, "leads.db")) as db:
        tag = db.execute("SELECT value FROM kv WHERE key='event.tag'").fetchone()
    check(tag == ("Lib 202rary",), f"event tag stored: {tag}")
    r = kioskctl("stats", data=data)
    check("this event:" in r.stdout and "(Lib 202rary)" in r.stdout, f"stats event: {r.stdout}")


def test_dump_odd_bytes(data):
    """Whatever the database holds, `dump` stays valid JSON: here an event
    tag written behind the kiosk's back, with bytes that are not UTF-8 and
    a control character, shown on the dashboard."""
    path = os.path.join(data, "leads.db")
    with sqlite3.connect(path) as db:
        old = db.execute("SELECT value FROM kv WHERE key='event.tag'").fetchone()[0]
        db.execute("UPDATE kv SET value=? WHERE key='event.tag'", (b"Fair \xff\xc3 \x1b end",))
    try:
        with Kiosk("800x480", data=data, today=TODAY) as k:
            open_staff(k)
            enter_pin(k, PIN)
            try:
                d = json.loads(k.step("dump"))
                t = [w["text"] for w in d["widgets"] if w["text"].startswith("Event: Fair")]
                check(t == ["Event: Fair \ufffd\ufffd \x1b end"], f"odd tag in dump: {t!r}")
            except (UnicodeDecodeError, ValueError) as e:
                check(False, f"dump is not valid UTF-8 JSON with an odd event tag: {e}")
                return
            finish(k, "odd event tag")
    finally:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE kv SET value=? WHERE key='event.tag'", (old,))


def tap_widget(k, w):
    k.step(f"tap {w['x'] + w['w'] // 2} {w['y'] + w['h'] // 2}")


def fill_form(k):
    """Registers an invented visitor through the real form: types the text
    fields, and on a step that will not go on, picks the first option of
    every group of choices (checkboxes between two labels) not yet chosen."""
    k.step('tap "Touch to start"')
    k.step('tap "Register your interest"')
    typed = {"first_name": "Zo\u00eb", "last_name": "Testperson", "phone": "07700 900123",
             "postcode": "LS1 4AP"}
    for _ in range(40):
        d = k.dump()
        if d["scene"] != "form":
            return d["scene"]
        t = [w["text"] for w in d["widgets"]]
        if "Send" in t:
            k.step('tap "Send"')
            continue
        for w in d["widgets"]:
            if w["role"] == "text-field" and w["name"] in typed and not w["text"]:
                tap_widget(k, w)
                k.step(f'type "{typed[w["name"]]}"')
        step = [x for x in t if x.startswith("Step ")]
        k.step('tap "Next"')
        d = k.dump()
        if d["scene"] != "form" or [w["text"] for w in d["widgets"]
                                    if w["text"].startswith("Step ")] != step:
            continue
        group, groups = [], []
        for w in d["widgets"] + [{"role": "end"}]:
            if w["role"] == "checkbox":
                group.append(w)
            elif group:
                groups.append(group)
                group = []
        for g in groups:
            if not any(w["checked"] for w in g):
                tap_widget(k, g[0])
    return k.dump()["scene"]


def test_lead_carries_tag(data):
    """The tag staff set is on the next lead a visitor leaves (the form
    reads kv "event.tag" in place of kiosk.json's event_tag)."""
    with Kiosk("800x480", data=data, today=TODAY) as k:
        scene = fill_form(k)
    check(scene == "thanks", f"the form did not finish (ended on {scene})")
    with sqlite3.connect(os.path.join(data, "leads.db")) as db:
        row = db.execute("SELECT event FROM leads ORDER BY created_at DESC, rowid DESC"
                         " LIMIT 1").fetchone()
    check(row == ("Lib 202rary",), f"the new lead's event is {row}, not the staff tag")


def test_exit(data):
    """Exit kiosk asks first; Cancel keeps it running, the second answer ends it."""
    k = Kiosk("800x480", data=data, today=TODAY)
    open_staff(k)
    enter_pin(k, PIN)
    k.step('tap "Exit kiosk"')
    k.step('expect "Close the kiosk?"')
    k.step('tap "Cancel"')
    k.step('expect-not "Close the kiosk?"')
    k.step('tap "Exit kiosk"')
    k.p.stdin.write('tap "Close the kiosk"\n')
    k.p.stdin.flush()
    k.p.stdout.readline()
    try:
        rc = k.p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        rc = None
    check(rc == 0, f"Close the kiosk: the kiosk should stop with 0, got {rc}")
    k.close()


def test_kioskctl_errors(data):
    missing = os.path.join(data, "no-such-folder")
    for cmd in (["stats"], ["export"], ["purge", "--sent-older-than", "30"]):
        r = kioskctl(*cmd, data=missing, stdin=PIN + "\n")
        check(r.returncode == 1 and "no data folder" in r.stderr and r.stdout == "",
              f"{cmd} with a missing data dir: {r.returncode} {r.stderr!r}")
    empty = tempfile.mkdtemp(prefix="staff-empty-")
    r = kioskctl("stats", data=empty)
    check(r.returncode == 1 and "no leads database" in r.stderr, f"empty dir: {r.stderr!r}")
    shutil.rmtree(empty)
    bad = [["export", "--format", "xml"], ["export", "--status", "lost"],
           ["export", "--since", "23/11/2026"], ["export", "--out"], ["purge"],
           ["purge", "--sent-older-than", "ten"], ["purge", "--sent-older-than", "-1"],
           ["stats", "--verbose"], ["set-pin", "1234"], ["frobnicate"]]
    for cmd in bad:
        r = kioskctl(*cmd, data=data)
        check(r.returncode == 2 and r.stderr and r.stdout == "",
              f"{cmd}: want exit 2 and a message, got {r.returncode} {r.stderr!r}")
    for pin in ("12", "123456789", "12ab", ""):
        r = kioskctl("set-pin", data=data, stdin=pin + "\n")
        check(r.returncode == 2 and "4 to 8 digits" in r.stderr or not pin and r.returncode == 2,
              f"set-pin {pin!r}: {r.returncode} {r.stderr!r}")
    for cmd in ("stats", "export", "purge", "set-pin", "check"):
        r = kioskctl(cmd, "--help", data=data)
        check(r.returncode == 0 and r.stdout.startswith(f"usage: kioskctl {cmd}"),
              f"{cmd} --help: {r.stdout[:60]!r}")


def test_set_pin_new_install():
    """set-pin before the kiosk ever ran: it makes the data folder (and its
    parents) as the kiosk would, 0700 and owned by whoever owns the nearest
    folder above (so `sudo kioskctl` makes it for the kiosk's own user), and
    the kiosk then asks for that PIN."""
    base = tempfile.mkdtemp(prefix="staff-new-")
    try:
        data = os.path.join(base, "share", "carekiosk")
        r = kioskctl("set-pin", data=data, stdin=PIN + "\n")
        check(r.returncode == 0 and "staff PIN set" in r.stdout,
              f"set-pin into a new folder: {r.returncode} {r.stderr!r}")
        for d in (data, os.path.dirname(data)):
            st = os.stat(d)
            check(st.st_mode & 0o777 == 0o700 and st.st_uid == os.geteuid(),
                  f"{d}: mode {oct(st.st_mode & 0o777)} uid {st.st_uid}")
        check(os.stat(os.path.join(data, "leads.db")).st_mode & 0o777 == 0o600, "leads.db 0600")
        with Kiosk("800x480", data=data, today=TODAY) as k:
            open_staff(k)
            k.step('expect "Enter the staff PIN"')
            enter_pin(k, PIN)
            k.step('expect "Today"')
            finish(k, "PIN set before the first start")
        if os.geteuid() == 0:
            import pwd
            nobody = pwd.getpwnam("nobody")
            os.chmod(base, 0o755)
            home = os.path.join(base, "home")
            os.mkdir(home, 0o755)
            os.chown(home, nobody.pw_uid, nobody.pw_gid)
            data = os.path.join(home, ".local", "share", "carekiosk")
            r = kioskctl("set-pin", data=data, stdin=PIN + "\n")
            check(r.returncode == 0, f"sudo set-pin into a new folder: {r.stderr!r}")
            for f in (data, os.path.join(home, ".local"), os.path.join(data, "leads.db")):
                st = os.stat(f)
                check(st.st_uid == nobody.pw_uid and st.st_gid == nobody.pw_gid,
                      f"{f} belongs to the folder's owner, not root: {st.st_uid}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_locked_database(data):
    """Another program holds the write lock: reading still works (WAL), and
    a command that writes gives up after its 5 s wait with a clear message."""
    db = sqlite3.connect(os.path.join(data, "leads.db"), isolation_level=None, timeout=1)
    check(db.execute("PRAGMA journal_mode").fetchone()[0] == "wal", "the kiosk uses WAL")
    db.execute("BEGIN EXCLUSIVE")
    db.execute("UPDATE kv SET value = value WHERE key = 'event.tag'")
    try:
        t = time.monotonic()
        r = kioskctl("stats", data=data, timeout=20)
        check(r.returncode == 0 and "leads on this kiosk:" in r.stdout,
              f"stats while locked: {r.returncode} {r.stderr!r}")
        r = kioskctl("export", "--format", "json", data=data, timeout=20)
        check(r.returncode == 0 and json.loads(r.stdout), f"export while locked: {r.stderr!r}")
        check(time.monotonic() - t < 5, "reading did not wait for the lock")
        r = kioskctl("purge", "--sent-older-than", "0", data=data, timeout=30)
        check(r.returncode == 1 and "locked by another program" in r.stderr,
              f"purge while locked: {r.returncode} {r.stderr!r}")
    finally:
        db.execute("ROLLBACK")
        db.close()
    r = kioskctl("purge", "--sent-older-than", "0", data=data)
    check(r.returncode == 0 and "deleted 1 uploaded lead " in r.stdout, f"purge: {r.stdout!r}")


def config_with_upload(tmp, url, ca_file=None):
    cfg = os.path.join(tmp, "config")
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    with open(os.path.join(cfg, "token"), "w") as f:
        f.write("test-token\n")
    path = os.path.join(cfg, "kiosk.json")
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    j["upload"] = {"url": url, "token_file": "token"}
    if ca_file:
        shutil.copy(ca_file, os.path.join(cfg, "office-ca.pem"))
        j["upload"]["ca_file"] = "office-ca.pem"	# relative: in the config folder
    with open(path, "w", encoding="utf-8") as f:
        json.dump(j, f, indent=2)
    return ["--config", cfg, "--assets", os.path.join(SRC, "assets")]


class TlsListener:
    """A TLS server on 127.0.0.1 with a fresh self-signed certificate for
    "localhost"; it completes handshakes and sends nothing."""

    def __init__(self, tmp):
        self.cert = os.path.join(tmp, "cert.pem")
        key = os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", key, "-out", self.cert], check=True, capture_output=True)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.thread = threading.Thread(target=self.serve, args=(ctx,), daemon=True)
        self.thread.start()

    def serve(self, ctx):
        while not self.stop:
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            try:
                c.settimeout(2)
                with ctx.wrap_socket(c, server_side=True):
                    pass
            except (OSError, ssl.SSLError):
                c.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def reach_case(url, want, name, strs, ca_file=None):
    answers = [strs[k] for k in ("staff.net.ok", "staff.net.down", "staff.net.untrusted")]
    tmp = tempfile.mkdtemp(prefix="staff-net-")
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    kioskctl("set-pin", data=data, stdin=PIN + "\n")
    extra = config_with_upload(tmp, url, ca_file)
    with Kiosk("800x480", data=data, today=TODAY, extra=extra) as k:
        open_staff(k)
        enter_pin(k, PIN)
        # The check is a job: its answer is drawn when it ends, without the
        # virtual clock moving (so no timer of the dashboard's brings it).
        k.step("wait-jobs 20000")
        got = [x for x in texts(k) if x in answers]
        check(got == [want], f"reachability {name}: {got}, want {want!r}")
        probs = []
        test_layout.check_screen(k, "800x480", f"staff-net-{name}", probs)
        for p in probs:
            check(False, p)
        k.step(f"screenshot staff-net-{name}")
        finish(k, f"reachability {name}")
    shutil.rmtree(tmp, ignore_errors=True)


def test_reachability():
    """With nothing to upload the dashboard still says whether the upload
    server can be reached (a check on its own thread: poll for its answer),
    and, for https, whether its certificate is trusted."""
    strs = json.load(open(os.path.join(SRC, "kiosk-config", "strings", "staff.json"),
                          encoding="utf-8"))
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(4)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    tmp = tempfile.mkdtemp(prefix="staff-tls-")
    tls = TlsListener(tmp)
    try:
        reach_case(f"http://127.0.0.1:{listening.getsockname()[1]}/leads", strs["staff.net.ok"],
                   "up", strs)
        reach_case(f"http://127.0.0.1:{closed_port}/leads", strs["staff.net.down"], "down", strs)
        https = f"https://localhost:{tls.port}/leads"
        reach_case(https, strs["staff.net.untrusted"], "untrusted", strs)
        reach_case(https, strs["staff.net.ok"], "trusted-ca", strs, ca_file=tls.cert)
    finally:
        listening.close()
        tls.close()
        shutil.rmtree(tmp, ignore_errors=True)


def test_staff_layout():
    """The staff screens at every size: text fits, nothing off screen, big keys."""
    problems = []
    for size in test_layout.SIZES:
        data = tempfile.mkdtemp(prefix="staff-layout-")
        kioskctl("set-pin", data=data, stdin=PIN + "\n")
        with Kiosk(size, data=data, today=TODAY) as k:
            open_staff(k)
            k.step('tap "1"')
            k.step('tap "OK"')
            test_layout.check_screen(k, size, "staff-pin-short", problems)
            enter_pin(k, "1111")
            test_layout.check_screen(k, size, "staff-pin-wrong", problems)
            enter_pin(k, PIN)
            test_layout.check_screen(k, size, "staff", problems)
            k.step('tap "Content"')
            test_layout.check_screen(k, size, "staff-content", problems)
            k.step('tap "Check content"')
            wait_job(k, BUSY_CHECK)
            test_layout.check_screen(k, size, "staff-check", problems)
            k.step('tap "OK"')
            k.step('tap "Exit kiosk"')
            test_layout.check_screen(k, size, "staff-exit", problems)
            k.step('tap "Cancel"')
            k.step('tap "Set event tag"')
            test_layout.check_screen(k, size, "staff-tag", problems)
            k.step(f"screenshot staff-tag-{size}")
            finish(k, f"layout {size}")
        shutil.rmtree(data, ignore_errors=True)
    for p in problems:
        check(False, p)


def main():
    for tool in (KIOSKCTL, ADDLEAD):
        if not os.access(tool, os.X_OK):
            print(f"missing {tool}: build kioskctl and tests/staff first")
            return 1
    data = tempfile.mkdtemp(prefix="staff-e2e-")
    try:
        test_no_pin()
        # Leads today (two queued), one sent, one refused yesterday. The sent
        # one is recent enough to survive the kiosk's own 30-day purge, and
        # old enough for `purge --sent-older-than 0` on the real clock.
        sent_at = min(NOON_MS, int(time.time() * 1000)) - 86400_000 * 5
        add_lead(data, {"first_name": "Ann"}, event="Fair")
        add_lead(data, {"first_name": "Bob"})
        add_lead(data, {"first_name": "Cy"}, at=sent_at, status="sent")
        add_lead(data, {"first_name": "Di"}, at=NOON_MS - 86400_000, status="rejected")
        test_lockout(data)
        test_event_tag(data)
        test_dump_odd_bytes(data)
        test_exit(data)
        test_kioskctl_errors(data)
        test_set_pin_new_install()
        test_locked_database(data)
        test_export_usb()
        test_export_slow()
        test_reachability()
        test_staff_layout()
        test_lead_carries_tag(data)	# needs the form to read kv "event.tag"
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
