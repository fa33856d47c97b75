"""Stale content (issue 19): pay figures more than 12 months old and a course
list with nothing in the next 30 days give the same warning lines in
`kioskctl check`, `carekiosk-receiver content publish` and staff mode (the
dashboard's count and Check content's list), from one check
(src/content/check.c). Warnings only: check passes, publish publishes, the
kiosk shows the content. Real binaries; dates come from --today."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import (ASSETS, KIOSKCTL, PIN, RECEIVER, SRC, Kiosk, check,  # noqa: E402
                    report)


PAY_OLD = ("roles/home-care-worker.json:{line}: warning: pay figures as of April 2024 are more "
           "than 12 months old: check them against this year's, then update pay.range, "
           "pay.source and pay.as_of")
NO_COURSES = "courses.csv:0: warning: no course session in the next 30 days"


def warnings(text):
    return [line for line in text.splitlines() if ": warning: " in line]


def kioskctl_check(cfg, *extra):
    return subprocess.run([KIOSKCTL, "check", "--config", cfg, "--assets", ASSETS, *extra],
                          capture_output=True, text=True, timeout=60)


def as_of_line(cfg):
    with open(os.path.join(cfg, "roles", "home-care-worker.json"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if '"as_of"' in line:
                return n
    raise AssertionError("no as_of in home-care-worker.json")


def content_2024(tmp):
    """The shipped content with one role's pay from 2024 and one course
    session soon after 2025-06-01 (so only the pay figure is stale then)."""
    cfg = os.path.join(tmp, "kiosk-config")
    shutil.copytree(os.path.join(SRC, "kiosk-config"), cfg)
    role = os.path.join(cfg, "roles", "home-care-worker.json")
    with open(role, encoding="utf-8") as f:
        text = f.read()
    with open(role, "w", encoding="utf-8") as f:
        f.write(text.replace('"as_of": "April 2025"', '"as_of": "April 2024"'))
    with open(os.path.join(cfg, "courses.csv"), "a", encoding="utf-8") as f:
        f.write("Summer drop-in,info-session,2025-06-20,10:00,11:00,\"Café Mosaic, Roundhay "
                "Road\",LS8 5PL,https://wecare.example.org/courses/info-2025-06,Just drop in.\n")
    return cfg


def test_kioskctl(cfg):
    line = as_of_line(cfg)
    want = os.path.join(cfg, PAY_OLD.format(line=line))
    r = kioskctl_check(cfg, "--today", "2025-06-01")
    got = warnings(r.stdout)
    check(r.returncode == 0, f"stale figures are warnings, not problems: rc {r.returncode} "
          f"{r.stderr}")
    check(got == [want], f"kioskctl check: one warning for the 2024 figure, got {got}")
    check("all good" in r.stdout, "check still says all good")
    # Twelve months after April 2024 (1 April) is not yet too old; a day on is.
    r = kioskctl_check(cfg, "--today", "2025-04-01")
    check(not [w for w in warnings(r.stdout) if "pay figures" in w],
          f"2025-04-01: April 2024 is 12 months old, not more: {warnings(r.stdout)}")
    r = kioskctl_check(cfg, "--today", "2025-04-02")
    check([w for w in warnings(r.stdout) if "pay figures" in w] == [want],
          f"2025-04-02: April 2024 is more than 12 months old: {warnings(r.stdout)}")
    # No session between the day and 30 days on: the course list warns too.
    r = kioskctl_check(cfg, "--today", "2025-07-01")
    check(os.path.join(cfg, NO_COURSES) in "\n".join(warnings(r.stdout)),
          f"2025-07-01: no session in the next 30 days: {warnings(r.stdout)}")
    r = kioskctl_check(cfg, "--today", "2025-05-21")
    check(not [w for w in warnings(r.stdout) if "course" in w],
          f"2025-05-21: the 2025-06-20 session is 30 days on: {warnings(r.stdout)}")
    bad = kioskctl_check(cfg, "--today", "2025-02-30")
    check(bad.returncode == 2 and "--today" in bad.stderr, "a bad --today is refused")
    return want


def test_shipped():
    """What the shipped content says today (its pay is as of April and
    March 2025, so it warns from April 2026; courses run from December
    2026): one warning per role, no course warning."""
    cfg = os.path.join(SRC, "kiosk-config")
    r = kioskctl_check(cfg, "--today", "2026-12-02")
    got = warnings(r.stdout)
    pay = [w for w in got if "pay figures" in w]
    check(r.returncode == 0 and len(pay) == 10 and len(got) == 10,
          f"shipped content on 2026-12-02: a warning for each of 10 roles, got {got}")
    r = kioskctl_check(cfg, "--today", "2026-03-01")
    check(not [w for w in warnings(r.stdout) if "pay figures" in w],
          f"shipped pay on 2026-03-01 is less than 12 months old: {warnings(r.stdout)}")
    return len(got)


def test_publish(tmp, cfg, want):
    key, out = os.path.join(tmp, "content.key"), os.path.join(tmp, "content.ckb")
    subprocess.run([RECEIVER, "content", "keygen", "--out", key], check=True,
                   capture_output=True)
    r = subprocess.run([RECEIVER, "content", "publish", cfg, "--key", key, "--out", out,
                        "--assets", ASSETS, "--today", "2025-06-01"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and os.path.exists(out),
          f"publish publishes stale content (a warning): {r.returncode} {r.stderr}")
    check(warnings(r.stdout) == [want], f"publish says the same words: {warnings(r.stdout)}")


def staff_texts(k):
    return [w["text"] for w in k.dump()["widgets"]]


def test_staff(tmp, cfg, want):
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    subprocess.run([KIOSKCTL, "set-pin", "--config", cfg, "--data", data], input=PIN + "\n",
                   text=True, check=True, capture_output=True)
    with Kiosk("800x480", today="2025-06-01", data=data,
               extra=("--config", cfg, "--assets", ASSETS)) as k:
        k.step("longpress 20 20 3000")
        k.step("expect-scene staff")
        for d in PIN:
            k.step(f'tap "{d}"')
        k.step('tap "OK"')
        k.step('expect "1 thing is out of date: tap Content."')
        k.step("screenshot stale-dashboard")
        k.step('tap "Content"')
        k.step('tap "Check content"')
        k.step("wait-jobs 30000")
        text = "\n".join(staff_texts(k))
        check("Out of date (visitors still see it; update it soon):\n" + want in text,
              f"Check content lists the warning in kioskctl's words: {text!r}")
        k.step("screenshot stale-check")
        rc = k.close()
        check(rc == 0, f"kiosk exited with {rc}")
    # The shipped content on this session's date: each role's pay is stale.
    with Kiosk("1280x800", today="2026-12-02", data=data) as k:
        k.step("longpress 20 20 3000")
        for d in PIN:
            k.step(f'tap "{d}"')
        k.step('tap "OK"')
        k.step('expect "10 things are out of date: tap Content."')
        k.step("screenshot stale-dashboard-shipped")
        rc = k.close()
        check(rc == 0, f"kiosk exited with {rc}")


def main():
    tmp = tempfile.mkdtemp(prefix="stale-")
    try:
        cfg = content_2024(tmp)
        want = test_kioskctl(cfg)
        test_shipped()
        test_publish(tmp, cfg, re.sub(r"^.*?roles/", cfg + "/roles/", want))
        test_staff(tmp, cfg, want)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report("stale")


if __name__ == "__main__":
    main()
