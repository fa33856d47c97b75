"""Sealed leads (issue 15), end to end through the real kiosk and kioskctl:
(a) with an office key set, visitors with distinctive names, phones, emails
and postcodes (Latin with accents, Arabic) are sent, the kiosk is SIGKILLed
at random moments and within milliseconds of Send, and the database fills
up (max_page_count, and a real full tmpfs where the machine allows); then
every byte of every file under --data is searched for each of them in
UTF-8, UTF-16LE and UTF-16BE: zero hits. The rows keep only the readable
fields. (b) A database holding plaintext leads (found by the same search,
so the search is shown to work) is sealed when the kiosk starts with a
key, and none of the old text is left in any file; a second key seals
only new leads and `kioskctl stats` counts both. (c) Without a key, the
staff screen and `kioskctl check` warn; with one they show its key id.
(d) Round trips: kiosk -> Export to USB (only sealed JSON and a README on
the stick, searched like the data folder) -> `kioskctl decrypt` gives back
every field; kiosk -> upload (schema 2) -> carekiosk-receiver, whose files
hold no visitor text either -> `--export-csv --key` gives back every
field. (e) A wrong passphrase, a wrong key, a flipped byte and a sealed
value moved to another lead are each a clear message naming the lead,
while the other leads still decrypt.
Run only some: test_seal.py test_migration"""
import csv
import io
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
import test_form as tf  # noqa: E402
import test_staff as ts  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
ASSETS = os.path.join(SRC, "assets")
BUILD = os.path.dirname(os.path.dirname(os.environ["KIOSK_BIN"]))
KIOSKCTL = os.environ.get("KIOSKCTL_BIN", os.path.join(BUILD, "tools", "kioskctl"))
os.environ.setdefault("NET_RECEIVER", os.path.join(BUILD, "tools", "carekiosk-receiver"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "net"))
import netlib  # noqa: E402
PASSPHRASE = "a long office passphrase, 2026"
failures = tf.failures
check = tf.check

# (first, last, phone as typed, email as typed, postcode as typed), and what
# the kiosk stores for each (normalised), all of which must never be found.
VISITORS = [
    ("Zoë", "Quillfeather", "07700 900461", "zoe.quillfeather@example.com", "ls6 2qt"),
    ("عائشة", "المروزي", "07700 900462", "aisha.marwazi@example.org", "BD7 1DP"),
    ("Siobhán", "Yarboroughé", "0113 496 0731", "s.yarborough@example.net", "HX1 5LZ"),
]


def needles_for(first, last, phone, email, postcode):
    pc = postcode.upper().replace(" ", "")
    pc_spaced = pc[:-3] + " " + pc[-3:]
    return {first, last, phone, phone.replace(" ", ""), email, email.lower(), pc, pc_spaced}


def encodings(text):
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def scan(folder, needles):
    """Every (file, needle, encoding) found in any file under folder."""
    hits = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                blob = f.read()
            for n in needles:
                for enc, b in zip(("utf-8", "utf-16le", "utf-16be"), encodings(n)):
                    if b in blob:
                        hits.append((os.path.relpath(path, folder), n, enc))
    return hits


def kioskctl(*args, data=None, config=CONFIG, stdin="", env=None):
    cmd = [KIOSKCTL, *args]
    if args[0] not in ("keygen", "decrypt"):
        cmd += ["--config", config]
    if data:
        cmd += ["--data", data]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


def make_key(folder, name="office.key"):
    """`kioskctl keygen`; returns (key file, passphrase file, public key, key id)."""
    pw = os.path.join(folder, "pass.txt")
    with open(pw, "w") as f:
        f.write(PASSPHRASE + "\n")
    key = os.path.join(folder, name)
    r = kioskctl("keygen", "--out", key, "--passphrase-file", pw)
    check(r.returncode == 0, "keygen: %s" % r.stderr)
    m = re.search(r'"office_public_key": "([A-Za-z0-9+/=]{44})"', r.stdout)
    kid = re.search(r"Office key ([0-9a-f]{16}) ", r.stdout)
    check(m and kid, "keygen prints the key line and id: %r" % r.stdout)
    check(os.stat(key).st_mode & 0o777 == 0o600, "the key file is 0600")
    with open(key, encoding="utf-8") as f:
        body = f.read()
    check(PASSPHRASE not in body, "the passphrase is not in the key file")
    return key, pw, m.group(1), kid.group(1)


def sealed_config(folder, public_key, **sections):
    """A copy of kiosk-config/ with privacy.office_public_key set, and any
    other sections given (staff={...}, upload={...})."""
    cfg = os.path.join(folder, "kiosk-config-%s%s" % (
        public_key[:6].replace("/", "_") if public_key else "plain", "-".join(sections)))
    shutil.copytree(CONFIG, cfg)
    with open(os.path.join(cfg, "kiosk.json"), encoding="utf-8") as f:
        kj = json.load(f)
    if public_key:
        kj["privacy"] = {"office_public_key": public_key}
    kj.update(sections)
    with open(os.path.join(cfg, "kiosk.json"), "w", encoding="utf-8") as f:
        json.dump(kj, f)
    return cfg


def rows(data):
    db = sqlite3.connect(os.path.join(data, "leads.db"))
    db.row_factory = sqlite3.Row
    out = [dict(r) for r in db.execute("SELECT * FROM leads ORDER BY created_at, rowid")]
    db.close()
    return out


def visit(k, v, send=True):
    first, last, phone, email, postcode = v
    tf.fill_typed(k, first, last, phone, email, postcode)
    tf.choices_and_send(k, ["Home care worker"], ["Daytime"], "Part-time", "No, I do not drive",
                        "Yes", "Job Centre", "Any time", True)
    if send:
        k.step('tap "Send"')
        k.step("expect-scene thanks")
        k.step('tap "Finish"')


def kill_run(cfg, data, v, delay, at_send=None):
    """One visitor with SIGKILL after delay s, or at_send s after Send."""
    k = Kiosk("800x480", data=data, extra=("--config", cfg, "--assets", ASSETS))
    state = {"timer": None}

    def arm(after):
        state["timer"] = threading.Timer(after, lambda p=k.p: p.send_signal(signal.SIGKILL))
        state["timer"].start()

    t0 = time.time()
    if delay:
        arm(delay)
    try:
        visit(k, v, send=False)
        if at_send is not None:
            arm(at_send)
        k.step('tap "Send"')
        k.dump()
    except (StepFailed, BrokenPipeError, ValueError):
        pass
    finally:
        if state["timer"]:
            state["timer"].cancel()
        k.p.kill()
        k.p.wait()
    return time.time() - t0


def check_sealed_rows(data, kid, label):
    rs = rows(data)
    for r in rs:
        check(r["answers"] is None and r["sealed"] and r["key_id"] == kid,
              "%s: lead %s is sealed to %s (answers %r, key %r)" % (label, r["id"], kid,
                                                                   r["answers"], r["key_id"]))
    return rs


def test_sealed_at_rest():
    """(a) No visitor's text in any file, after kills and a full disk."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-")
    data = os.path.join(tmp, "data")
    try:
        _, _, pub, kid = make_key(tmp)
        cfg = sealed_config(tmp, pub)
        needles = set()
        for v in VISITORS:
            needles |= needles_for(*v)
        with Kiosk("800x480", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
            for v in VISITORS:
                visit(k, v)
        rs = check_sealed_rows(data, kid, "sent")
        check(len(rs) == len(VISITORS), "every visitor saved (%d)" % len(rs))
        for r in rs:
            check(r["device"] == "kiosk-1" and r["lang"] == "en" and r["status"] == "queued"
                  and r["programme"] in ("step-into-care", "sbwa", "pa")
                  and r["quiz_attached"] == 0,
                  "readable fields kept: %r" % {c: r[c] for c in ("device", "lang", "status",
                                                                 "programme", "quiz_attached")})
        # Kills anywhere in a visit, and within a few ms of Send.
        seed = random.randrange(1 << 30)
        rnd = random.Random(seed)
        span = kill_run(cfg, data, VISITORS[0], None)
        for i in range(16):
            v = ("Zoë", "Sealkill" + "abcdefghijklmnop"[i], "07700 9005%02d" % i,
                 "kill%d.person@example.com" % i, "LS%d 4AB" % (i % 9 + 1))
            needles |= needles_for(*v)
            if i < 8:
                kill_run(cfg, data, v, rnd.uniform(0.05, span * 1.1))
            else:
                kill_run(cfg, data, v, None, rnd.uniform(0, 0.05))
        # Searched before anything else opens the database: the last
        # connection to close would checkpoint and delete the WAL.
        killed_files = sorted(os.listdir(data))
        hits = scan(data, needles)
        check(not hits, "seed %d: visitor text found after kills: %r" % (seed, hits[:10]))
        check_sealed_rows(data, kid, "killed (seed %d)" % seed)
        # The database fills: sorry, and still nothing readable.
        needles |= needles_for("Zoë", "Fulltest", "07700 900321", "zoe.full@example.com",
                               "LS3 1AB")
        needles |= {"Fulltest" + a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abc"}
        full = os.path.join(tmp, "data-full")
        # 12 pages are the empty schema (leads, kv, the counts' tables).
        with Kiosk("800x480", data=full, extra=("--config", cfg, "--assets", ASSETS),
                   env={"CAREKIOSK_TEST_MAX_PAGES": "15"}) as k:
            tf.fill_until_full(k, "seal-disk-full")
            live = scan(full, needles)      # the kiosk still running: its WAL too
            check(not live, "visitor text found in the full database's files: %r" % live[:10])
            check(os.path.exists(os.path.join(full, "leads.db-wal")), "a WAL was searched")
        hits = scan(full, needles)
        check(not hits, "visitor text found after a full disk: %r" % hits[:10])
        check_sealed_rows(full, kid, "full")
        print("sealed at rest: seed %d, %d leads after kills, files %s" % (
            seed, len(rows(data)), killed_files))
        if tf.tmpfs_works():
            tmpfs_full(cfg, kid, needles)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_quiz_attached():
    """(a2) A lead with quiz results: quiz_attached readable, the summary sealed."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-quiz-")
    data = os.path.join(tmp, "data")
    try:
        key, pw, pub, kid = make_key(tmp)
        cfg = sealed_config(tmp, pub)
        with Kiosk("800x480", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
            tree, summary = tf.quiz_then_consent(k, "Quizsealperson")
            tf.tap_w(k, tf.widgets(tree, "checkbox", "consent_contact")[0])
            tf.tap_w(k, tf.widgets(tree, "checkbox", "include_quiz")[0])
            k.step('tap "Next"')
            k.step('tap "Send"')
            k.step("expect-scene thanks")
        check(summary, "the quiz summary was shown")
        hits = scan(data, set(summary) | {"Quizsealperson"})
        check(not hits, "quiz summary or name found: %r" % hits)
        rs = check_sealed_rows(data, kid, "quiz")
        check(len(rs) == 1 and rs[0]["quiz_attached"] == 1 and rs[0]["programme"],
              "quiz_attached and programme readable: %r" % [(r["quiz_attached"], r["programme"])
                                                             for r in rs])
        export = os.path.join(tmp, "sealed.json")
        r = kioskctl("export", "--format", "json", "--out", export, data=data, config=cfg)
        r = decrypt("--key", key, "--format", "json", export, pw=pw)
        got = json.loads(r.stdout)[0]["answers"] if r.returncode == 0 else {}
        check(summary and got.get("quiz_summary") == summary[0] and got.get("include_quiz") is True,
              "the quiz summary comes back at the office: %r" % got.get("quiz_summary"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def tmpfs_full(cfg, kid, needles):
    """A real ENOSPC (tiny tmpfs): the files left behind hold no text."""
    mnt = tempfile.mkdtemp(prefix="kiosk-seal-tmpfs-")
    out = tempfile.mkdtemp(prefix="kiosk-seal-tmpfs-out-")
    k = Kiosk.__new__(Kiosk)
    k.own_data, k.data = False, out
    args = ["unshare", "-rm", "sh", "-c", tf.TMPFS_WRAP, mnt, os.environ["KIOSK_BIN"],
            "--headless", "--windowed", "800x480", "--config", cfg, "--assets", ASSETS,
            "--data", mnt, "--today", "2026-11-23", "--script", "-",
            "--screenshots", os.path.join(os.environ.get("KIOSK_OUT", "/tmp"), "shots", "py")]
    k.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                           encoding="utf-8", env=dict(os.environ, TMPFS_SIZE="200k",
                                                      TMPFS_OUT=out))
    try:
        tf.fill_until_full(k, "seal-disk-full-tmpfs")
    finally:
        k.p.stdin.close()
        k.p.wait(timeout=60)
    try:
        hits = scan(out, needles)
        check(not hits, "visitor text found after ENOSPC: %r" % hits[:10])
        check_sealed_rows(out, kid, "tmpfs")
    finally:
        shutil.rmtree(mnt, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def test_migration():
    """(b) Plaintext leads found, sealed at start, gone from every file."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-mig-")
    data = os.path.join(tmp, "data")
    try:
        plain = sealed_config(tmp, None)
        needles = set()
        for v in VISITORS[:2]:
            needles |= needles_for(*v)
        with Kiosk("800x480", data=data, extra=("--config", plain, "--assets", ASSETS)) as k:
            for v in VISITORS[:2]:
                visit(k, v)
            # Killed, so the plaintext is in the WAL as well as (after the
            # erasure below) in freed pages.
            k.p.kill()
            k.p.wait()
        hits = scan(data, needles)
        check(len(hits) >= 8, "the search finds the plaintext leads before sealing: %r" % hits)
        r = kioskctl("stats", data=data, config=plain)
        check(re.search(r"stored UNSEALED: +2\n", r.stdout), "stats counts unsealed leads: %r"
              % r.stdout)

        _, _, pub, kid = make_key(tmp)
        cfg = sealed_config(tmp, pub)
        with Kiosk("800x480", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
            k.dump()
            before = scan(data, needles)
            check(not before, "sealed at start, while the kiosk runs: %r" % before)
        rs = check_sealed_rows(data, kid, "migrated")
        check(len(rs) == 2, "both old leads kept (%d)" % len(rs))
        check(all(r["quiz_attached"] == 0 for r in rs), "quiz_attached from the answers")
        hits = scan(data, needles)
        check(not hits, "old plaintext left after sealing: %r" % hits)
        db = sqlite3.connect(os.path.join(data, "leads.db"))
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "database intact")
        db.close()

        # A new key: new leads use it, the old ones keep theirs.
        _, _, pub2, kid2 = make_key(tmp, "office2.key")
        cfg2 = sealed_config(tmp, pub2)
        with Kiosk("800x480", data=data, extra=("--config", cfg2, "--assets", ASSETS)) as k:
            visit(k, VISITORS[2])
        keys = sorted(r["key_id"] for r in rows(data))
        check(keys == sorted([kid, kid, kid2]), "key ids per lead: %r" % keys)
        r = kioskctl("stats", data=data, config=cfg2)
        check(("sealed to key %s:    2" % kid) in r.stdout and
              ("sealed to key %s:    1" % kid2) in r.stdout, "stats per key: %r" % r.stdout)
        check("UNSEALED" not in r.stdout, "no unsealed leads left: %r" % r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def staff_screen(cfg, data):
    os.makedirs(data)
    r = kioskctl("set-pin", data=data, config=cfg, stdin="2468\n")
    check(r.returncode == 0, "set-pin: %s" % r.stderr)
    with Kiosk("1280x800", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
        k.step("longpress 20 20 3000")
        k.step("expect-scene staff")
        for d in "2468":
            k.step('tap "%s"' % d)
        k.step('tap "OK"')
        k.step('expect "Today"')
        k.step("screenshot staff-sealing-%s" % os.path.basename(data))
        return [w["text"] for w in k.dump()["widgets"]]


def test_warnings():
    """(c) The staff screen and kioskctl check say whether leads are sealed."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-warn-")
    try:
        plain = sealed_config(tmp, None)
        texts = staff_screen(plain, os.path.join(tmp, "d1"))
        unsealed = [t for t in texts if t.startswith("Leads are stored unsealed")]
        check(unsealed, "the staff screen warns without a key: %r" % texts)
        r = kioskctl("check", config=plain)
        check(r.returncode == 0 and "warning: leads are stored UNSEALED" in r.stdout,
              "kioskctl check warns: %r %r" % (r.returncode, r.stdout))

        _, _, pub, kid = make_key(tmp)
        cfg = sealed_config(tmp, pub)
        texts = staff_screen(cfg, os.path.join(tmp, "d2"))
        check("Leads are sealed to the office key %s." % kid in texts,
              "the staff screen names the key: %r" % texts)
        r = kioskctl("check", config=cfg)
        check(r.returncode == 0 and ("leads are sealed to the office key %s" % kid) in r.stdout,
              "kioskctl check names the key: %r" % r.stdout)

        # A key that is not one: kioskctl check names the line.
        bad = sealed_config(tmp, "bm90IGEga2V5")
        r = kioskctl("check", config=bad)
        check(r.returncode == 1 and re.search(r"kiosk\.json:\d+: \"office_public_key\" must be",
                                              r.stdout), "a bad key is named: %r" % r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def expected(v):
    """What the office must get back for a visitor (as the kiosk stores it)."""
    first, last, phone, email, postcode = v
    pc = postcode.upper().replace(" ", "")
    return {"first_name": first, "last_name": last, "phone": phone, "email": email.lower(),
            "postcode": pc[:-3] + " " + pc[-3:]}


def check_csv_rows(text, visitors, label, heads=True):
    """Each visitor's row, by last name, with every personal field intact."""
    check(text.startswith("\ufeff") or not heads, "%s: CSV starts with a BOM" % label)
    rd = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    col = {"first_name": "First name", "last_name": "Last name", "phone": "Phone",
           "email": "Email", "postcode": "Postcode"} if heads else None
    by_last = {r[col["last_name"] if col else "last_name"]: r for r in rd}
    for v in visitors:
        want = expected(v)
        got = by_last.get(want["last_name"])
        check(got is not None, "%s: %s is in the CSV (%r)" % (label, want["last_name"],
                                                               list(by_last)))
        for k, value in (got and want or {}).items():
            check(got[col[k] if col else k] == value,
                  "%s: %s of %s is %r, want %r" % (label, k, want["last_name"],
                                                   got[col[k] if col else k], value))
    return rd


def decrypt(*args, pw=None, env=None):
    extra = ["--passphrase-file", pw] if pw else []
    return kioskctl("decrypt", *extra, *args, env=env)


def test_usb_round_trip():
    """(d, e) Export to USB sealed; kioskctl decrypt; every failure named."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-usb-")
    data, media = os.path.join(tmp, "data"), os.path.join(tmp, "media")
    os.makedirs(data)
    os.makedirs(media)
    shots = ts.stick(media)
    if not shots:
        check(False, "no second filesystem to stand in for a USB stick")
        return
    try:
        key, pw, pub, kid = make_key(tmp)
        key2, _, _, kid2 = make_key(tmp, "other.key")
        cfg = sealed_config(tmp, pub, staff={"usb_dirs": media})
        r = kioskctl("set-pin", data=data, config=cfg, stdin="2468\n")
        with Kiosk("1280x800", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
            for v in VISITORS:
                visit(k, v)
            k.step("longpress 20 20 3000")
            ts.enter_pin(k, "2468")
            k.step('tap "Export to USB"')
            ts.wait_job(k, ts.BUSY_EXPORT)
            words = " ".join(ts.texts(k))
            k.step("screenshot staff-exported-sealed")
        check("3 leads written to the USB stick" in words and "sealed to the office key" in words,
              "the export says the leads are sealed: %r" % words)
        files = sorted(os.listdir(shots))
        check(len(files) == 3 and files[0].endswith("-README.txt")
              and files[1].endswith("-counts.csv") and files[2].endswith(".json"),
              "only the sealed JSON, the README and the counts on the stick: %r" % files)
        needles = set()
        for v in VISITORS:
            needles |= needles_for(*v)
        hits = scan(shots, needles)
        check(not hits, "visitor text on the stick: %r" % hits)
        with open(os.path.join(shots, files[0]), encoding="utf-8") as f:
            readme = f.read()
        check(("3 sealed to the office key %s" % kid) in readme and "kioskctl decrypt" in readme
              and "NOT sealed" not in readme, "the README tells the office: %r" % readme)
        export = os.path.join(shots, files[2])
        with open(export, encoding="utf-8") as f:
            leads = json.load(f)
        check(all(set(x) >= {"id", "created_at", "key_id", "sealed", "programme", "quiz_attached"}
                  and "answers" not in x and x["key_id"] == kid for x in leads),
              "sealed leads in the export: %r" % [sorted(x) for x in leads])

        # The round trip: CSV in the visitor's words, and JSON.
        out = os.path.join(tmp, "leads.csv")
        r = decrypt("--key", key, "--out", out, export, pw=pw)
        check(r.returncode == 0 and "wrote 3 leads" in r.stdout, "decrypt: %r %r" % (r.stdout,
                                                                                   r.stderr))
        check(os.stat(out).st_mode & 0o777 == 0o600, "the CSV is made owner-only")
        with open(out, encoding="utf-8", newline="") as f:
            rd = check_csv_rows(f.read(), VISITORS, "decrypt csv")
        check(all(x["Jobs they are interested in"] == "Home care worker" for x in rd),
              "words as the visitor saw them: %r" % [x["Jobs they are interested in"] for x in rd])
        r = decrypt("--key", key, "--format", "json", export, pw=pw)
        got = {x["answers"]["last_name"]: x for x in json.loads(r.stdout)} if r.returncode == 0 \
            else {}
        for v in VISITORS:
            want = expected(v)
            a = got.get(want["last_name"], {}).get("answers", {})
            check(all(a.get(k) == val for k, val in want.items()) and a.get("roles") ==
                  ["home-care-worker"], "decrypt json: %r" % a)

        # kioskctl export cannot make a CSV of sealed leads, and says why.
        r = kioskctl("export", "--format", "csv", data=data, config=cfg)
        check(r.returncode == 1 and "sealed" in r.stderr, "export csv of sealed leads: %r"
              % r.stderr)

        # A wrong passphrase: named, nothing written.
        bad_out = os.path.join(tmp, "bad.csv")
        r = decrypt("--key", key, "--out", bad_out, export,
                    env={"CAREKIOSK_KEY_PASSPHRASE": "not the passphrase"})
        check(r.returncode == 1 and "wrong passphrase" in r.stderr and key in r.stderr
              and not os.path.exists(bad_out), "wrong passphrase: %r" % r.stderr)
        # Another office's key: each lead named, with both key ids.
        r = decrypt("--key", key2, export, pw=pw)
        for x in leads:
            check(("lead %s: sealed to the office key %s, not to this key (%s)"
                   % (x["id"], kid, kid2)) in r.stderr, "wrong key named: %r" % r.stderr)
        check(r.returncode == 1, "wrong key: exit 1")
        # One flipped byte, and one sealed value moved onto another lead.
        bad = json.loads(json.dumps(leads))
        s0 = bad[0]["sealed"]
        i = len(s0) // 2
        bad[0]["sealed"] = s0[:i] + ("A" if s0[i] != "A" else "B") + s0[i + 1:]
        bad[1]["sealed"] = leads[2]["sealed"]
        tampered = os.path.join(tmp, "tampered.json")
        with open(tampered, "w", encoding="utf-8") as f:
            json.dump(bad, f)
        r = decrypt("--key", key, "--format", "csv", tampered, pw=pw)
        check(r.returncode == 1 and ("lead %s: damaged or altered" % bad[0]["id"]) in r.stderr
              and ("lead %s: altered: its answers were sealed for another lead" % bad[1]["id"])
              in r.stderr, "tampering named: %r" % r.stderr)
        rows_left = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
        check([x["Lead ID"] for x in rows_left] == [bad[2]["id"]],
              "the untouched lead still decrypts: %r" % [x["Lead ID"] for x in rows_left])
        # Not an export at all: file:line.
        junk = os.path.join(tmp, "junk.json")
        with open(junk, "w") as f:
            f.write('[\n{"id": 1},\n oops\n')
        r = decrypt("--key", key, junk, pw=pw)
        check(r.returncode == 1 and re.search(r"junk\.json:3: not a carekiosk JSON export",
                                              r.stderr), "junk named: %r" % r.stderr)
    finally:
        shutil.rmtree(shots, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_receiver_round_trip():
    """(d) Upload schema 2 to the reference receiver; --export-csv --key."""
    tmp = tempfile.mkdtemp(prefix="kiosk-seal-rx-")
    data = os.path.join(tmp, "data")
    rx = netlib.Receiver(tmp, "--quiet")
    try:
        key, pw, pub, kid = make_key(tmp)
        key2, _, _, _ = make_key(tmp, "other.key")
        token = os.path.join(tmp, "kiosk.token")
        with open(token, "w") as f:
            f.write(netlib.TOKEN + "\n")
        cfg = sealed_config(tmp, pub, upload={"url": rx.url, "token_file": token})
        with Kiosk("800x480", data=data, extra=("--config", cfg, "--assets", ASSETS)) as k:
            for v in VISITORS:
                visit(k, v)
            end = time.monotonic() + 30
            n = 0
            while time.monotonic() < end:
                with sqlite3.connect(rx.db) as db:
                    n = db.execute("SELECT count(*) FROM leads").fetchone()[0]
                if n == len(VISITORS):
                    break
                k.step("wait 200")
                time.sleep(0.2)
            check(n == len(VISITORS), "the receiver got every lead (%d)" % n)
        with sqlite3.connect(rx.db) as db:
            got = db.execute("SELECT schema, key_id, answers IS NULL, body FROM leads").fetchall()
        check(all(g[0] == 2 and g[1] == kid and g[2] for g in got),
              "stored sealed, as schema 2: %r" % [g[:3] for g in got])
        body = json.loads(got[0][3]) if got else {}
        check(set(body) == {"schema", "id", "created_at", "device", "event", "app_version",
                            "content_version", "lang", "programme", "quiz_attached", "key_id",
                            "sealed"}, "schema 2 body keys: %r" % sorted(body))
        rx.stop()
        needles = set()
        for v in VISITORS:
            needles |= needles_for(*v)
        hits = scan(tmp, needles)       # the receiver's database, WAL and log, the kiosk's data
        check(not hits, "visitor text at the office server or kiosk: %r" % hits)
        sent = [r["status"] for r in rows(data)]
        check(sent == ["sent"] * len(VISITORS), "the kiosk marked them sent: %r" % sent)

        out = os.path.join(tmp, "office.csv")
        rxbin = os.environ["NET_RECEIVER"]
        r = subprocess.run([rxbin, "--db", rx.db, "--export-csv", out, "--key", key,
                            "--passphrase-file", pw], capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, "receiver export: %r" % r.stderr)
        with open(out, encoding="utf-8", newline="") as f:
            rx_rows = check_csv_rows(f.read(), VISITORS, "receiver csv", heads=False)
        # Every answer, not just the personal ones: the same as the kiosk's
        # own sealed export opened by kioskctl decrypt.
        export = os.path.join(tmp, "kiosk.json")
        kioskctl("export", "--format", "json", "--out", export, data=data, config=cfg)
        r = decrypt("--key", key, "--format", "json", export, pw=pw)
        full = {x["id"]: x["answers"] for x in json.loads(r.stdout)} if r.returncode == 0 else {}
        check(len(full) == len(VISITORS), "decrypt of the kiosk's export: %r" % r.stderr)
        for row in rx_rows:
            a = full.get(row["id"], {})
            for k2, v in a.items():
                want = v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
                check(row.get(k2) == want, "receiver csv %s: %s is %r, want %r"
                      % (row["id"], k2, row.get(k2), want))
        check(os.stat(out).st_mode & 0o777 == 0o600, "the receiver's CSV is owner-only")
        r = subprocess.run([rxbin, "--db", rx.db, "--export-csv", "-"], capture_output=True,
                           text=True, timeout=60)
        check(r.returncode == 1 and "3 leads are sealed: give the office key with --key"
              in r.stderr, "no key: %r" % r.stderr)
        r = subprocess.run([rxbin, "--db", rx.db, "--export-csv", "-", "--key", key2,
                            "--passphrase-file", pw], capture_output=True, text=True, timeout=120)
        check(r.returncode == 1 and r.stderr.count("sealed to the office key %s" % kid) == 3,
              "wrong key at the receiver: %r" % r.stderr)
        r = subprocess.run([rxbin, "--db", rx.db, "--export-csv", "-", "--key", key],
                           capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, CAREKIOSK_KEY_PASSPHRASE="wrong passphrase!"))
        check(r.returncode == 1 and "wrong passphrase" in r.stderr and not r.stdout,
              "wrong passphrase at the receiver: %r" % r.stderr)
    finally:
        rx.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    return tf.run((test_sealed_at_rest, test_quiz_attached, test_migration, test_warnings,
                   test_usb_round_trip, test_receiver_round_trip))


if __name__ == "__main__":
    sys.exit(main())
