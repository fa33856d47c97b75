"""Update content from USB (issue 19), end to end with the real binaries: the
office publishes a signed bundle (`carekiosk-receiver content publish`), a
folder on another filesystem stands in for the stick, and staff mode's
Content > Update content from USB shows what changes and asks. Cancel changes
nothing; Install stages the bundle as a network fetch does
(data/content/v<N>, state "staged N") and the courses screen shows the new
session after the attract screen (and, unsigned, after a restart). A tampered bundle is refused with its
reason; a plain courses.csv is refused unless content.allow_usb_unsigned,
and then installs the same way. Dialog screenshots at 800x480 and 1280x800."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import (ASSETS, KIOSKCTL, PIN, RECEIVER, SRC, Kiosk, fake_stick, check,  # noqa: E402
                    report)
import test_layout  # noqa: E402

TODAY = "2026-11-23"
NEW_ROW = ("USB test session,info-session,15/12/2026,10:00,11:00,\"Library foyer, Central "
           "Library\",LS1 3AB,https://wecare.example.org/courses/usb-2026-12,Just drop in.\n")
NEW_TITLE = "USB test session, Tuesday 15 December 2026"
NEW_LINE = ("+ USB test session, Tuesday 15 December 2026, 10:00-11:00, "
            "Library foyer, Central Library")


def stick(media):
    d = fake_stick(media)
    if not d:
        raise AssertionError("no other filesystem to stand in for a USB stick")
    return d


class Setup:
    def __init__(self, tmp, allow_unsigned=False):
        self.tmp = tmp
        self.media = os.path.join(tmp, "media")
        os.makedirs(self.media)
        self.stick = stick(self.media)
        # The office: its key and its copy of the content, with one new session.
        self.key = os.path.join(tmp, "content.key")
        out = subprocess.run([RECEIVER, "content", "keygen", "--out", self.key],
                             capture_output=True, text=True, check=True).stdout
        self.pk = re.search(r'"public_key": "([A-Za-z0-9+/=]{44})"', out).group(1)
        self.office = os.path.join(tmp, "office")
        shutil.copytree(os.path.join(SRC, "kiosk-config"), self.office)
        with open(os.path.join(self.office, "courses.csv"), "a", encoding="utf-8") as f:
            f.write(NEW_ROW)
        self.ckb = os.path.join(tmp, "content.ckb")
        subprocess.run([RECEIVER, "content", "publish", self.office, "--key", self.key,
                        "--out", self.ckb, "--assets", ASSETS], capture_output=True,
                       check=True)
        # The kiosk: the office's public key, the stick's folder.
        self.config = os.path.join(tmp, "config")
        shutil.copytree(os.path.join(SRC, "kiosk-config"), self.config)
        path = os.path.join(self.config, "kiosk.json")
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        j.setdefault("staff", {})["usb_dirs"] = self.media
        j["content"] = {"public_key": self.pk}
        if allow_unsigned:
            j["content"]["allow_usb_unsigned"] = True
        with open(path, "w", encoding="utf-8") as f:
            json.dump(j, f, indent=2)
        self.data = os.path.join(tmp, "data")
        os.makedirs(self.data)
        subprocess.run([KIOSKCTL, "set-pin", "--config", self.config, "--data", self.data],
                       input=PIN + "\n", text=True, check=True, capture_output=True)

    def kiosk(self, size="800x480"):
        return Kiosk(size, today=TODAY, data=self.data,
                     extra=("--config", self.config, "--assets", ASSETS))

    def state(self):
        try:
            with open(os.path.join(self.data, "content", "state")) as f:
                return dict(line.split(" ", 1) for line in f.read().splitlines() if " " in line)
        except FileNotFoundError:
            return {}

    def folders(self):
        d = os.path.join(self.data, "content")
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def close(self):
        shutil.rmtree(self.stick, ignore_errors=True)


def texts(k):
    return [w["text"] for w in k.dump()["widgets"]]


def open_usb(k, shot=None):
    """Staff mode, Content, Update content from USB; waits for the look."""
    k.step("longpress 20 20 3000")
    k.step("expect-scene staff")
    for d in PIN:
        k.step(f'tap "{d}"')
    k.step('tap "OK"')
    k.step('tap "Content"')
    k.step('expect "Update content from USB"')
    if shot:
        k.step(f"screenshot {shot}")
    k.step('tap "Update content from USB"')
    k.step("wait-jobs 60000")
    t = texts(k)
    check("Looking at the USB stick." not in t, "the busy dialog is gone after the job")
    return "\n".join(t)


def shown_after_attract(k):
    """Back to start: the staged version is taken in once the attract
    screen has been left untouched for a second; the courses screen then
    lists the new session."""
    k.step('tap "OK"')
    k.step('tap "Back to start"')
    k.step("expect-scene attract")
    k.step("wait-jobs 30000")
    k.step("wait 1500")
    k.step("wait-jobs 30000")
    k.step('tap "Touch to start"')
    k.step('tap "Course dates"')
    k.step("expect-scene courses")
    k.step('tap "Info sessions"')	# its programme: the list is short enough to see
    k.step(f'expect "{NEW_TITLE}"')


def finish(k, what):
    rc = k.close()
    check(rc == 0, f"{what}: the kiosk exited with {rc}")


def test_signed(tmp):
    s = Setup(tmp)
    try:
        shutil.copy(s.ckb, os.path.join(s.stick, "content.ckb"))
        # Cancel: nothing changes, nothing is left behind.
        with s.kiosk("1280x800") as k:
            words = open_usb(k, "usb-content-menu-1280x800")
            check("Update the content?" in words, f"the confirm dialog shows: {words!r}")
            check("Content version 1 from the USB stick, signed by the office." in words,
                  f"it says what it is: {words!r}")
            check("Course sessions added: 1\n" + NEW_LINE in words,
                  f"it lists the new session: {words!r}")
            check("removed" not in words, f"nothing removed: {words!r}")
            problems = []
            test_layout.check_screen(k, "1280x800", "usb-confirm", problems)
            check(not problems, f"confirm dialog layout: {problems}")
            k.step("screenshot usb-confirm-1280x800")
            k.step('tap "Cancel"')
            k.step("wait-jobs 60000")
            k.step('expect "Nothing has changed. You can take the USB stick out now."')
            finish(k, "cancel")
        check(s.state().get("staged", "0") == "0", f"cancel stages nothing: {s.state()}")
        check([f for f in s.folders() if f != ".usb"] == [] and
              not os.listdir(os.path.join(s.data, "content", ".usb")),
              f"cancel leaves no folder: {s.folders()}")
        # Install: staged as version 1; shown after the attract screen.
        with s.kiosk("800x480") as k:
            words = open_usb(k, "usb-content-menu-800x480")
            check(NEW_LINE in words, f"the new session again: {words!r}")
            problems = []
            test_layout.check_screen(k, "800x480", "usb-confirm", problems)
            check(not problems, f"confirm dialog layout: {problems}")
            k.step("screenshot usb-confirm-800x480")
            k.step('tap "Install"')
            k.step("wait-jobs 60000")
            k.step('expect "Content version 1 is installed. Visitors see it from the next '
                   'start screen. You can take the USB stick out now."')
            check(s.state().get("staged") == "1", f"state says staged 1: {s.state()}")
            with open(os.path.join(s.data, "content", "v1", "courses.csv"),
                      encoding="utf-8") as f:
                check("USB test session" in f.read(), "v1/courses.csv has the new session")
            shown_after_attract(k)
            finish(k, "install")
        # The same stick again: already there.
        with s.kiosk() as k:
            words = open_usb(k)
            check("This kiosk already has content version 1. Nothing has changed." in words,
                  f"same version again: {words!r}")
            finish(k, "same")
    finally:
        s.close()


def test_tampered(tmp):
    s = Setup(tmp)
    try:
        with open(s.ckb, "rb") as f:
            data = bytearray(f.read())
        i = data.index(b"USB test session")
        data[i] ^= 0x20  # "uSB test session": one byte changed after signing
        with open(os.path.join(s.stick, "content.ckb"), "wb") as f:
            f.write(data)
        with s.kiosk() as k:
            words = open_usb(k)
            check("The content on the USB stick was refused: " in words and
                  ("bad signature" in words or "damaged" in words),
                  f"tampered: refused with its reason: {words!r}")
            k.step("screenshot usb-tampered")
            finish(k, "tampered")
        check(s.state().get("staged", "0") == "0" and "v1" not in s.folders(),
              f"tampered: nothing staged: {s.state()} {s.folders()}")
    finally:
        s.close()


def test_unsigned(tmp, allowed):
    s = Setup(tmp, allow_unsigned=allowed)
    try:
        shutil.copy(os.path.join(s.office, "courses.csv"), os.path.join(s.stick, "courses.csv"))
        with s.kiosk() as k:
            words = open_usb(k)
            if not allowed:
                check("This stick has a courses.csv but no content signed by the office, and "
                      "this kiosk takes signed content only. Nothing has changed." in words,
                      f"unsigned refused: {words!r}")
                finish(k, "unsigned refused")
                check(s.folders() == [], f"unsigned refused: nothing written {s.folders()}")
                return
            check("A courses.csv from the USB stick, not signed by anyone. It becomes content "
                  "version 1 on this kiosk." in words and NEW_LINE in words,
                  f"unsigned allowed: confirm with the new session: {words!r}")
            k.step('tap "Install"')
            k.step("wait-jobs 60000")
            k.step('expect "Content version 1 is installed. Visitors see it from the next '
                   'start screen. You can take the USB stick out now."')
            shown_after_attract(k)
            finish(k, "unsigned installed")
        # After a restart too, on a kiosk with no office key.
        with s.kiosk() as k:
            k.step('tap "Touch to start"')
            k.step('tap "Course dates"')
            k.step('tap "Info sessions"')
            k.step(f'expect "{NEW_TITLE}"')
            finish(k, "unsigned after a restart")
        check(s.state().get("running") == "1", f"unsigned: running 1: {s.state()}")
        # The rest of the content came from the running folder, without kiosk.json.
        v1 = os.path.join(s.data, "content", "v1")
        check(os.path.exists(os.path.join(v1, "roles", "home-care-worker.json")) and
              not os.path.exists(os.path.join(v1, "kiosk.json")),
              "unsigned: the running content with the new courses.csv, no kiosk.json")
    finally:
        s.close()


def test_bad_csv(tmp):
    s = Setup(tmp, allow_unsigned=True)
    try:
        with open(os.path.join(s.stick, "courses.csv"), "w", encoding="utf-8") as f:
            f.write("title,programme,date,start,end,venue,postcode,url,eligibility\n")
            f.write("Broken,sbwa,31/02/2027,09:30,15:00,Somewhere,LS2 7LY,"
                    "https://x.example.org/a,\n")
        with s.kiosk() as k:
            words = open_usb(k)
            check("The content on the USB stick was refused: " in words and
                  "courses.csv:2:" in words, f"a bad courses.csv names its line: {words!r}")
            finish(k, "bad csv")
        check(s.folders() in ([], [".usb"]), f"bad csv: nothing staged {s.folders()}")
    finally:
        s.close()


def main():
    for name, fn in [("signed", test_signed), ("tampered", test_tampered),
                     ("unsigned-refused", lambda t: test_unsigned(t, False)),
                     ("unsigned-allowed", lambda t: test_unsigned(t, True)),
                     ("bad-csv", test_bad_csv)]:
        tmp = tempfile.mkdtemp(prefix="usb-content-")
        try:
            print("case", name)
            fn(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    report("usb content")


if __name__ == "__main__":
    main()
