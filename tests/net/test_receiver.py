"""carekiosk-receiver on its own: bad input of every kind gets a 4xx with a
JSON {"error": ...}, never a crash; the store-by-id rules (201 / 200 / 409);
the CSV export. Run one case: python3 test_receiver.py Receiving.test_bad_input"""
import csv
import io
import json
import os
import random
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netlib import RECEIVER, TOKEN, Receiver, tmpdir  # noqa: E402

ID = "3f2b8c1e-5d4a-4f6b-9c2d-1e0f3a4b5c6d"


def lead(**over):
    body = {"schema": 1, "id": ID, "created_at": "2026-03-03T10:15:02Z", "device": "kiosk-1",
            "event": "Leeds Careers Fair", "app_version": "0.1.0", "content_version": "c1",
            "lang": "en", "answers": {"name": "Zoë Testperson", "phone": "07700 900123"}}
    body.update(over)
    return body


class Receiving(unittest.TestCase):
    def setUp(self):
        self.tmp = tmpdir(self)
        self.r = Receiver(self.tmp)
        self.addCleanup(self.r.stop)

    def refused(self, status, body, headers=None, words="", **kw):
        got, ctype, data = self.r.post(body, headers, **kw)
        self.assertEqual(got, status, data)
        self.assertEqual(ctype, "application/json")
        err = json.loads(data)["error"]
        self.assertIn(words, err)
        return err

    def test_bad_input(self):
        big = json.dumps(lead(answers={"x": "a" * 200000}))
        rows = [
            (401, json.dumps(lead()), {"Authorization": None}, "token"),
            (401, json.dumps(lead()), {"Authorization": "Bearer wrong"}, "token"),
            (401, json.dumps(lead()), {"Authorization": "Basic " + TOKEN}, "token"),
            (401, json.dumps(lead()), {"Authorization": "Bearer " + TOKEN + "x"}, "token"),
            (415, json.dumps(lead()), {"Content-Type": "text/plain"}, "application/json"),
            (415, json.dumps(lead()), {"Content-Type": None}, "application/json"),
            (413, big, None, "larger than"),
            (400, "{not json", None, "not valid JSON"),
            (400, "", None, "not valid JSON"),
            (400, b"{\"a\":\"\xff\"}", None, "UTF-8"),
            (400, "[1,2,3]", None, "object"),
            (400, '{"schema":1,"schema":1}', None, "repeats a key"),
            (400, json.dumps(lead()), {"Idempotency-Key": "0" * 8 + ID[8:]}, "Idempotency-Key"),
            (422, json.dumps(lead(schema=2)), None, "schema"),
            (422, json.dumps(lead(schema="1")), None, "schema"),
            (422, json.dumps(lead(id="not-a-uuid")), None, "UUID"),
            (422, json.dumps(lead(id=12)), None, "UUID"),
            (422, json.dumps(lead(answers=[1, 2])), None, "answers"),
            (422, json.dumps(lead(answers=None)), None, "answers"),
            (422, json.dumps({k: v for k, v in lead().items() if k != "answers"}), None, "answers"),
            (422, json.dumps(lead(created_at="yesterday")), None, "created_at"),
            (422, json.dumps(lead(device=5)), None, "device"),
            (422, json.dumps(lead(event="e" * 300)), None, "event"),
        ]
        for status, body, headers, words in rows:
            with self.subTest(status=status, words=words):
                self.refused(status, body, headers, words)
        # Over 1 MiB the body is not read at all: the receiver answers and
        # hangs up at once, so the client sees the answer or, when it was
        # still sending, a reset connection. Either way nothing is stored.
        for status, headers in ((413, None), (401, {"Authorization": "Bearer nope"})):
            try:
                got, _, data = self.r.post(b"x" * 2000000, headers)
                self.assertEqual(got, status, data)
                self.assertTrue(json.loads(data)["error"])
            except (ConnectionResetError, BrokenPipeError):
                pass
        self.refused(405, None, None, "POST", method="GET")
        self.refused(404, json.dumps(lead()), None, "/leads", path="/other")
        self.assertEqual(self.r.rows(), {})
        self.assertTrue(self.r.alive())

    def test_store_by_id(self):
        body = json.dumps(lead())
        status, _, data = self.r.post(body, {"Idempotency-Key": ID})
        self.assertEqual((status, json.loads(data)), (201, {"id": ID, "status": "stored"}))
        # Identical content, even with other key order and spacing: 200.
        same = json.dumps(dict(reversed(list(lead().items()))), indent=2)
        status, _, data = self.r.post(same)
        self.assertEqual((status, json.loads(data)["id"]), (200, ID))
        # Upper-case id: the same lead.
        status, _, data = self.r.post(json.dumps(lead(id=ID.upper())))
        self.assertEqual((status, json.loads(data)["id"]), (200, ID.upper()))
        # Same id, different content: 409, and the first copy is kept.
        err = self.refused(409, json.dumps(lead(answers={"name": "Someone Else"})))
        self.assertIn("different lead", err)
        self.assertEqual(self.r.rows(), {ID: lead()["answers"]})

    def test_garbage_never_crashes(self):
        rng = random.Random(7)
        seeds = [json.dumps(lead()).encode(), b'{"schema":1}', b"[]", b"{}", b"null"]
        for _ in range(300):
            b = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 8)):
                op = rng.randint(0, 2)
                pos = rng.randint(0, max(0, len(b) - 1))
                if op == 0 and b:
                    b[pos] = rng.randint(0, 255)
                elif op == 1:
                    b[pos:pos] = bytes([rng.randint(0, 255)]) * rng.randint(1, 4)
                elif b:
                    del b[pos]
            status, _, data = self.r.post(bytes(b))
            self.assertIn(status, (200, 201, 400, 409, 422), data)
            if status >= 400:
                self.assertTrue(json.loads(data)["error"])
        # Deep nesting and a raw socket that hangs up half way.
        self.assertIn(self.r.post("[" * 5000 + "]" * 5000)[0], (400,))
        with socket.create_connection(("127.0.0.1", self.r.port)) as s:
            s.sendall(b"POST /leads HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"sch")
        status, _, _ = self.r.post(None, method="GET", path="/healthz")
        self.assertEqual(status, 200)
        self.assertTrue(self.r.alive())

    def test_log_cannot_be_forged(self):
        """The request path is %-decoded: a newline in it must not let a
        client write a fake line into the request log."""
        forged = "2001-01-01T00:00:00Z 192.0.2.1 POST /leads 201 " + ID
        path = "/x%0a" + forged.replace(" ", "%20") + "%0d%0a"
        self.refused(404, "{}", path=path, words="nothing here")
        self.refused(404, "{}", path=path, method="GET", words="nothing here")
        self.r.stop()
        lines = self.r.log_text().splitlines()
        self.assertEqual(len(lines), 2, lines)
        for line in lines:
            self.assertRegex(line, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 (POST|GET) /x\?2001")
            self.assertTrue(line.endswith(" 404"), line)

    def test_export_csv(self):
        self.assertEqual(self.r.post(json.dumps(lead()))[0], 201)
        other = lead(id="00000000-5d4a-4f6b-9c2d-1e0f3a4b5c6d", device=None,
                     answers={"name": "=HYPERLINK(\"http://x\")", "consent": True, "n": [1]})
        self.assertEqual(self.r.post(json.dumps(other))[0], 201)
        out = os.path.join(self.tmp, "leads.csv")
        subprocess.run([RECEIVER, "--db", self.r.db, "--export-csv", out], check=True)
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 2)
        by_id = {r["id"]: r for r in rows}
        self.assertEqual(by_id[ID]["name"], "Zoë Testperson")
        self.assertEqual(by_id[ID]["phone"], "07700 900123")
        self.assertEqual(by_id[ID]["event"], "Leeds Careers Fair")
        o = by_id[other["id"]]
        self.assertEqual(o["name"], "'=HYPERLINK(\"http://x\")")	# not a formula
        self.assertEqual((o["consent"], o["n"], o["device"], o["phone"]), ("true", "[1]", "", ""))
        self.assertTrue(o["received_at"].endswith("Z"))
        self.assertEqual(oct(os.stat(self.r.db).st_mode & 0o777), "0o600")

    def test_options(self):
        p = subprocess.run([RECEIVER, "--help"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertIn("Test-only", p.stdout)
        for bad in (["--db", "x.db"], ["--db", "x.db", "--token-file", "t", "--tls-cert", "c"],
                    ["--db", "x.db", "--token-file", "t", "--fault-status", "abc"],
                    ["--db", "x.db", "--token-file", "t", "--listen", "nonsense"]):
            p = subprocess.run([RECEIVER, *bad], capture_output=True, text=True, cwd=self.tmp)
            self.assertNotEqual(p.returncode, 0, bad)
            self.assertTrue(p.stderr.strip(), bad)


if __name__ == "__main__":
    unittest.main()
