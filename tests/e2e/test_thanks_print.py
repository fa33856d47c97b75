"""The thank-you screen's "Print this": with a receipt printer configured,
the visitor can take the course dates that fit them away on paper. The
slip (printed to a file, decoded back with escpos-decode and zbarimg) has
the programme, the course-dates link as a QR code and as text, and what
happens next, and nothing the visitor typed. A printer that is not there
shows the friendly words, and Finish still ends the visit."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk, zbar  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
DECODE = os.environ.get("ESCPOS_DECODE") or os.path.join(
    os.path.dirname(os.environ["KIOSK_BIN"]), "..", "tools", "escpos-decode")
STR = {}
for name in ("courses.json", "form.json"):
    with open(os.path.join(CONFIG, "strings", name), encoding="utf-8") as f:
        STR.update(json.load(f))
with open(os.path.join(CONFIG, "form.json"), encoding="utf-8") as f:
    PROG = json.load(f)["programmes"]["sbwa"]	# the form script says yes to benefits
URL = "https://wecare.example.org/courses/sbwa"
# What the visitor typed in tests/e2e/form.script: never on a slip.
TYPED = ["Zo", "Nguy", "07700", "zoe.testperson", "LS1 4AP"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def config(printer):
    d = tempfile.mkdtemp(prefix="kiosk-cfg-")
    cfg = os.path.join(d, "kiosk-config")
    shutil.copytree(CONFIG, cfg)
    p = os.path.join(cfg, "kiosk.json")
    with open(p, encoding="utf-8") as f:
        j = json.load(f)
    j["printer"] = printer
    with open(p, "w", encoding="utf-8") as f:
        json.dump(j, f, indent=2)
    return d, ["--config", cfg, "--assets", os.path.join(SRC, "assets")]


def to_thanks(k):
    """The form as tests/e2e/form.script fills it, up to Send."""
    with open(os.path.join(SRC, "tests", "e2e", "form.script"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("screenshot"):
                continue
            k.step(line)
            if line == 'tap "Send"':
                break
    k.step("expect-scene thanks")


def texts(tree):
    return [w.get("text", "") for w in tree["widgets"]]


def wait_for(k, wanted):
    """Printing is a job on a real thread: wait-jobs returns once it has
    ended and its result is drawn (the virtual clock does not move)."""
    k.step("wait-jobs 20000")
    for t in texts(k.dump()):
        if t in wanted:
            return t
    return None


def test_printed():
    d = tempfile.mkdtemp(prefix="kiosk-slip-")
    slip = os.path.join(d, "slip.bin")
    cd, extra = config({"target": "file:" + slip, "paper_mm": 58})
    ends = {STR["course.printed"], STR["course.print.failed"], STR["course.print.unplugged"]}
    try:
        with Kiosk("800x480", extra=extra) as k:
            to_thanks(k)
            k.step('tap "%s"' % STR["course.print"])
            got = wait_for(k, ends)
            check(got == STR["course.printed"], f"after Print this the screen says {got!r}")
            k.step("screenshot thanks-printed")
            # The code on screen still scans beside the printer's note.
            shot = os.path.join(k.shots, "thanks-printed.png")
            check(zbar(shot) == URL, f"zbarimg read {zbar(shot)!r} off the screen")
            k.step('tap "%s"' % STR["thanks.finish"])
            k.step("expect-scene attract")
        check(os.path.exists(slip), "nothing reached the printer file")
        if not os.path.exists(slip):
            return
        data = open(slip, "rb").read()
        img = os.path.join(d, "qr.pgm")
        out = subprocess.run([DECODE, "--image", img, slip], capture_output=True, text=True)
        check(out.returncode == 0, "escpos-decode failed: " + out.stderr)
        lines = [x for x in out.stdout.split("\n") if x]
        spaced, joined = " ".join(lines), "".join(lines)
        for t in [PROG["name"], STR["thanks.slip.scan"], URL, STR["thanks.next"]] + PROG["next"]:
            check(t in spaced or t in joined, f"the slip lacks {t!r}: {lines}")
        for t in TYPED:
            check(t.encode() not in data and t not in spaced, f"the slip holds {t!r}")
        check(zbar(img) == URL, f"zbarimg read {zbar(img)!r} off the slip, want {URL!r}")
    finally:
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(cd, ignore_errors=True)


def test_unplugged():
    cd, extra = config({"target": "/dev/usb/carekiosk-test-no-such-printer"})
    try:
        with Kiosk("800x480", extra=extra) as k:
            to_thanks(k)
            k.step('tap "%s"' % STR["course.print"])
            got = wait_for(k, {STR["course.printed"], STR["course.print.unplugged"]})
            check(got == STR["course.print.unplugged"], f"an unplugged printer says {got!r}")
            k.step("screenshot thanks-print-unplugged")
            k.step('tap "%s"' % STR["course.print_ok"])
            check(STR["course.print"] in texts(k.dump()), "Print this is offered again after OK")
            k.step('tap "%s"' % STR["thanks.finish"])
            k.step("expect-scene attract")
    finally:
        shutil.rmtree(cd, ignore_errors=True)


def test_no_printer():
    with Kiosk("800x480") as k:
        to_thanks(k)
        check(STR["course.print"] not in texts(k.dump()), "Print this without a printer")


if __name__ == "__main__":
    test_printed()
    test_unplugged()
    test_no_printer()
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)
