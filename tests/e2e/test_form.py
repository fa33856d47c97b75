"""The expression-of-interest form, end to end through the real kiosk:
(a) filled with on-screen key taps only (accents by long press, backspace
held down, a tap to move the cursor), (b) with a physical keyboard, with the
event tag in the lead and the course link; (c) messages that say what to
fix; (d) idle reset mid-form leaves nothing; (e) SIGKILL at random moments,
and within milliseconds of Send, never loses or doubles a thanked lead;
(f) a full database (max_page_count) and (f2) a really full disk (a tiny
tmpfs) say sorry, keep the answers on screen and lose no earlier lead; (f3) a
kiosk started where no database can be made yet saves once it can, no restart;
(g) an Arabic name renders and is stored intact; (h) a quiz summary is
stored only when its tick is ticked; (i) a job preview pre-selects its job;
(j) sent leads past retention_days go at a visit reset, queued ones never.
Every lead is checked in the database with sqlite3.
Run only some: test_form.py test_disk_full test_retention"""
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk, StepFailed  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
with open(os.path.join(CONFIG, "keyboards.json"), encoding="utf-8") as f:
    ACCENTS = json.load(f)["accents"]
with open(os.path.join(CONFIG, "strings", "form.json"), encoding="utf-8") as f:
    S = json.load(f)
with open(os.path.join(CONFIG, "form.json"), encoding="utf-8") as f:
    FORM = json.load(f)
BASE_OF = {alt: base for base, alts in ACCENTS.items() for alt in alts}
CONSENT = S["form.consent.contact"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def widgets(tree, role=None, name=None):
    return [w for w in tree["widgets"]
            if (role is None or w["role"] == role) and (name is None or w.get("name") == name)]


def centre(w):
    return w["x"] + w["w"] // 2, w["y"] + w["h"] // 2


def tap_w(k, w):
    k.step("tap %d %d" % centre(w))


def keys(k):
    return {w["text"]: w for w in widgets(k.dump(), "key")}


def field_text(k, name):
    f = widgets(k.dump(), "text-field", name)
    return f[0]["text"] if f else None


def set_case(k, upper):
    """Taps Shift until the letter keys show the case wanted."""
    for _ in range(3):
        ks = keys(k)
        if ("Q" in ks or "A" in ks) == upper:
            return
        tap_w(k, ks["Shift"])
    raise StepFailed("cannot set the keyboard's case")


def press(k, c):
    """Types one character with on-screen keys only."""
    ks = keys(k)
    if c == " ":
        return tap_w(k, ks["Space"])
    if c in ks:
        return tap_w(k, ks[c])
    if c in BASE_OF:
        base = BASE_OF[c]
        if base not in ks:
            set_case(k, base.isupper())
        x, y = centre(keys(k)[base])
        k.step("longpress %d %d 700" % (x, y))
        popup = keys(k)
        check(c in popup, "long press on %s shows %s" % (base, c))
        return tap_w(k, popup[c])
    if c.isalpha() and "Shift" in ks:
        set_case(k, c.isupper())
        return tap_w(k, keys(k)[c])
    if "123" in ks:
        tap_w(k, ks["123"])
        tap_w(k, keys(k)[c])
        return tap_w(k, keys(k)["ABC"])
    raise StepFailed("no key for %r" % c)


def type_keys(k, text):
    for c in text:
        press(k, c)


def focus(k, name):
    tap_w(k, widgets(k.dump(), "text-field", name)[0])


def tap_choice(k, text):
    w = [w for w in widgets(k.dump()) if w["text"] == text and w["role"] in ("checkbox", "button")]
    check(len(w) == 1, "one choice %r" % text)
    tap_w(k, w[0])


def leads(data):
    db = sqlite3.connect(os.path.join(data, "leads.db"))
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM leads ORDER BY created_at, id")]
    db.close()
    for r in rows:
        r["a"] = json.loads(r["answers"])
    return rows


def version():
    out = subprocess.run([os.environ["KIOSK_BIN"], "--version"], capture_output=True, text=True)
    return out.stdout.strip()


def check_lead(row, want, label):
    a = row["a"]
    for key, value in want.items():
        got = a.get(key)
        if isinstance(value, list) and isinstance(got, list):
            got, value = sorted(got), sorted(value)
        check(got == value, "%s: %s is %r, want %r" % (label, key, got, value))
    keys_all = {"first_name", "last_name", "phone", "email", "postcode", "roles", "availability",
                "drives", "benefits", "heard_from", "contact_time", "consent_contact",
                "consent_share", "include_quiz"}
    check(keys_all <= set(a), "%s: answers miss %s" % (label, keys_all - set(a)))
    check(row["status"] == "queued", "%s: status %s" % (label, row["status"]))
    check(row["device"] == "kiosk-1", "%s: device %r" % (label, row["device"]))
    check(row["lang"] == "en", "%s: lang %r" % (label, row["lang"]))
    check(row["app_version"] and row["app_version"] in version(),
          "%s: app_version %r" % (label, row["app_version"]))
    check(re.fullmatch(r"[0-9a-f]{12}", row["content_version"] or ""),
          "%s: content_version %r" % (label, row["content_version"]))
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created_at"]),
          "%s: created_at %r" % (label, row["created_at"]))


def start_form(k):
    k.step('tap "Touch to start"')
    k.step('tap "Register your interest"')
    k.step('expect-scene form')
    k.step('tap "Next"')
    k.step('expect "Step 2 of 11"')


def choices_and_send(k, roles, times, hours, drives, benefits, heard, when, share):
    """Steps 5 to 11 by taps; returns the review's dump."""
    for r in roles:
        tap_choice(k, r)
    k.step('tap "Next"')
    for t in times + [hours, drives]:
        tap_choice(k, t)
    k.step('tap "Next"')
    for t in (benefits, heard, when):
        tap_choice(k, t)
        k.step('tap "Next"')
    k.step('expect "Can we contact you?"')
    tap_w(k, widgets(k.dump(), "checkbox", "consent_contact")[0])
    if share:
        tap_w(k, widgets(k.dump(), "checkbox", "consent_share")[0])
    k.step('tap "Next"')
    k.step('expect "Check your answers"')
    return k.dump()


def test_keys_only():
    """(a) Every character from on-screen keys; the row checked field by field."""
    with Kiosk("800x480") as k:
        start_form(k)
        # Autocapital: the first letter is a capital; Ł by long press on L.
        type_keys(k, "Łukaszxyz")
        x, y = centre(keys(k)["Backspace"])
        k.step("longpress %d %d 700" % (x, y))    # held: 3 deletions
        check(field_text(k, "first_name") == "Łukasz", "held backspace: %r" % field_text(k, "first_name"))
        tap_w(k, keys(k)["Done"])                 # on to the next empty box
        type_keys(k, "ąbek-estperson")
        # A tap at the box's left edge puts the cursor at the start.
        box = widgets(k.dump(), "text-field", "last_name")[0]
        k.step("tap %d %d" % (box["x"] + 4, box["y"] + box["h"] // 2))
        type_keys(k, "D")
        # Mid-text: after the hyphen, then fix a letter: "Dąbek-Testperson".
        k.step('key End')
        for _ in range(len("estperson")):
            k.step('key Left')
        type_keys(k, "T")
        check(field_text(k, "last_name") == "Dąbek-Testperson", "last name %r" % field_text(k, "last_name"))
        k.step('screenshot form-keys-name')
        k.step('tap "Next"')
        k.step('expect "How can we contact you?"')
        check("5" in keys(k) and "+" in keys(k), "the phone pad is up for the phone")
        type_keys(k, "07700 900123")
        tap_w(k, keys(k)["Done"])
        check("@" in keys(k) and ".co.uk" in keys(k), "the email keyboard follows")
        type_keys(k, "lukasz.test2@example")      # 2: via 123, back with ABC
        tap_w(k, keys(k)[".co.uk"])
        check(field_text(k, "email") == "lukasz.test2@example.co.uk", "email %r" % field_text(k, "email"))
        k.step('screenshot form-keys-email')
        k.step('tap "Next"')
        k.step('expect "What is your postcode?"')
        type_keys(k, "LS1 4AP")
        k.step('tap "Next"')
        review = choices_and_send(k, ["Home care worker", "Personal assistant (PA)"],
                                  ["Evenings", "Weekends"], "Full-time",
                                  "Yes, I drive and I have a car", "I would rather not say",
                                  "A friend or family member", "Afternoon (12 noon to 5pm)", True)
        texts = [w["text"] for w in review["widgets"]]
        check("Łukasz Dąbek-Testperson" in texts, "review shows the name")
        check(len(widgets(review, "button", "change-name")) == 1, "Change beside the name")
        k.step('tap "Send"')
        k.step('expect-scene thanks')
        # A personal assistant job and no benefits: the PA academy.
        k.step('expect "%s"' % FORM["programmes"]["pa-academy"]["name"])
        rows = leads(k.data)
        check(len(rows) == 1, "one lead, got %d" % len(rows))
        if rows:
            check_lead(rows[0], {
                "first_name": "Łukasz", "last_name": "Dąbek-Testperson", "phone": "07700 900123",
                "email": "lukasz.test2@example.co.uk", "postcode": "LS1 4AP",
                "roles": ["home-care-worker", "personal-assistant"],
                "availability": ["evenings", "weekends", "full-time"],
                "drives": "licence-and-car", "benefits": "rather-not-say",
                "heard_from": "friend-family", "contact_time": "afternoon",
                "consent_contact": True, "consent_share": True, "include_quiz": False,
                "share_partners": FORM["partners"]}, "keys-only lead")
            check(rows[0]["event"] is None, "no event tag set: event is NULL")


def fill_typed(k, first, last, phone, email, postcode):
    start_form(k)
    k.step('type "%s"' % first)
    k.step('key Return')
    k.step('type "%s"' % last)
    k.step('tap "Next"')
    k.step('type "%s"' % phone)
    k.step('key Return')
    k.step('type "%s"' % email)
    k.step('tap "Next"')
    k.step('type "%s"' % postcode)
    k.step('tap "Next"')
    k.step('expect "Which jobs interest you?"')


def tagged_config():
    d = tempfile.mkdtemp(prefix="kiosk-config-")
    cfg = os.path.join(d, "kiosk-config")
    shutil.copytree(CONFIG, cfg)
    with open(os.path.join(cfg, "kiosk.json"), encoding="utf-8") as f:
        kj = json.load(f)
    kj["event_tag"] = "Leeds Careers Fair 2026-03"
    with open(os.path.join(cfg, "kiosk.json"), "w", encoding="utf-8") as f:
        json.dump(kj, f)
    return d, cfg


def test_typed():
    """(b) A physical keyboard; the event tag in the lead and the course link."""
    tmp, cfg = tagged_config()
    try:
        with Kiosk("1920x1080", extra=("--config", cfg, "--assets", os.path.join(SRC, "assets"))) as k:
            fill_typed(k, "Zoë", "Nguyễn", "+44 (0)113 496 0000", "Zoe.N@Example.COM", "sw1a1aa")
            choices_and_send(k, ["Residential care worker", "Not sure yet"], ["Nights"],
                             "Not sure yet", "I can drive, but I have no car", "No",
                             "Social media", "Any time", False)
            k.step('expect "Phone: 0113 496 0000"')
            k.step('expect "SW1A 1AA"')
            k.step('tap "Send"')
            k.step('expect-scene thanks')
            k.step('expect "Step into Care"')
            qr = widgets(k.dump(), "qr")
            check(len(qr) == 1 and qr[0]["text"] == "https://wecare.example.org/courses/"
                  "step-into-care?event=Leeds%20Careers%20Fair%202026-03", "course QR %r" % qr)
            rows = leads(k.data)
            check(len(rows) == 1, "typed: one lead")
            if rows:
                check_lead(rows[0], {
                    "first_name": "Zoë", "last_name": "Nguyễn", "phone": "0113 496 0000",
                    "email": "Zoe.N@example.com", "postcode": "SW1A 1AA",
                    "roles": ["residential-care-worker", "not-sure"],
                    "availability": ["nights", "hours-not-sure"], "drives": "licence-no-car",
                    "benefits": "no", "heard_from": "social-media", "contact_time": "any",
                    "consent_contact": True, "consent_share": False, "include_quiz": False},
                    "typed lead")
                check("share_partners" not in rows[0]["a"], "no partners without consent")
                check(rows[0]["event"] == "Leeds Careers Fair 2026-03", "event %r" % rows[0]["event"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def expect_fix(k, key, step):
    k.step('expect "%s"' % S[key])
    k.step('expect "Step %d of 11"' % step)


def test_validation():
    """(c) Each mistake keeps the visitor on the step with the exact fix."""
    with Kiosk("800x480") as k:
        start_form(k)
        k.step('tap "Next"')
        expect_fix(k, "err.name.empty", 2)
        focus(k, "first_name")
        k.step('type "Zoë2"')
        k.step('key Return')
        k.step('type "Testperson"')
        k.step('tap "Next"')
        expect_fix(k, "err.name.bad_char", 2)
        focus(k, "first_name")
        k.step('key Backspace')
        k.step('tap "Next"')
        k.step('tap "Next"')
        expect_fix(k, "form.err.contact_none", 3)
        for phone, err in (("0123", "err.phone.short"), ("07700 9001234", "err.phone.long"),
                           ("07700 90O123", "err.phone.bad_char"), ("0800 123 4567", "err.phone.type"),
                           ("+1 212 555 0100", "err.phone.not_uk")):
            focus(k, "phone")
            k.step('key End')
            for _ in range(20):
                k.step('key Backspace')
            k.step('type "%s"' % phone)
            k.step('tap "Next"')
            expect_fix(k, err, 3)
        focus(k, "phone")
        for _ in range(20):
            k.step('key Backspace')
        for email, err in (("zoe@example", "err.email.no_dot"), ("zoe example.com", "err.email.space"),
                           ("zoe.example.com", "err.email.no_at"), ("zoe@@example.com", "err.email.two_at")):
            focus(k, "email")
            k.step('key End')
            for _ in range(30):
                k.step('key Backspace')
            k.step('type "%s"' % email)
            k.step('tap "Next"')
            expect_fix(k, err, 3)
        k.step('screenshot form-contact-error')
        focus(k, "email")
        for _ in range(30):
            k.step('key Backspace')
        k.step('type "zoe@example.com"')
        k.step('tap "Next"')
        for pc, err in (("LS1", "err.postcode.shape"), ("LS1 4A!", "err.postcode.bad_char"),
                        ("", "err.postcode.empty")):
            focus(k, "postcode")
            for _ in range(10):
                k.step('key Backspace')
            if pc:
                k.step('type "%s"' % pc)
            k.step('tap "Next"')
            expect_fix(k, err, 4)
        # Fixing a box clears its message as soon as the visitor types.
        focus(k, "postcode")
        k.step('type "L"')
        k.step('expect-not "%s"' % S["err.postcode.empty"])
        rows = leads(k.data)
        check(rows == [], "nothing saved while filling in")


def test_idle_reset():
    """(d) Idle mid-form: no lead, nothing on disk, an empty form next time."""
    with Kiosk("800x480") as k:
        fill_typed(k, "Zoë", "Idletestperson", "07700 900456", "", "LS6 1AA")
        tap_choice(k, "Support worker")
        k.step('wait 80000')                  # timeout + warning
        k.step('expect-scene attract')
        check(leads(k.data) == [], "idle reset saved nothing")
        for name in os.listdir(k.data):
            with open(os.path.join(k.data, name), "rb") as f:
                blob = f.read()
            check(b"Idletestperson" not in blob and b"900456" not in blob,
                  "%s holds nothing the visitor typed" % name)
        start_form(k)
        tree = k.dump()
        for f in widgets(tree, "text-field"):
            check(f["text"] == "", "%s is empty for the next visitor" % f.get("name"))
        check(not any("Idletestperson" in w["text"] for w in tree["widgets"]), "no trace on screen")
        k.step('tap "Next"')
        k.step('expect "%s"' % S["err.name.empty"])


def kill_run(data, last, delay, at_send=None):
    """One visitor; SIGKILL after delay seconds from the start, or (at_send)
    that many seconds after Send is pressed, so the kill can land inside
    the commit itself; None: never. Returns (reached thanks, seconds taken,
    seconds the Send step took)."""
    k = Kiosk("800x480", data=data)
    t0 = time.time()
    state = {"timer": None}

    def arm(after):
        state["timer"] = threading.Timer(after, lambda p=k.p: p.send_signal(signal.SIGKILL))
        state["timer"].start()

    if delay:
        arm(delay)
    thanked, send_span = False, 0.0
    try:
        fill_typed(k, "Zoë", last, "07700 900789", "", "LS2 7EW")
        choices_and_send(k, ["Home care worker"], ["Daytime"], "Part-time",
                         "No, I do not drive", "Yes", "Job Centre", "Any time", False)
        if at_send is not None:
            arm(at_send)
        t1 = time.time()
        k.step('tap "Send"')
        send_span = time.time() - t1
        # The answer to this dump is how the test knows thanks was reached.
        thanked = k.dump()["scene"] == "thanks"
    except (StepFailed, BrokenPipeError, ValueError):
        pass
    finally:
        if state["timer"]:
            state["timer"].cancel()
        k.p.kill()
        k.p.wait()
    return thanked, time.time() - t0, send_span


def test_durability(rounds=40, send_rounds=30, seed=None):
    """(e) SIGKILL at random moments: every thanked lead once and intact.
    Half the kills fall anywhere in a visit; the rest within a few
    milliseconds of Send, where the lead is being committed."""
    seed = seed if seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    data = tempfile.mkdtemp(prefix="kiosk-kill-")
    thanked, tried = [], []
    letters = "abcdefghijklmnopqrstuvwxyz"
    try:
        # One whole run first, to time it (slower under the sanitizers).
        ok, span, send_span = kill_run(data, "Killtestzz", None)
        check(ok, "an unkilled run reaches thanks")
        thanked.append("Killtestzz")
        tried.append("Killtestzz")
        send_kills = {"thanked": 0, "saved, not thanked": 0, "not saved": 0}
        for i in range(rounds + send_rounds):
            last = "Killtest" + letters[i % 26] + letters[(i // 26) % 26]
            tried.append(last)
            if i < rounds:
                ok, _, _ = kill_run(data, last, rnd.uniform(0.01, span * 1.1))
            else:
                ok, _, _ = kill_run(data, last, None, rnd.uniform(0, send_span * 1.5))
                saved = last in [r["a"]["last_name"] for r in leads(data)]
                send_kills["thanked" if ok else "saved, not thanked" if saved else "not saved"] += 1
            if ok:
                thanked.append(last)
        rows = leads(data)
        names = [r["a"]["last_name"] for r in rows]
        for last in thanked:
            check(names.count(last) == 1, "seed %d: thanked %s is saved once (%d)" % (seed, last, names.count(last)))
        for last in set(names):
            check(names.count(last) == 1, "seed %d: %s saved twice" % (seed, last))
            check(last in tried, "seed %d: unknown lead %s" % (seed, last))
        for r in rows:
            check_lead(r, {"first_name": "Zoë", "phone": "07700 900789", "postcode": "LS2 7EW",
                           "roles": ["home-care-worker"], "availability": ["days", "part-time"],
                           "benefits": "yes", "heard_from": "job-centre"}, "killed run " + r["a"]["last_name"])
        db = sqlite3.connect(os.path.join(data, "leads.db"))
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "database intact")
        db.close()
        print("durability: seed %d, a run %.2fs (Send %.1f ms), %d killed runs, %d thanked, %d saved;"
              " kills near Send: %s" % (seed, span, send_span * 1000, rounds + send_rounds,
                                        len(thanked) - 1, len(rows) - 1, send_kills))
    finally:
        shutil.rmtree(data, ignore_errors=True)


def fill_until_full(k, label):
    """Sends leads until one is refused; checks the sorry message, that
    the answers stay on screen and that a second Send is refused too.
    Returns the last names of the leads that were thanked."""
    saved, letters = [], "abcdefghijklmnopqrstuvwxyz"
    for i in range(60):
        last = "Fulltest" + letters[i % 26] + letters[i // 26]
        fill_typed(k, "Zoë", last, "07700 900321", "zoe.full@example.com", "LS3 1AB")
        choices_and_send(k, ["Home care worker", "Support worker", "Night care worker"],
                         ["Daytime", "Evenings", "Nights", "Weekends"], "Full-time",
                         "No, I do not drive", "No", "Job Centre", "Any time", True)
        k.step('tap "Send"')
        if k.dump()["scene"] == "thanks":
            saved.append(last)
            k.step('tap "Finish"')
            continue
        k.step('expect "%s"' % S["form.save_failed"])
        k.step('expect-scene form')
        k.step('expect "Zoë %s"' % last)           # the answers stay on screen
        k.step('expect "Email: zoe.full@example.com"')
        k.step('screenshot %s' % label)
        k.step('tap "Send"')                        # still full: still sorry
        k.step('expect "%s"' % S["form.save_failed"])
        k.step('expect-scene form')
        break
    else:
        check(False, "%s: the database never filled" % label)
    print("%s: full after %d leads" % (label, len(saved)))
    check(len(saved) >= 2, "%s: some leads saved before the disk filled (%d)" % (label, len(saved)))
    return saved


def check_earlier_leads(data, saved, label):
    rows = leads(data)
    check([r["a"]["last_name"] for r in rows] == saved,
          "%s: every earlier lead is there once: %r" % (label, [r["a"]["last_name"] for r in rows]))
    for r in rows:
        check_lead(r, {"first_name": "Zoë", "email": "zoe.full@example.com"}, label)
    db = sqlite3.connect(os.path.join(data, "leads.db"))
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "%s: database intact" % label)
    db.close()


def test_disk_full():
    """(f) The database fills (max_page_count): sorry, answers kept, earlier leads intact."""
    # 12 pages are the empty schema (leads, kv and the counts' three tables
    # with their indexes); one more holds a lead or two before it is full.
    with Kiosk("800x480", env={"CAREKIOSK_TEST_MAX_PAGES": os.environ.get("FORM_MAX_PAGES", "13")}) as k:
        saved = fill_until_full(k, "form-disk-full")
        check_earlier_leads(k.data, saved, "max_page_count")


# A real full disk: the data folder is a tiny tmpfs, mounted in a private
# mount namespace (unshare -rm: no root needed where user namespaces are
# allowed). SQLite then meets ENOSPC writing its WAL, which max_page_count
# never exercises. When the kiosk exits, its files are copied out to be read.
TMPFS_WRAP = ('mount -t tmpfs -o size="$TMPFS_SIZE" tmpfs "$0" || exit 97; '
              'if [ -n "$TMPFS_FILL" ]; then mkdir "$0/.fill"; '
              'cat /dev/zero > "$0/.fill/zero" 2>/dev/null; '
              '(while [ ! -e "$TMPFS_FILL" ]; do sleep 0.05; done; rm -rf "$0/.fill"; '
              'touch "$TMPFS_FILL.done") & fi; '
              '"$@"; rc=$?; [ -n "$TMPFS_FILL" ] && kill $! 2>/dev/null; rm -rf "$0/.fill"; '
              'cp -a "$0"/. "$TMPFS_OUT"/; exit $rc')


def tmpfs_works():
    d = tempfile.mkdtemp(prefix="kiosk-tmpfs-probe-")
    try:
        r = subprocess.run(["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', d],
                           capture_output=True)
        return r.returncode == 0
    except OSError:
        return False
    finally:
        shutil.rmtree(d, ignore_errors=True)


class TmpfsKiosk(Kiosk):
    """A Kiosk whose --data is a tmpfs of `size`; self.data is the copy
    made when it exits (read it after close())."""

    def __init__(self, size, fill=False):
        """fill: the tmpfs is full before the kiosk starts, until free()."""
        self.mnt = tempfile.mkdtemp(prefix="kiosk-tmpfs-")
        out = tempfile.mkdtemp(prefix="kiosk-tmpfs-out-")
        self.trigger = out + ".free" if fill else ""
        self.own_data, self.data = True, out
        self.shots = os.path.join(os.environ.get("KIOSK_OUT", "/tmp"), "shots", "py")
        os.makedirs(self.shots, exist_ok=True)
        args = ["unshare", "-rm", "sh", "-c", TMPFS_WRAP, self.mnt,
                os.environ["KIOSK_BIN"], "--headless", "--windowed", "800x480", "--config", CONFIG,
                "--data", self.mnt, "--today", "2026-11-23", "--script", "-",
                "--screenshots", self.shots]
        env = dict(os.environ, TMPFS_SIZE=size, TMPFS_OUT=out, TMPFS_FILL=self.trigger)
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True, encoding="utf-8", env=env)

    def free(self):
        """Frees the space the filler took (a helper inside the namespace
        waits for the trigger file)."""
        open(self.trigger, "w").close()
        for _ in range(200):
            if os.path.exists(self.trigger + ".done"):
                return
            time.sleep(0.05)
        check(False, "the tmpfs filler was not removed")

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=60)
        shutil.rmtree(self.mnt, ignore_errors=True)
        for f in (self.trigger, self.trigger + ".done"):
            if f and os.path.exists(f):
                os.remove(f)
        return self.p.returncode


def test_disk_full_tmpfs():
    """(f2) A real full disk (tmpfs): the same sorry, answers kept, and
    every earlier lead intact in the files left behind."""
    if not tmpfs_works():
        print("test_disk_full_tmpfs: SKIPPED (cannot mount a tmpfs in a user namespace here)")
        return
    k = TmpfsKiosk(os.environ.get("FORM_TMPFS_SIZE", "160k"))
    try:
        saved = fill_until_full(k, "form-disk-full-tmpfs")
    finally:
        rc = k.close()
    check(rc == 0, "tmpfs kiosk exit code %r" % rc)
    try:
        check_earlier_leads(k.data, saved, "tmpfs")
    finally:
        shutil.rmtree(k.data, ignore_errors=True)


def send_one(k, last):
    """Fills the form for an invented visitor and taps Send; returns the
    scene it ends on (thanks, or form with the sorry message)."""
    fill_typed(k, "Zoë", last, "07700 900321", "zoe.full@example.com", "LS3 1AB")
    choices_and_send(k, ["Home care worker"], ["Daytime"], "Full-time", "No, I do not drive",
                     "No", "Job Centre", "Any time", True)
    k.step('tap "Send"')
    return k.dump()["scene"]


def not_saved_then_saved(k, fix, label):
    """Send is refused while the data folder cannot hold a database; after
    fix() it is saved without a restart, from the same screen."""
    if send_one(k, "Firsttest") != "form":
        check(False, "%s: the first Send should have been refused" % label)
        return
    k.step('expect "%s"' % S["form.save_failed"])
    fix()
    k.step('tap "Send"')
    check(k.dump()["scene"] == "thanks", "%s: Send after the fix is saved" % label)


def test_no_database_yet():
    """(f3) The kiosk starts where its database cannot be made yet (here the
    data folder's place is taken by a file): Send says sorry, and once the
    way is clear the next Send makes the database and saves, with no
    restart. On a real full disk (tmpfs, full before the kiosk starts) the
    same, and a kiosk that never got space leaves no empty leads.db."""
    base = tempfile.mkdtemp(prefix="kiosk-nodb-")
    try:
        blocked = os.path.join(base, "usb")
        open(blocked, "w").close()
        data = os.path.join(blocked, "carekiosk")
        with Kiosk("800x480", data=data) as k:
            not_saved_then_saved(k, lambda: os.remove(blocked), "blocked data folder")
        rows = leads(data) if os.path.exists(os.path.join(data, "leads.db")) else []
        check([r["a"]["last_name"] for r in rows] == ["Firsttest"],
              "blocked data folder: the lead is saved once: %r" % rows)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if not tmpfs_works():
        print("test_no_database_yet: tmpfs part SKIPPED (cannot mount a tmpfs here)")
        return
    for free in (False, True):
        label = "full tmpfs, %s" % ("space freed" if free else "never freed")
        k = TmpfsKiosk("256k", fill=True)
        try:
            if free:
                not_saved_then_saved(k, k.free, label)
            else:
                check(send_one(k, "Firsttest") == "form", "%s: Send refused" % label)
        finally:
            rc = k.close()
        try:
            check(rc == 0, "%s: exit code %r" % (label, rc))
            names = sorted(os.listdir(k.data))
            if free:
                rows = leads(k.data) if "leads.db" in names else []
                check([r["a"]["last_name"] for r in rows] == ["Firsttest"],
                      "%s: the lead is saved once: %r" % (label, rows))
            else:
                check(not [n for n in names if n.startswith("leads.db") or ".leads.db" in n],
                      "%s: no half-made database left behind: %r" % (label, names))
        finally:
            shutil.rmtree(k.data, ignore_errors=True)


def test_arabic():
    """(g) An Arabic name renders (screenshot to look at) and is stored intact."""
    name = "عائشة"
    with Kiosk("1280x800") as k:
        fill_typed(k, name, "Testperson", "07700 900654", "", "LS7 3JB")
        choices_and_send(k, ["Support worker"], ["Daytime"], "Part-time", "No, I do not drive",
                         "No", "At this event", "Any time", False)
        k.step('expect "%s Testperson"' % name)
        k.step('screenshot form-arabic-review')
        tap_w(k, widgets(k.dump(), "button", "change-name")[0])
        k.step('expect "What is your name?"')
        check(field_text(k, "first_name") == name, "the Arabic name in its box")
        k.step('screenshot form-arabic-name')
        k.step('tap "Next"')                             # back to the review
        k.step('expect "Check your answers"')
        k.step('tap "Send"')
        k.step('expect-scene thanks')
        rows = leads(k.data)
        check(len(rows) == 1 and rows[0]["a"]["first_name"] == name, "Arabic name stored")


def quiz_then_consent(k, last):
    """Plays Jess's quiz to the end, registers from the result and fills
    steps 2-9; returns the consent step's dump and the summary shown."""
    from test_layout import ROUTES
    k.step('tap "Touch to start"')
    for label in ROUTES["quiz-result-jobs"]:
        k.step('tap "%s"' % label)
    k.step('expect-scene quiz-result')
    k.step('tap "Register your interest"')
    k.step('expect-scene form')
    k.step('tap "Next"')
    k.step('type "Zoë"')
    k.step('key Return')
    k.step('type "%s"' % last)
    for step in ('tap "Next"', 'type "07700 900987"', 'tap "Next"', 'type "LS9 8AB"', 'tap "Next"'):
        k.step(step)
    tap_choice(k, "Support worker")
    k.step('tap "Next"')
    for t in ("Daytime", "Part-time", "No, I do not drive"):
        tap_choice(k, t)
    k.step('tap "Next"')
    for t in ("No", "At this event", "Any time"):
        tap_choice(k, t)
        k.step('tap "Next"')
    tree = k.dump()
    summary = [w["text"] for w in tree["widgets"] if w["text"].startswith("Care quiz as Jess")]
    check(len(summary) == 1, "the summary is shown beside its tick")
    return tree, summary


def test_quiz_summary():
    """(h) After the quiz, a third tick offers its summary; ticked, it is sent."""
    with Kiosk("800x480") as k:
        tree, summary = quiz_then_consent(k, "Quiztestperson")
        quiz = widgets(tree, "checkbox", "include_quiz")
        check(len(quiz) == 1 and not quiz[0]["checked"], "an unticked quiz tick after the quiz")
        k.step('screenshot form-consent-quiz')
        tap_w(k, widgets(tree, "checkbox", "consent_contact")[0])
        tap_w(k, quiz[0])
        k.step('tap "Next"')
        k.step('expect "Check your answers"')
        for _ in range(3):                               # scroll to the last row
            k.step('drag 300 420 300 120')
            k.step('wait 3000')
        k.step('expect "%s %s"' % (S["form.review.include_quiz"], S["form.review.yes"]))
        k.step('screenshot form-review-end')
        k.step('tap "Send"')
        k.step('expect-scene thanks')
        rows = leads(k.data)
        check(len(rows) == 1 and rows[0]["a"]["include_quiz"] is True, "include_quiz saved")
        if rows and summary:
            check(rows[0]["a"].get("quiz_summary") == summary[0], "quiz summary saved as shown")


def test_quiz_not_attached():
    """(h2) A finished quiz, the quiz tick left empty: the lead is saved
    with include_quiz false, and no file in the data folder holds any of
    the quiz (its summary, the value names it picked)."""
    with Kiosk("800x480") as k:
        tree, summary = quiz_then_consent(k, "Noquiztestperson")
        tap_w(k, widgets(tree, "checkbox", "consent_contact")[0])
        k.step('tap "Next"')
        k.step('expect "Check your answers"')
        k.step('tap "Send"')
        k.step('expect-scene thanks')
        rows = leads(k.data)
        check(len(rows) == 1, "the lead is saved without the quiz")
        if rows:
            a = rows[0]["a"]
            check(a["include_quiz"] is False, "include_quiz is false: %r" % a["include_quiz"])
            check("quiz_summary" not in a, "no quiz summary in the answers")
            check(a["last_name"] == "Noquiztestperson", "it is this visitor's lead")
        k.step('tap "Finish"')
        needles = [b"Care quiz as", b"Strongest values"] + [s.encode() for s in summary]
        for name in os.listdir(k.data):
            with open(os.path.join(k.data, name), "rb") as f:
                blob = f.read()
            for n in needles:
                check(n not in blob, "%s holds %r from a quiz not attached" % (name, n))


def test_preselect():
    """(i) Arriving from a job preview, that job is already chosen."""
    with open(os.path.join(CONFIG, "strings", "roles.json"), encoding="utf-8") as f:
        register = json.load(f)["role.register"]
    with Kiosk("800x480") as k:
        k.step('tap "Touch to start"')
        k.step('tap "Explore care jobs"')
        k.step('tap "Home care worker"')
        for _ in range(5):
            k.step('tap "Next"')
        k.step('tap "%s"' % register)
        k.step('expect-scene form')
        k.step('tap "Next"')
        for step in ('type "Zoë"', 'key Return', 'type "Testperson"', 'tap "Next"',
                     'type "07700 900111"', 'tap "Next"', 'type "LS1 1UR"', 'tap "Next"'):
            k.step(step)
        chips = {w["text"]: w["checked"] for w in widgets(k.dump(), "checkbox", "roles")}
        check(chips.get("Home care worker") is True, "the previewed job is chosen: %r" % chips)
        check(sum(chips.values()) == 1, "only that job is chosen")


def test_retention():
    """(j) Retention while the kiosk keeps running: sent leads older than
    retention_days go at the next visit reset; queued and refused ones never
    go, however old; recently sent ones stay."""
    with open(os.path.join(CONFIG, "kiosk.json"), encoding="utf-8") as f:
        days = json.load(f)["retention_days"]
    rows = [  # id, status, created_at, sent_at
        ("sent-old", "sent", "2026-11-01T09:00:00Z", "2026-11-23T00:00:00Z"),
        ("sent-recent", "sent", "2026-11-01T09:00:00Z", "2026-12-20T00:00:00Z"),
        ("queued-old", "queued", "2025-01-01T09:00:00Z", None),
        ("rejected-old", "rejected", "2025-01-01T09:00:00Z", None),
    ]
    with Kiosk("800x480", today="2026-11-23") as k:
        k.step("wait 1000")                          # the database is open
        db = sqlite3.connect(os.path.join(k.data, "leads.db"), timeout=10)
        with db:
            for rid, status, created, sent in rows:
                db.execute("INSERT INTO leads (id, created_at, device, answers, status, sent_at)"
                           " VALUES (?, ?, 'kiosk-1', '{}', ?, ?)", (rid, created, status, sent))
        db.close()
        # days + 1 later (virtual clock), a visitor comes and goes.
        k.step("wait %d" % ((days + 1) * 86400000))
        k.step('tap "Touch to start"')
        k.step("wait 80000")                         # idle warning, then reset
        k.step("expect-scene attract")
        db = sqlite3.connect(os.path.join(k.data, "leads.db"), timeout=10)
        left = sorted(r[0] for r in db.execute("SELECT id FROM leads"))
        db.close()
        check(left == ["queued-old", "rejected-old", "sent-recent"],
              "after %d days only the old sent lead is purged: %r" % (days + 1, left))


def run(tests):
    """Runs the given test functions (only those named on the command line,
    when any are) and prints each one's time; 1 if any check failed."""
    t0 = time.time()
    for t in tests:
        if sys.argv[1:] and t.__name__ not in sys.argv[1:]:
            continue                    # `test_form.py test_x ...` runs only those
        t1 = time.time()
        try:
            t()
        except StepFailed as e:
            check(False, "%s: %s" % (t.__name__, e))
        print("%s: %.1fs" % (t.__name__, time.time() - t1))
    print("total %.1fs" % (time.time() - t0))
    for f in failures:
        print(f)
    return 1 if failures else 0


def main():
    return run((test_keys_only, test_typed, test_validation, test_idle_reset, test_durability,
                test_disk_full, test_disk_full_tmpfs, test_no_database_yet, test_arabic,
                test_quiz_summary, test_quiz_not_attached, test_preselect, test_retention))


if __name__ == "__main__":
    sys.exit(main())
