"""Signed content from the office: `carekiosk-receiver content keygen` and
`content publish` (the real binary), and GET /content on a receiver started
here. The bundle format is src/content/pack.h; its verification on the
kiosk is tests/content/test_pack.c."""
import os
import re
import shutil
import stat
import subprocess
import sys
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


if __name__ == "__main__":
    unittest.main()
