"""The kiosk fetches the office's signed content by itself (src/app_content.c):
the real kiosk (headless, its script driver) beside a receiver started here
that serves what `carekiosk-receiver content publish` wrote. After start,
every 15 minutes of the kiosk's clock, and from staff mode; the switch at
the next attract screen, never under a visitor; refusals with their reason;
a version that fails at start; SIGKILL during the switch."""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import netlib  # noqa: E402
import pglib  # noqa: E402
from kiosk import Kiosk as Driver  # noqa: E402
from test_content import Office, content_requests  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
PIN = "2468"
FIFTEEN_MIN = 15 * 60 * 1000


def course(title, day="24/11/2026"):
    return ("%s,info-session,%s,10:00,11:30,\"Library, Main Street\",LS1 1AA,"
            "https://x.example.org/%d," % (title, day, abs(hash(title)) % 10000))


def set_role_title(office, title):
    path = os.path.join(office.dir, "roles", "home-care-worker.json")
    with open(path) as f:
        text = f.read()
    text = re.sub(r'"title": "[^"]*"', '"title": "%s"' % title, text, count=1)
    with open(path, "w") as f:
        f.write(text)


class Setup:
    """A kiosk's config folder (kiosk.json with the receiver and the office's
    content key) and data folder."""

    def __init__(self, tmp, receiver, public_key, name="kiosk", content_url=None):
        self.tmp = tmp
        self.config = os.path.join(tmp, name + "-config")
        self.data = os.path.join(tmp, name + "-data")
        shutil.copytree(os.path.join(SRC, "kiosk-config"), self.config)
        os.makedirs(self.data, exist_ok=True)
        self.token = os.path.join(tmp, "upload.token")
        with open(self.token, "w") as f:
            f.write(netlib.TOKEN + "\n")
        with open(os.path.join(self.config, "kiosk.json")) as f:
            cfg = json.load(f)
        cfg["upload"] = {"url": receiver.url, "token_file": self.token}
        cfg["content"] = {"public_key": public_key}
        if content_url:
            cfg["content"]["url"] = content_url
        with open(os.path.join(self.config, "kiosk.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        self.content = os.path.join(self.data, "content")

    def kiosk(self, **kw):
        return Driver(data=self.data, extra=("--config", self.config), **kw)

    def ctl(self, *args, stdin=""):
        p = subprocess.run([netlib.KIOSKCTL, *args, "--config", self.config, "--data", self.data],
                           input=stdin, capture_output=True, text=True, timeout=60)
        return p.stdout + p.stderr

    def status(self):
        return self.ctl("content", "status")


def items(k):
    """The course list's items, from the attract screen (and back there)."""
    k.step("expect-scene attract")
    k.step('tap "Touch to start"')
    k.step('tap "Course dates"')
    k.step("expect-scene courses")
    return [w["text"] for w in k.dump()["widgets"] if w["role"] == "list-item"]


def roles(k):
    k.step('tap "Home"')
    k.step('tap "Explore care jobs"')
    k.step("expect-scene roles")
    return [w["text"] for w in k.dump()["widgets"]]


def roles_from_attract(k):
    k.step("expect-scene attract")
    k.step('tap "Touch to start"')
    k.step('tap "Explore care jobs"')
    k.step("expect-scene roles")
    return [w["text"] for w in k.dump()["widgets"]]


def to_attract(k):
    """Leaves the visitor screens the way a visitor does: walking away. The
    idle reset writes the counts (a job): content that waits is taken in
    when that has ended."""
    k.step("wait 80000")
    k.step("wait-jobs 30000")
    k.step("wait 10")
    k.step("expect-scene attract")


def fetched(k):
    """Waits for a fetch to end; a new version is then taken in once the
    attract screen has been left untouched for a second."""
    k.step("wait-jobs 30000")
    k.step("wait 1500")


def has(texts, words):
    return any(words in t for t in texts)


def close(k):
    rc = k.close()
    if rc != 0:
        raise AssertionError("the kiosk exited with %d" % rc)


class KioskContent(unittest.TestCase):
    def setUp(self):
        self.tmp = netlib.tmpdir(self)
        self.office = Office(self.tmp)
        self.office.add_course(course("Office taster one"))
        self.office.publish()
        self.receiver = netlib.Receiver(self.tmp, "--content", self.office.out)
        self.addCleanup(self.receiver.stop)
        self.kiosk = Setup(self.tmp, self.receiver, self.office.public_key)

    def fetches(self):
        return content_requests(self.receiver)

    def test_fetch_and_switch(self):
        k = self.kiosk.kiosk()
        try:
            k.step("wait 10")
            fetched(k)  # the fetch right after start
            self.assertEqual(self.fetches(), [200])
            self.assertTrue(has(items(k), "Office taster one"))
            self.assertIn("running: version 1", self.kiosk.status())
            # The office publishes version 2 while a visitor reads the
            # course list: the kiosk fetches it at its 15 minutes, but
            # the visitor's screen does not change under them.
            to_attract(k)
            self.office.add_course(course("Office taster two"))
            self.office.publish()
            k.step("wait %d" % (FIFTEEN_MIN - 80000 - 20000))
            self.assertEqual(self.fetches(), [200])  # not yet: no busy fetching
            shown = items(k)
            k.step("wait 25000")  # the 15 minutes are up, on the courses screen
            fetched(k)
            self.assertEqual(self.fetches(), [200, 200])
            self.assertIn("waiting: version 2", self.kiosk.status())
            k.step("expect-scene courses")
            now = [w["text"] for w in k.dump()["widgets"] if w["role"] == "list-item"]
            self.assertEqual(now, shown)
            self.assertFalse(has(now, "Office taster two"))
            to_attract(k)  # the next attract screen takes it in
            after = items(k)
            self.assertTrue(has(after, "Office taster two"), after)
            self.assertTrue(has(after, "Office taster one"))
            self.assertIn("running: version 2", self.kiosk.status())
            # Unchanged at the next 15 minutes: exactly one 304, nothing else.
            to_attract(k)
            before = sorted(os.listdir(self.kiosk.content))
            k.step("wait %d" % FIFTEEN_MIN)
            fetched(k)
            self.assertEqual(self.fetches(), [200, 200, 304])
            log = self.receiver.log_text()
            self.assertEqual(len(re.findall(r" GET ", log)), 3, log[-2000:])
            self.assertEqual(sorted(os.listdir(self.kiosk.content)), before)
            self.assertEqual(before, ["lock", "state", "v1", "v2"])  # the previous one kept
        finally:
            close(k)

    def refused(self, k, data, words):
        with open(self.office.out, "wb") as f:
            f.write(data)
        n = len(self.fetches())
        k.step("wait %d" % FIFTEEN_MIN)
        fetched(k)
        self.assertEqual(len(self.fetches()), n + 1)
        status = self.kiosk.status()
        self.assertIn("refused: ", status)
        self.assertIn(words, status)
        self.assertIn("running: version 1", status)
        shown = items(k)
        self.assertTrue(has(shown, "Office taster one"), shown)
        self.assertFalse(has(shown, "Broken") or has(shown, "Office taster two"), shown)
        to_attract(k)

    def test_refused(self):
        self.assertIn("staff PIN set", self.kiosk.ctl("set-pin", stdin=PIN + "\n"))
        k = self.kiosk.kiosk(size="1280x800")  # room for the whole reason on the dashboard
        try:
            k.step("wait 10")
            fetched(k)
            self.assertIn("running: version 1", self.kiosk.status())
            with open(self.office.out, "rb") as f:
                v1 = f.read()
            self.office.add_course(course("Office taster two"))
            self.office.publish()
            with open(self.office.out, "rb") as f:
                v2 = f.read()
            i = len(v2) // 2
            self.refused(k, v2[:i] + bytes([v2[i] ^ 1]) + v2[i + 1:],
                         "the signature does not match")
            self.refused(k, v2[:-100], "truncated")
            other = Office(os.path.join(self.tmp, "other"))
            other.publish("--version", "5")
            with open(other.out, "rb") as f:
                self.refused(k, f.read(), "another office key")
            line = self.office.add_course("Broken row,sbwa,31/02/2027,09:30,15:00,Somewhere,"
                                          "LS2 7LY,https://x.example.org/a,")
            subprocess.run([os.environ["NET_CONTENT_PACK"], self.office.dir, self.office.key,
                            "7", os.path.join(self.tmp, "broken.ckb")], check=True)
            with open(os.path.join(self.tmp, "broken.ckb"), "rb") as f:
                self.refused(k, f.read(), "courses.csv:%d: " % line)
            # Staff see the reason, and can ask again.
            k.step("longpress 20 20 3000")
            for d in PIN:
                k.step('tap "%s"' % d)
            k.step('tap "OK"')
            k.step("expect-scene staff")
            texts = [w["text"] for w in k.dump()["widgets"]]
            self.assertTrue(has(texts, "content version 1 from the office"), texts)
            self.assertTrue(has(texts, "Refused: courses.csv:%d: " % line) or
                            "New content refused: tap Content." in texts, texts)
            k.step("screenshot content-staff-refused")
            k.step('tap "Content"')
            k.step("screenshot content-staff-menu")
            k.step('tap "Check content"')
            k.step("wait-jobs 30000")
            texts = [w["text"] for w in k.dump()["widgets"]]
            self.assertTrue(has(texts, "Refused: courses.csv:%d: " % line), texts)
            k.step("screenshot content-staff-check")
            k.step('tap "OK"')
            n = len(self.fetches())
            k.step('tap "Content"')
            k.step('tap "Check for new content"')
            fetched(k)
            self.assertEqual(self.fetches()[n:], [304])  # the same bad file: not again
            k.step("expect-not \"Asking the office for new content...\"")
            k.step('tap "Back to start"')
            # Version 2 whole: taken in at the attract screen it waits on.
            with open(self.office.out, "wb") as f:
                f.write(v2)
            k.step("wait %d" % FIFTEEN_MIN)
            fetched(k)
            self.assertTrue(has(items(k), "Office taster two"))
            to_attract(k)
            status = self.kiosk.status()
            self.assertIn("running: version 2", status)
            self.assertNotIn("refused", status)
            # Older: refused, version 2 stays.
            with open(self.office.out, "wb") as f:
                f.write(v1)
            k.step("wait %d" % FIFTEEN_MIN)
            fetched(k)
            status = self.kiosk.status()
            self.assertIn("version 1 is older than version 2", status)
            self.assertTrue(has(items(k), "Office taster two"))
        finally:
            close(k)

    def test_bad_at_start(self):
        """A version that fails the kiosk's own checks when it starts (a
        damaged file on the SD card) is not shown: the one before is, and
        staff and kioskctl say why."""
        k = self.kiosk.kiosk()
        k.step("wait 10")
        fetched(k)
        set_role_title(self.office, "Home care worker (office v2)")
        self.office.publish()
        k.step("wait %d" % FIFTEEN_MIN)
        fetched(k)
        self.assertIn("Home care worker (office v2)", roles_from_attract(k))
        close(k)
        self.assertIn("running: version 2", self.kiosk.status())
        with open(os.path.join(self.kiosk.content, "v2", "roles", "home-care-worker.json"),
                  "w") as f:
            f.write("{ not json")
        k = self.kiosk.kiosk()
        try:
            self.assertTrue(has(items(k), "Office taster one"))
            self.assertIn("Home care worker", roles(k))
            status = self.kiosk.status()
            self.assertIn("running: version 1", status)
            self.assertRegex(status, r"refused: version 2 could not be used at start: "
                                     r"roles/home-care-worker\.json:\d+")
            self.assertNotIn("waiting", status)
        finally:
            close(k)


class HeartbeatCases:
    """The heartbeat carries the content the kiosk runs ("v<N>", from the
    switch at the attract screen on) and its last refusal: the receiver's
    kiosks table (`carekiosk-receiver kiosks` and the row) shows both.
    The kiosk sends a heartbeat every 200 ms of real time here."""

    def setUp(self):
        self.tmp = netlib.tmpdir(self)
        self.office = Office(self.tmp)
        self.office.add_course(course("Office taster one"))
        self.office.publish()
        self.db = self.new_db()
        self.receiver = netlib.Receiver(self.tmp, "--content", self.office.out, db=self.db)
        self.addCleanup(self.receiver.stop)
        self.kiosk = Setup(self.tmp, self.receiver, self.office.public_key)

    def kiosks(self):
        """`carekiosk-receiver kiosks`: the kiosk's line and, when there
        is one, the refusal under it."""
        p = subprocess.run([netlib.RECEIVER, "kiosks", "--db", self.db], capture_output=True,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.splitlines()[1:]

    def row(self):
        return netlib.query(self.db, "SELECT kiosk, content_version, content_refused"
                                     " FROM kiosk_status")

    def reported(self, version, refused):
        """Waits (real time) for the receiver to hold this version and
        refusal; returns the kiosks table."""
        want = [("kiosk-1", version, refused)]
        deadline = time.monotonic() + 20
        while self.row() != want and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(self.row(), want)
        return self.kiosks()

    def test_heartbeat_content(self):
        k = self.kiosk.kiosk(env={"CAREKIOSK_TEST_STATUS_MS": "200"})
        try:
            k.step("wait 10")
            fetched(k)
            self.assertIn("running: version 1", self.kiosk.status())
            [line] = self.reported("v1", None)
            self.assertRegex(line, r"^kiosk-1 +\S+ +0 +\S+/v1 ")
            self.office.add_course(course("Office taster two"))
            self.office.publish()
            k.step("wait %d" % FIFTEEN_MIN)
            fetched(k)  # fetched, and taken in at the attract screen
            self.assertIn("running: version 2", self.kiosk.status())
            [line] = self.reported("v2", None)
            self.assertRegex(line, r"^kiosk-1 .*/v2 ")
            # A tampered bundle: refused, version 2 stays, the reason is
            # in the office's table.
            with open(self.office.out, "rb") as f:
                v3 = bytearray(f.read())
            v3[len(v3) // 2] ^= 1
            with open(self.office.out, "wb") as f:
                f.write(v3)
            k.step("wait %d" % FIFTEEN_MIN)
            fetched(k)
            why = re.search(r"refused: (.*)", self.kiosk.status()).group(1)
            self.assertIn("the signature does not match", why)
            lines = self.reported("v2", why)
            self.assertEqual(lines[1], " " * 21 + "content refused: " + why)
            self.assertRegex(lines[0], r"^kiosk-1 .*/v2 ")
        finally:
            close(k)


class Heartbeat(HeartbeatCases, unittest.TestCase):
    def new_db(self):
        return os.path.join(self.tmp, "receiver.db")


class HeartbeatPg(pglib.OnPostgres, HeartbeatCases, unittest.TestCase):
    pass


class Kill(unittest.TestCase):
    """SIGKILL at random moments from the fetch to the switch: the kiosk then
    starts on version 1 or version 2, whole (its courses and its role
    titles from the same version), never a mix."""

    def test_kill_during_switch(self):
        tmp = netlib.tmpdir(self)
        office = Office(tmp)
        office.add_course(course("Office taster one"))
        office.publish()
        receiver = netlib.Receiver(tmp, "--content", office.out)
        self.addCleanup(receiver.stop)
        setup = Setup(tmp, receiver, office.public_key)
        k = setup.kiosk()
        k.step("wait 10")
        fetched(k)
        close(k)
        self.assertIn("running: version 1", setup.status())
        template = os.path.join(tmp, "data-v1")
        shutil.copytree(setup.data, template)
        office.add_course(course("Office taster two"))
        set_role_title(office, "Home care worker (v2)")
        office.publish()
        # The check runs offline (no office to fetch from): what it starts on.
        offline = Setup(tmp, receiver, office.public_key, name="offline",
                        content_url="http://127.0.0.1:9/content")
        script = "wait 10\nwait-jobs 30000\nwait 1500\nwait-jobs 30000\nwait 10\ndump\n"
        args = [os.environ["KIOSK_BIN"], "--headless", "--windowed", "800x480", "--config",
                setup.config, "--data", setup.data, "--today", "2026-11-23", "--script", "-"]

        def run_once(kill_after):
            shutil.rmtree(setup.data)
            shutil.copytree(template, setup.data)
            p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
            p.stdin.write(script)
            p.stdin.flush()
            t0 = time.monotonic()
            if kill_after is None:
                p.stdin.close()
                p.stdout.read()
                p.wait(timeout=60)
                return time.monotonic() - t0
            time.sleep(kill_after)
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            p.stdin.close()
            p.stdout.close()
            return None

        whole = run_once(None)  # how long the fetch and switch take here
        self.assertIn("running: version 2", setup.status())
        seen = set()
        rnd = random.Random(19)
        for i in range(25):
            run_once(rnd.uniform(0, whole))
            k = Driver(data=setup.data, extra=("--config", offline.config))
            try:
                shown = items(k)
                titles = roles(k)
            finally:
                close(k)
            one = has(shown, "Office taster one")
            two = has(shown, "Office taster two")
            new_title = "Home care worker (v2)" in titles
            self.assertTrue(one, shown)
            self.assertEqual(two, new_title, "a mix of versions after a kill: %s %s"
                             % (shown, titles))
            self.assertTrue(new_title or "Home care worker" in titles, titles)
            seen.add(2 if two else 1)
            left = [d for d in os.listdir(setup.content) if d.startswith(".new")]
            self.assertEqual(left, [], "an unpacking cut short is tidied at start")
        print("versions seen after a kill: %s (whole run %.2f s)" % (sorted(seen), whole))


if __name__ == "__main__":
    unittest.main()
