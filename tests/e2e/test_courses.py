"""Course dates, end to end, on the real kiosk:
- with --today in the middle of kiosk-config/courses.csv, every upcoming
  session is listed (in date order, under its month) and no past one is;
- each filter chip shows exactly its programme's sessions;
- a session's QR code, screenshotted at 800x480 and 1920x1080, reads back
  with zbarimg as the session's URL from the CSV (and the dump's qr widget);
- "Print this" prints to a file: target; escpos-decode shows the slip's
  lines and zbarimg reads the URL off the decoded image; 80 mm raster and
  58 mm native QR both follow kiosk.json;
- printer failures (unplugged, out of paper, busy) show the friendly words
  and the kiosk carries on; leaving the screen mid-print is safe;
- a CSV with a quoted comma, UTF-8, CRLF and a BOM renders exactly; a CSV
  with nothing upcoming shows a kind message and the way home;
- a session earlier today that is over is not listed; a later one is."""
import csv
import datetime
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk, zbar  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
ASSETS = os.path.join(SRC, "assets")
STR = json.load(open(os.path.join(CONFIG, "strings", "courses.json"), encoding="utf-8"))
DECODE = os.environ.get("ESCPOS_DECODE") or os.path.join(
    os.path.dirname(os.environ["KIOSK_BIN"]), "..", "tools", "escpos-decode")
ZBARIMG = shutil.which("zbarimg")
TODAY = "2027-02-10"  # 6 sessions before, 7 from then on
PROGRAMMES = ["step-into-care", "sbwa", "apprenticeship", "pa-academy", "info-session"]
problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL:", msg)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if any((v or "").strip() for v in r.values())]
    for r in rows:
        d, m, y = (int(x) for x in r["date"].split("/"))
        r["day"] = datetime.date(y, m, d)
    return rows


def long_date(d):
    return "%s %d %s %d" % (STR["courses.day.%d" % ((d.weekday() + 1) % 7)], d.day,
                            STR["courses.month.%d" % d.month], d.year)


def item_text(r):
    return STR["courses.item"].replace("{title}", r["title"]).replace("{date}",
                                                                       long_date(r["day"]))


def when_text(r):
    end = "-" + r["end"] if r["end"] else ""
    return "%s, %s%s" % (long_date(r["day"]), r["start"], end)


class Run(Kiosk):
    """A kiosk that must exit cleanly (0: no sanitizer report, no leak)."""

    def __exit__(self, *exc):
        rc = self.close()
        if rc != 0:
            problem(f"kiosk exited with {rc}")


def texts(tree, role=None):
    return [w["text"] for w in tree["widgets"] if role is None or w["role"] == role]


def check_clean(tree, where):
    W, H = tree["width"], tree["height"]
    for w in tree["widgets"]:
        if w["overflow"]:
            problem(f'{where}: {w["role"]} "{w["text"][:40]}" does not fit its box')
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            problem(f'{where}: {w["role"]} "{w["text"][:40]}" is off screen')


def settle(k, tree):
    """Headless, a fling is drawn at the next input: touch a spot with
    nothing on it (the list's left margin) to see where it came to rest."""
    k.step("wait 3000")
    k.step(f"tap 2 {tree['height'] - 2}")


def all_items(k):
    """Every list item, in order, scrolling down until nothing new shows.
    A scripted drag flings on for about twice its length, so small drags
    (about 3/8 of the screen in all) never skip a card."""
    seen = []
    tree = k.dump()
    idle = 0
    for _ in range(40):
        new = [t for t in texts(tree, "list-item") if t not in seen]
        seen += new
        idle = 0 if new else idle + 1
        if idle == 2 or not texts(tree, "list-item"):
            break
        h = tree["height"]
        k.step(f"drag 400 {int(h * 0.8)} 400 {int(h * 0.68)}")
        settle(k, tree)
        tree = k.dump()
    return seen, tree


def start(k, *taps):
    k.step('tap "Touch to start"')
    k.step('tap "Course dates"')
    for t in taps:
        k.step(f'tap "{t}"')
    return k.dump()


def test_list(rows):
    up = sorted((r for r in rows if r["day"] >= datetime.date.fromisoformat(TODAY)),
                key=lambda r: (r["day"], r["start"]))
    past = [r for r in rows if r["day"] < datetime.date.fromisoformat(TODAY)]
    assert up and past, "the CSV must have sessions either side of TODAY"
    with Run("800x480", today=TODAY) as k:
        tree = start(k)
        check_clean(tree, "list")
        first = up[0]["day"]
        heading = "%s %d" % (STR["courses.month.%d" % first.month], first.year)
        if heading not in texts(tree, "label"):
            problem(f"list: no heading {heading!r}: {texts(tree)}")
        seen, _ = all_items(k)
        want = [item_text(r) for r in up]
        if seen != want:
            problem(f"list shows {seen}, want {want}")
        for r in past:
            if item_text(r) in seen:
                problem(f"past session listed: {item_text(r)}")
        # Chips: All and each programme still to come; each shows exactly
        # its sessions.
        k.step('tap "%s"' % STR["courses.filter.all"])
        chips = {w["name"] for w in k.dump()["widgets"] if (w.get("name") or "").startswith(
            "filter-")}
        present = {r["programme"] for r in up}
        if chips != {"filter-all"} | {"filter-" + p for p in present}:
            problem(f"chips {sorted(chips)} for programmes {sorted(present)}")
        for p in PROGRAMMES:
            if p not in present:
                continue
            k.step('tap "%s"' % STR["courses.chip." + p])
            tree = k.dump()
            on = [w["name"] for w in tree["widgets"] if w.get("checked")]
            if on != ["filter-" + p]:
                problem(f"chip {p}: checked {on}")
            got, _ = all_items(k)
            want = [item_text(r) for r in up if r["programme"] == p]
            if got != want:
                problem(f"chip {p} shows {got}, want {want}")


def test_qr(rows):
    up = sorted((r for r in rows if r["day"] >= datetime.date.fromisoformat(TODAY)),
                key=lambda r: (r["day"], r["start"]))
    for size in ("800x480", "1920x1080"):
        for r in (up[0], up[-1]):
            with Run(size, today=TODAY) as k:
                start(k, STR["courses.chip." + r["programme"]], item_text(r))
                tree = k.dump()
                where = f"{size} {r['title']}"
                if tree["scene"] != "course":
                    problem(f"{where}: tapped into {tree['scene']}")
                    continue
                check_clean(tree, where)
                for t in (r["title"], when_text(r), STR["course.scan"], r["url"]):
                    if t not in texts(tree):
                        problem(f"{where}: {t!r} not on screen")
                qrs = [w for w in tree["widgets"] if w["role"] == "qr"]
                if len(qrs) != 1 or qrs[0]["text"] != r["url"]:
                    problem(f"{where}: qr widgets {qrs}")
                    continue
                # Large: most of the screen's height.
                if qrs[0]["h"] < 0.55 * tree["height"]:
                    problem(f"{where}: QR only {qrs[0]['h']}px tall")
                name = f"course-qr-{size}-{r['programme']}"
                k.step(f"screenshot {name}")
                got = zbar(os.path.join(k.shots, name + ".png"))
                if got != r["url"]:
                    problem(f"{where}: zbarimg read {got!r}, want {r['url']!r}")


def temp_config(printer=None, csv_text=None):
    d = tempfile.mkdtemp(prefix="kiosk-cfg-")
    cfg = os.path.join(d, "kiosk-config")
    shutil.copytree(CONFIG, cfg)
    if printer is not None:
        p = os.path.join(cfg, "kiosk.json")
        j = json.load(open(p, encoding="utf-8"))
        j["printer"] = printer
        json.dump(j, open(p, "w", encoding="utf-8"), indent=2)
    if csv_text is not None:
        with open(os.path.join(cfg, "courses.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(csv_text)
    return d, cfg


def wait_for(k, wanted):
    """Printing is a job on a real thread: wait-jobs returns once it has
    ended and its result is drawn (the virtual clock does not move)."""
    k.step("wait-jobs 20000")
    tree = k.dump()
    for t in texts(tree):
        if t in wanted:
            return t, tree
    return None, tree


def open_first(k, rows):
    r = sorted((r for r in rows if r["day"] >= datetime.date.fromisoformat(TODAY)),
               key=lambda r: (r["day"], r["start"]))[0]
    start(k, item_text(r))
    return r


def test_print(rows, paper, native):
    d = tempfile.mkdtemp(prefix="kiosk-slip-")
    slip = os.path.join(d, "slip.bin")
    d2, cfg = temp_config({"target": "file:" + slip, "paper_mm": paper, "native_qr": native})
    where = f"print {paper} mm {'native' if native else 'raster'}"
    try:
        with Run("800x480", today=TODAY, extra=("--config", cfg, "--assets", ASSETS)) as k:
            r = open_first(k, rows)
            tree = k.dump()
            check_clean(tree, where)
            k.step('tap "%s"' % STR["course.print"])
            got, tree = wait_for(k, {STR["course.printed"], STR["course.print.failed"],
                                     STR["course.print.unplugged"]})
            if got != STR["course.printed"]:
                problem(f"{where}: after Print this the screen says {got!r}: {texts(tree)}")
                return
            check_clean(tree, where + " printed")
            if STR["course.print"] in texts(tree):
                problem(f"{where}: Print this still offered after printing")
            k.step(f"screenshot course-printed-{paper}")
            # The kiosk carries on.
            k.step('tap "Back"')
            k.step("expect-scene courses")
        if not os.path.exists(slip):
            problem(f"{where}: nothing reached the printer file {slip}")
            return
        data = open(slip, "rb").read()
        if (b"\x1d(k" in data) != native or (b"\x1dv0" in data) == native:
            problem(f"{where}: QR not drawn the configured way")
        img = os.path.join(d, "qr.pgm")
        out = subprocess.run([DECODE, "--image", img, slip], capture_output=True, text=True)
        if out.returncode:
            problem(f"{where}: escpos-decode failed: {out.stderr}")
            return
        lines = [x for x in out.stdout.split("\n") if x]
        spaced, joined = " ".join(lines), "".join(lines)
        venue = r["venue"] + (", " + r["postcode"] if r["postcode"] else "")
        want = [r["title"], when_text(r), venue, r["url"], STR["course.slip.bring_heading"]]
        want += STR["course.slip.bring"].split("\n")
        for t in want:
            if t not in spaced and t not in joined:
                problem(f"{where}: slip lacks {t!r}: {lines}")
        if zbar(img) != r["url"]:
            problem(f"{where}: zbarimg read {zbar(img)!r} off the slip, want {r['url']!r}")
    finally:
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(d2, ignore_errors=True)


def fail_print(rows, target, want, where, before=None):
    d, cfg = temp_config({"target": target, "paper_mm": 80, "native_qr": False})
    try:
        with Run("800x480", today=TODAY, extra=("--config", cfg, "--assets", ASSETS)) as k:
            open_first(k, rows)
            if before:
                before()
            k.step('tap "%s"' % STR["course.print"])
            got, tree = wait_for(k, {STR["course.printed"], STR["course.print.failed"],
                                     STR["course.print.unplugged"], STR["course.print.busy"],
                                     STR["course.print.no_paper"]})
            if got != want:
                problem(f"{where}: screen says {got!r}, want {want!r}")
            check_clean(tree, where)
            if STR["course.print_again"] not in texts(tree, "button"):
                problem(f"{where}: no way to try again: {texts(tree)}")
            k.step(f"screenshot course-print-{where.replace(' ', '-')}")
            k.step('tap "%s"' % STR["course.print_ok"])
            if STR["course.print"] not in texts(k.dump(), "button"):
                problem(f"{where}: no Print this after OK")
            # Still working: back to the list, into another session.
            k.step('tap "Back"')
            k.step("expect-scene courses")
            k.step('tap "Home"')
            k.step("expect-scene home")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def paper_out_printer():
    """A network printer that answers the paper status with "paper end"."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)

    def serve():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            c.settimeout(5)
            try:
                if c.recv(16).endswith(b"\x10\x04\x04"):
                    c.sendall(b"\x72")  # fixed bits 0x12, paper end 0x60
                while c.recv(4096):
                    pass
            except OSError:
                pass
            c.close()
    threading.Thread(target=serve, daemon=True).start()
    return srv


def slow_printer(got):
    """A network printer that takes its time: the visitor leaves first."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def serve():
        c, _ = srv.accept()
        time.sleep(1.0)
        data = b""
        while True:
            b = c.recv(4096)
            if not b:
                break
            data += b
        got.append(data)
        c.close()
    threading.Thread(target=serve, daemon=True).start()
    return srv


def test_failures(rows):
    fail_print(rows, "/dev/nonexistent-printer", STR["course.print.unplugged"], "unplugged")
    srv = paper_out_printer()
    fail_print(rows, "tcp:127.0.0.1:%d" % srv.getsockname()[1], STR["course.print.no_paper"],
               "no paper")
    srv.close()
    # Busy: another job holds the lock on the target.
    fd, path = tempfile.mkstemp(prefix="kiosk-slip-")
    fcntl.flock(fd, fcntl.LOCK_EX)
    fail_print(rows, "file:" + path, STR["course.print.busy"], "busy")
    os.close(fd)
    os.unlink(path)


def test_leave_while_printing(rows):
    got = []
    srv = slow_printer(got)
    d, cfg = temp_config({"target": "tcp:127.0.0.1:%d" % srv.getsockname()[1], "paper_mm": 80,
                          "native_qr": False})
    try:
        with Run("800x480", today=TODAY, extra=("--config", cfg, "--assets", ASSETS)) as k:
            r = open_first(k, rows)
            k.step('tap "%s"' % STR["course.print"])
            if STR["course.printing"] not in texts(k.dump()):
                problem("leave while printing: no Printing... message")
            k.step('tap "Home"')
            k.step("expect-scene home")
            for _ in range(100):  # the job ends after the screen has gone
                if got:
                    break
                time.sleep(0.1)
            time.sleep(0.3)
            k.step('tap "Course dates"')
            k.step(f'tap "{item_text(r)}"')
            k.step("expect-scene course")
        if not got or b"\x1dv0" not in got[0]:
            problem("leave while printing: the slip never reached the printer")
    finally:
        srv.close()
        shutil.rmtree(d, ignore_errors=True)


EDGE_CSV = ("\ufefftitle,programme,date,start,end,venue,postcode,url,eligibility\r\n"
            "\"Step into Care, evenings\",Step into Care,2027-03-02,17:30,20:00,"
            "\"Zoë's Café, Łódź Street\",LS9 8AB,https://wecare.example.org/c/evening,"
            "\"Anyone 18+, in work or not.\"\r\n"
            "\r\n"
            "Old session,info-session,2027-01-05,10:00,,Old Hall,,"
            "https://wecare.example.org/c/old,\r\n")


def test_edge_csv():
    d, cfg = temp_config(csv_text=EDGE_CSV)
    where = "edge CSV"
    try:
        for size in ("800x480", "1920x1080"):
            with Run(size, today=TODAY, extra=("--config", cfg, "--assets", ASSETS)) as k:
                tree = start(k)
                check_clean(tree, f"{size} {where}")
                items = texts(tree, "list-item")
                want = "Step into Care, evenings, Tuesday 2 March 2027"
                if items != [want]:
                    problem(f"{where}: list {items}, want [{want!r}]")
                    continue
                if any((w.get("name") or "").startswith("filter-") for w in tree["widgets"]):
                    problem(f"{where}: filter chips for a list of one programme")
                if "Zoë's Café, Łódź Street, LS9 8AB" not in texts(tree):
                    problem(f"{where}: venue not shown exactly: {texts(tree)}")
                k.step(f"screenshot edge-csv-list-{size}")
                k.step(f'tap "{want}"')
                tree = k.dump()
                check_clean(tree, f"{size} {where} course")
                for t in ("Step into Care, evenings", "Tuesday 2 March 2027, 17:30-20:00",
                          "Zoë's Café, Łódź Street, LS9 8AB", "Anyone 18+, in work or not."):
                    if t not in texts(tree):
                        problem(f"{where}: {t!r} not on the course screen")
                k.step(f"screenshot edge-csv-course-{size}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


TODAY_CSV = ("title,programme,date,start,end,venue,postcode,url,eligibility\n"
             "Morning drop-in,info-session,02/03/2027,09:00,11:00,Hall,LS9 8AB,"
             "https://wecare.example.org/c/am,\n"
             "Afternoon drop-in,info-session,02/03/2027,14:00,16:00,Hall,LS9 8AB,"
             "https://wecare.example.org/c/pm,\n")


def test_today_over():
    """--today starts the virtual clock at midday: this morning's session is
    over and hidden, this afternoon's is still listed."""
    d, cfg = temp_config(csv_text=TODAY_CSV)
    try:
        with Run("800x480", today="2027-03-02", env={"TZ": "UTC"},
                 extra=("--config", cfg, "--assets", ASSETS)) as k:
            items = texts(start(k), "list-item")
            want = ["Afternoon drop-in, Tuesday 2 March 2027"]
            if items != want:
                problem(f"today: list {items}, want {want} (the morning one is over)")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_empty():
    d, cfg = temp_config(csv_text=EDGE_CSV)
    try:
        for size in ("800x480", "1920x1080"):
            with Run(size, today="2027-06-01",
                       extra=("--config", cfg, "--assets", ASSETS)) as k:
                tree = start(k)
                check_clean(tree, f"{size} empty")
                if STR["courses.empty"] not in texts(tree) or texts(tree, "list-item"):
                    problem(f"{size} empty: {texts(tree)}")
                k.step(f"screenshot courses-empty-{size}")
                k.step('tap "%s"' % STR["courses.empty_home"])
                k.step("expect-scene home")
                k.step('tap "Course dates"')
                k.step('tap "%s"' % STR["courses.empty_register"])
                k.step("expect-scene form")
    finally:
        shutil.rmtree(d, ignore_errors=True)


BAD_ROW_CSV = ("title,programme,date,start,end,venue,postcode,url,eligibility\n"
               "Good one,info-session,02/03/2027,14:00,16:00,Hall,LS9 8AB,"
               "https://wecare.example.org/c/pm,\n"
               "Bad one,info-session,31/02/2027,14:00,16:00,Hall,LS9 8AB,"
               "https://wecare.example.org/c/bad,\n")


def test_skipped_rows():
    """A row the kiosk skips is named in its log (journalctl) as file:line,
    once, when the kiosk loads the file: not only by kioskctl check, and not
    again each time someone opens Course dates."""
    d, cfg = temp_config(csv_text=BAD_ROW_CSV)
    path = os.path.join(cfg, "courses.csv")
    visit = 'tap "Touch to start"\ntap "Course dates"\nexpect "Good one, Tuesday 2 March 2027"\n'
    try:
        for what, script in (("no visit", ""), ("two visits", visit + 'tap "Back"\n' + visit.split("\n", 1)[1])):
            sp = os.path.join(d, "t.script")
            with open(sp, "w") as f:
                f.write(script)
            r = subprocess.run([os.environ["KIOSK_BIN"], "--headless", "--config", cfg,
                                "--assets", ASSETS, "--data", d, "--today", "2027-03-01",
                                "--script", sp], capture_output=True, text=True, timeout=60)
            lines = [ln for ln in r.stderr.splitlines() if ln.startswith(f"{path}:3: ")]
            if r.returncode != 0 or len(lines) != 1:
                problem(f"skipped row, {what}: want {path}:3 once in the log, exit 0; got "
                        f"{r.returncode}: {r.stderr!r}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    rows = read_csv(os.path.join(CONFIG, "courses.csv"))
    if not os.access(DECODE, os.X_OK):
        print(f"escpos-decode not found at {DECODE} (build the escpos-decode target)")
        return 1
    if not ZBARIMG:
        print("zbarimg not found (apt-get install zbar-tools)")
        return 1
    test_list(rows)
    test_qr(rows)
    test_print(rows, 80, False)
    test_print(rows, 58, True)
    test_failures(rows)
    test_leave_while_printing(rows)
    test_edge_csv()
    test_today_over()
    test_empty()
    test_skipped_rows()
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
