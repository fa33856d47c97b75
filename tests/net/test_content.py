"""Signed content from the office: `carekiosk-receiver content keygen` and
`content publish` (the real binary), and GET /content on a receiver started
here. The bundle format is src/content/pack.h; its verification on the
kiosk is tests/content/test_pack.c."""
import http.client
import json
import os
import re
import fcntl
import shutil
import stat
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlib  # noqa: E402

SRC = os.environ.get("KIOSK_SOURCE_DIR",
                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def run(*args, check=True):
    p = subprocess.run([netlib.RECEIVER, "content", *args], capture_output=True, text=True,
                       timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("content %s: %d\n%s%s" % (args, p.returncode, p.stdout, p.stderr))
    return p


class Office:
    """The office's key and its copy of the content, as publish sees them."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.key = os.path.join(tmp, "office-content.key")
        self.dir = os.path.join(tmp, "content")
        self.out = os.path.join(tmp, "published", "content.ckb")
        os.makedirs(os.path.dirname(self.out))
        shutil.copytree(os.path.join(SRC, "kiosk-config"), self.dir)
        self.keygen_out = run("keygen", "--out", self.key).stdout
        self.public_key = re.search(r'"public_key": "([A-Za-z0-9+/=]{44})"',
                                    self.keygen_out).group(1)

    def publish(self, *extra, check=True):
        return run("publish", self.dir, "--key", self.key, "--out", self.out,
                   "--assets", os.path.join(SRC, "assets"), *extra, check=check)

    def add_course(self, line):
        with open(os.path.join(self.dir, "courses.csv"), "a") as f:
            f.write(line + "\n")
        with open(os.path.join(self.dir, "courses.csv")) as f:
            return sum(1 for _ in f)


class Publish(unittest.TestCase):
    def test_keygen(self):
        o = Office(netlib.tmpdir(self))
        self.assertEqual(stat.S_IMODE(os.stat(o.key).st_mode), 0o600)
        self.assertIn("kiosk.json", o.keygen_out)
        again = run("keygen", "--out", o.key, check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already exists", again.stderr)

    def test_publish(self):
        o = Office(netlib.tmpdir(self))
        first = o.publish()
        self.assertIn("published content version 1", first.stdout)
        with open(o.out, "rb") as f:
            data = f.read()
        head, _, rest = data.partition(b"\n")
        self.assertRegex(head.decode(), r"^carekiosk-content 1 key=[0-9a-f]{16} length=\d+ sig=")
        self.assertEqual(int(re.search(rb"length=(\d+)", head).group(1)), len(rest))
        manifest = rest.split(b"\nend\n", 1)[0].decode()
        names = [line.split(" ", 3)[3] for line in manifest.splitlines()
                 if line.startswith("file ")]
        self.assertIn("courses.csv", names)
        self.assertIn("roles/home-care-worker.json", names)
        self.assertNotIn("kiosk.json", names)  # it stays per kiosk
        self.assertEqual(names, sorted(names))
        self.assertIn("published content version 2", o.publish().stdout)
        self.assertIn("version 2,", run("show", o.out).stdout)
        older = o.publish("--version", "2", check=False)
        self.assertEqual(older.returncode, 1)
        self.assertIn("not above the published version 2", older.stderr)
        self.assertIn("published content version 10", o.publish("--version", "10").stdout)

    def test_publish_refuses_bad_content(self):
        o = Office(netlib.tmpdir(self))
        o.publish()
        with open(o.out, "rb") as f:
            before = f.read()
        line = o.add_course("Broken row,sbwa,31/02/2027,09:30,15:00,Somewhere,LS2 7LY,"
                            "https://x.example.org/a,")
        p = o.publish(check=False)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"courses\.csv:%d: " % line)
        self.assertIn("nothing published", p.stderr)
        with open(o.out, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(os.listdir(os.path.dirname(o.out)), ["content.ckb"])


class Kiosk:
    """A kiosk's config (kiosk.json with the office's content key) and data
    folders, driven by `kioskctl content`."""

    def __init__(self, tmp, receiver, public_key):
        self.config = os.path.join(tmp, "kiosk-config")
        self.data = os.path.join(tmp, "kiosk-data")
        shutil.copytree(os.path.join(SRC, "kiosk-config"), self.config)
        os.makedirs(self.data)
        token = os.path.join(tmp, "upload.token")
        with open(token, "w") as f:
            f.write(netlib.TOKEN + "\n")
        with open(os.path.join(self.config, "kiosk.json")) as f:
            cfg = json.load(f)
        cfg["upload"] = {"url": receiver.url, "token_file": token}
        cfg["content"] = {"public_key": public_key}
        with open(os.path.join(self.config, "kiosk.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        self.content = os.path.join(self.data, "content")

    def ctl(self, *args):
        p = subprocess.run([netlib.KIOSKCTL, "content", *args, "--config", self.config,
                            "--data", self.data, "--assets", os.path.join(SRC, "assets")],
                           capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def versions(self):
        return sorted(d for d in os.listdir(self.content) if re.fullmatch(r"v\d+", d))

    def fetch_process(self):
        return subprocess.Popen([netlib.KIOSKCTL, "content", "fetch", "--config", self.config,
                                 "--data", self.data, "--assets", os.path.join(SRC, "assets")],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def content_requests(receiver):
    """The statuses of GET /content in the receiver's log, in order."""
    return [int(m) for m in re.findall(r" GET /content (\d+)", receiver.log_text())]


class Fetch(unittest.TestCase):
    def setUp(self):
        self.tmp = netlib.tmpdir(self)
        self.office = Office(self.tmp)
        self.receiver = netlib.Receiver(self.tmp, "--content", self.office.out)
        self.addCleanup(self.receiver.stop)
        self.kiosk = Kiosk(self.tmp, self.receiver, self.office.public_key)

    def get(self, etag=None, token=netlib.TOKEN, method="GET"):
        conn = http.client.HTTPConnection("127.0.0.1", self.receiver.port, timeout=10)
        h = {"Authorization": "Bearer " + token}
        if etag:
            h["If-None-Match"] = etag
        conn.request(method, "/content", headers=h)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, r.getheader("ETag"), body

    def test_get(self):
        self.assertEqual(self.get()[0], 404)  # nothing published yet
        self.office.publish()
        status, etag, body = self.get()
        self.assertEqual(status, 200)
        self.assertRegex(etag, r'^"v1-[0-9a-f]{16}"$')
        with open(self.office.out, "rb") as f:
            self.assertEqual(body, f.read())
        self.assertEqual(self.get(etag)[:2], (304, etag))
        self.assertEqual(self.get(etag)[2], b"")
        self.assertEqual(self.get(token="wrong")[0], 401)
        self.assertEqual(self.get(method="POST")[0], 405)
        self.office.publish()
        status, etag2, _ = self.get(etag)
        self.assertEqual(status, 200)
        self.assertRegex(etag2, r'^"v2-')

    def test_fetch(self):
        self.office.publish()
        rc, out = self.kiosk.ctl("fetch")
        self.assertEqual(rc, 0, out)
        self.assertIn("staged version 1", out)
        self.assertEqual(self.kiosk.versions(), ["v1"])
        with open(os.path.join(self.office.dir, "courses.csv"), "rb") as a, \
                open(os.path.join(self.kiosk.content, "v1", "courses.csv"), "rb") as b:
            self.assertEqual(a.read(), b.read())
        # Unchanged: exactly one more request, a 304, and nothing else.
        before = sorted(os.listdir(self.kiosk.content))
        rc, out = self.kiosk.ctl("fetch")
        self.assertEqual((rc, out.strip()), (0, "unchanged"))
        self.assertEqual(content_requests(self.receiver), [200, 304])
        self.assertEqual(sorted(os.listdir(self.kiosk.content)), before)
        # A new course at the office reaches the kiosk as version 2.
        self.office.add_course("New date: care taster,info-session,03/03/2027,10:00,11:30,"
                               "\"Library, Main Street\",LS1 1AA,https://x.example.org/new,")
        self.office.publish()
        rc, out = self.kiosk.ctl("fetch")
        self.assertIn("staged version 2", out)
        with open(os.path.join(self.kiosk.content, "v2", "courses.csv")) as f:
            self.assertIn("New date: care taster", f.read())
        rc, out = self.kiosk.ctl("status")
        self.assertIn("waiting: version 2", out)
        self.assertNotIn("refused", out)

    def test_fetch_waits_for_usb_install(self):
        """A USB install that stages a version while a fetch downloads the
        same one: the fetch waits for the state's lock, reads the state
        again and leaves the stick's version alone (before the lock it
        unpacked over it and wrote the state it had read before)."""
        self.office.publish()
        os.makedirs(self.kiosk.content)
        lock = os.open(os.path.join(self.kiosk.content, "lock"), os.O_RDWR | os.O_CREAT)
        self.addCleanup(os.close, lock)
        fcntl.flock(lock, fcntl.LOCK_EX)  # as staff mode's Install holds it
        p = self.kiosk.fetch_process()
        self.addCleanup(p.kill)
        deadline = time.monotonic() + 20
        while content_requests(self.receiver) != [200] and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(content_requests(self.receiver), [200])
        time.sleep(0.5)
        self.assertIsNone(p.poll(), "the fetch did not wait for the lock")
        # The stick's install: its own v1 renamed in, the state says staged.
        usb = os.path.join(self.kiosk.content, "v1")
        shutil.copytree(self.office.dir, usb)
        with open(os.path.join(usb, "from-the-stick"), "w") as f:
            f.write("1\n")
        with open(os.path.join(self.kiosk.content, "state"), "w") as f:
            f.write("running 0\nstaged 1\netag \nrefused \nfetched 0\nbad 0\n")
        fcntl.flock(lock, fcntl.LOCK_UN)
        out, _ = p.communicate(timeout=30)
        self.assertEqual((p.returncode, out.strip()), (0, "unchanged"))
        self.assertTrue(os.path.exists(os.path.join(usb, "from-the-stick")))
        rc, status = self.kiosk.ctl("status")
        self.assertIn("waiting: version 1", status)
        self.assertEqual(self.kiosk.versions(), ["v1"])
        leftovers = [d for d in os.listdir(self.kiosk.content) if d.startswith((".new", "state."))]
        self.assertEqual(leftovers, [])

    def refused(self, words):
        rc, out = self.kiosk.ctl("fetch")
        self.assertEqual(rc, 1, out)
        self.assertIn("refused: ", out)
        self.assertIn(words, out)
        self.assertEqual(self.kiosk.versions(), ["v1"])  # nothing else unpacked
        rc, status = self.kiosk.ctl("status")
        self.assertIn("refused: ", status)
        self.assertIn(words, status)
        return out

    def test_refused(self):
        self.office.publish()
        self.assertEqual(self.kiosk.ctl("fetch")[0], 0)
        with open(self.office.out, "rb") as f:
            v1 = f.read()
        self.office.publish()
        with open(self.office.out, "rb") as f:
            v2 = f.read()

        def serve(data):
            with open(self.office.out, "wb") as f:
                f.write(data)

        i = len(v2) // 2
        serve(v2[:i] + bytes([v2[i] ^ 1]) + v2[i + 1:])
        self.refused("the signature does not match")
        serve(v2[:-100])
        self.refused("truncated")
        other = Office(os.path.join(self.tmp, "other"))
        other.publish("--version", "5")
        serve(open(other.out, "rb").read())
        self.refused("another office key")
        # Careless publisher: signed with the right key, but a broken row.
        line = self.office.add_course("Broken row,sbwa,31/02/2027,09:30,15:00,Somewhere,"
                                      "LS2 7LY,https://x.example.org/a,")
        subprocess.run([os.environ["NET_CONTENT_PACK"], self.office.dir, self.office.key, "7",
                        self.office.out], check=True)
        self.refused("courses.csv:%d: " % line)
        # Older: the kiosk stages version 2, then is offered version 1 again.
        serve(v2)
        self.assertIn("staged version 2", self.kiosk.ctl("fetch")[1])
        serve(v1)
        rc, out = self.kiosk.ctl("fetch")
        self.assertEqual(rc, 1)
        self.assertIn("version 1 is older than version 2, which this kiosk already has", out)
        self.assertEqual(self.kiosk.versions(), ["v1", "v2"])


if __name__ == "__main__":
    unittest.main()
