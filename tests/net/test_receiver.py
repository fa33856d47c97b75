"""carekiosk-receiver on its own: bad input of every kind gets a 4xx with a
JSON {"error": ...}, never a crash; the store-by-id rules (201 / 200 / 409),
also for one id posted at the same instant to two receivers; the CSV export;
schema migrations. Every case runs on both backends: Receiving (SQLite) and
ReceivingPg (a private PostgreSQL the test starts, pglib.py).
Run one case: python3 test_receiver.py ReceivingPg.test_bad_input"""
import csv
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pglib  # noqa: E402
from netlib import RECEIVER, TOKEN, Kiosk, Receiver, query, tmpdir  # noqa: E402

ID = "3f2b8c1e-5d4a-4f6b-9c2d-1e0f3a4b5c6d"


def lead(**over):
    body = {"schema": 1, "id": ID, "created_at": "2026-03-03T10:15:02Z", "device": "kiosk-1",
            "event": "Leeds Careers Fair", "app_version": "0.1.0", "content_version": "c1",
            "lang": "en", "answers": {"name": "Zoë Testperson", "phone": "07700 900123"}}
    body.update(over)
    return body


def post(port, body, token=TOKEN):
    """(status, headers, parsed JSON) of one POST /leads."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/leads", body=body, headers={
            "Content-Type": "application/json", "Authorization": "Bearer " + token})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), json.loads(r.read())
    finally:
        conn.close()


def at_once(jobs):
    """Runs every job (a function) in its own thread, all released at the
    same instant; their results in order."""
    gate = threading.Barrier(len(jobs))
    out = [None] * len(jobs)

    def run(i):
        gate.wait()
        out[i] = jobs[i]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


class Cases:
    """The protocol cases, for any backend: a subclass says how to make an
    empty database (new_db) and how to run SQL on it (sql)."""

    def setUp(self):
        self.tmp = tmpdir(self)
        self.db = self.new_db()
        self.r = Receiver(self.tmp, db=self.db)
        self.addCleanup(lambda: self.r.stop())  # the one in use at the end

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
        self.assertRegex(o["received_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        if self.backend == "sqlite":
            self.assertEqual(oct(os.stat(self.r.db).st_mode & 0o777), "0o600")

    def test_schema2(self):
        """Sealed leads: checked, stored as they came (by id), never opened here."""
        sealed = {k: v for k, v in lead(schema=2).items() if k != "answers"}
        sealed.update(programme="sbwa", quiz_attached=False, key_id="4c9e9be96edbb53d",
                      sealed="bm90IHJlYWxseSBzZWFsZWQsIGJ1dCBiYXNlNjQ=")

        def s2(**over):
            b = dict(sealed)
            b.update(over)
            return json.dumps({k: v for k, v in b.items() if v is not ...})
        rows = [
            (422, s2(answers={"name": "x"}), "never \"answers\""),
            (422, s2(sealed=...), "sealed"),
            (422, s2(sealed="not base64!"), "sealed"),
            (422, s2(sealed=""), "sealed"),
            (422, s2(key_id="4C9E9BE96EDBB53D"), "key_id"),
            (422, s2(key_id=...), "key_id"),
            (422, s2(programme=7), "programme"),
            (422, s2(quiz_attached="yes"), "quiz_attached"),
            (422, s2(schema=3), "schema"),
        ]
        for status, body, words in rows:
            with self.subTest(words=words, body=body):
                self.refused(status, body, None, words)
        self.assertEqual(self.r.post(s2())[0], 201)
        self.assertEqual(self.r.post(s2())[0], 200)
        self.refused(409, s2(sealed="b3RoZXI="), None, "different lead")
        got = query(self.db, "SELECT schema, answers, sealed, key_id, programme, quiz_attached"
                             " FROM leads")
        self.assertEqual([tuple(None if v is None else str(v) for v in r) for r in got],
                         [("2", None, sealed["sealed"], sealed["key_id"], "sbwa", "0")])

    def test_clock_synced(self):
        """Whether the kiosk's clock was synchronised: true, false or left
        out (not known), in both schemas; stored as 1, 0, NULL; anything
        else refused; the CSV export says yes, no or nothing."""
        ids = ["%08d-5d4a-4f6b-9c2d-1e0f3a4b5c6d" % i for i in range(4)]
        self.refused(422, json.dumps(lead(id=ids[0], clock_synced="yes")), None, "clock_synced")
        self.assertEqual(self.r.post(json.dumps(lead(id=ids[0], clock_synced=False)))[0], 201)
        self.assertEqual(self.r.post(json.dumps(lead(id=ids[1], clock_synced=True)))[0], 201)
        self.assertEqual(self.r.post(json.dumps(lead(id=ids[2])))[0], 201)
        sealed = {k: v for k, v in lead(schema=2, id=ids[3], clock_synced=False).items()
                  if k != "answers"}
        sealed.update(key_id="4c9e9be96edbb53d", sealed="bm90IHJlYWxseSBzZWFsZWQ=")
        self.assertEqual(self.r.post(json.dumps(sealed))[0], 201)
        got = query(self.db, "SELECT id, clock_synced FROM leads ORDER BY id")
        self.assertEqual([(i, None if v is None else int(v)) for i, v in got],
                         [(ids[0], 0), (ids[1], 1), (ids[2], None), (ids[3], 0)])
        out = os.path.join(self.tmp, "clock.csv")
        self.sql("DELETE FROM leads WHERE schema = 2")
        subprocess.run([RECEIVER, "--db", self.r.db, "--export-csv", out], check=True)
        with open(out, newline="", encoding="utf-8") as f:
            rows = {r["id"]: r["clock_synced"] for r in csv.DictReader(f)}
        self.assertEqual(rows, {ids[0]: "no", ids[1]: "yes", ids[2]: ""})

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

        for bad in (["--db-pool", "0"], ["--db-pool", "65"], ["--retry-after", "x"]):
            p = subprocess.run([RECEIVER, "--db", self.db, "--token-file", "t", *bad],
                               capture_output=True, text=True, cwd=self.tmp)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("bad option", p.stderr)

    def test_same_id_at_once(self):
        """One id posted at the same instant by 16 senders through two
        receivers on one database: one 201, fifteen 200, one row. Then 8
        different bodies under a new id at once: one 201, seven 409, and the
        row is the winner's."""
        r2 = Receiver(self.tmp, db=self.db)
        self.addCleanup(r2.stop)
        ports = [self.r.port, r2.port]
        body = json.dumps(lead())
        got = at_once([lambda i=i: post(ports[i % 2], body) for i in range(16)])
        self.assertEqual(sorted(g[0] for g in got), [200] * 15 + [201], got)
        self.assertTrue(all(g[2]["id"] == ID for g in got))
        other = "11111111-5d4a-4f6b-9c2d-1e0f3a4b5c6d"
        bodies = [json.dumps(lead(id=other, answers={"name": "Sender %d" % i})) for i in range(8)]
        got = at_once([lambda i=i: post(ports[i % 2], bodies[i]) for i in range(8)])
        self.assertEqual(sorted(g[0] for g in got), [201] + [409] * 7, got)
        winner = [i for i, g in enumerate(got) if g[0] == 201][0]
        rows = self.r.rows()
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[other], {"name": "Sender %d" % winner})

    def test_schema_versions(self):
        """A fresh database is at the newest schema, one row per migration;
        a receiver refuses a newer schema than it knows (clear message, exit
        1, nothing touched), also for --export-csv."""
        versions = [int(v) for (v,) in query(self.db, "SELECT version FROM schema_migrations"
                                                      " ORDER BY version")]
        self.assertEqual(versions, list(range(1, SCHEMA_VERSION + 1)))
        self.assertEqual(self.r.post(json.dumps(lead()))[0], 201)
        self.r.stop()
        self.sql("INSERT INTO schema_migrations (version, applied_at) VALUES (99, '2030-01-01')")
        for args in (["--token-file", self.r.token_file, "--listen", "127.0.0.1:0"],
                     ["--export-csv", "-"]):
            p = subprocess.run([RECEIVER, "--db", self.db, *args], capture_output=True,
                               text=True, timeout=30)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("schema version 99", p.stderr)
            self.assertIn("knows only up to %d" % SCHEMA_VERSION, p.stderr)
            self.assertNotIn("listening", p.stdout)
        self.assertEqual(list(self.r.rows()), [ID])

    def test_upgrade_from_v1(self):
        """A database made by the first receiver (schema 1) is migrated at
        start and keeps its leads."""
        self.r.stop()
        self.db = self.new_db()
        self.sql(self.v1_schema)
        self.sql("INSERT INTO leads (id, received_at, answers, body) VALUES"
                 " ('%s', %s, '{\"name\":\"Old Lead\"}', '{}')" % (ID, self.v1_when))
        self.r = Receiver(self.tmp, db=self.db)
        self.assertEqual(self.r.rows(), {ID: {"name": "Old Lead"}})
        self.assertEqual(query(self.db, "SELECT max(version) FROM schema_migrations")[0][0],
                         SCHEMA_VERSION if self.backend == "sqlite" else str(SCHEMA_VERSION))
        other = lead(id="22222222-5d4a-4f6b-9c2d-1e0f3a4b5c6d")
        self.assertEqual(self.r.post(json.dumps(other))[0], 201)
        self.assertEqual(len(self.r.rows()), 2)

    def test_upgrade_from_v7(self):
        """A database at schema 7 (before content_refused) is migrated at
        start: its kiosks' rows are kept, with no refusal, and the next
        heartbeat's refusal is stored."""
        beat = {"schema": 1, "device": "kiosk-7", "content_version": "v2",
                "clock": "2026-11-23T10:00:00.000Z"}
        self.assertEqual(self.r.post(json.dumps(beat), path="/status")[0], 200)
        self.r.stop()
        self.sql("ALTER TABLE kiosk_status DROP COLUMN content_refused;"
                 "DELETE FROM schema_migrations WHERE version = 8;")
        self.r = Receiver(self.tmp, db=self.db)
        self.assertEqual(query(self.db, "SELECT max(version) FROM schema_migrations")[0][0],
                         SCHEMA_VERSION if self.backend == "sqlite" else str(SCHEMA_VERSION))
        self.assertEqual(query(self.db, "SELECT kiosk, content_version, content_refused"
                                        " FROM kiosk_status"), [("kiosk-7", "v2", None)])
        beat.update(content_version="v2", content_refused="the bundle is truncated")
        self.assertEqual(self.r.post(json.dumps(beat), path="/status")[0], 200)
        self.assertEqual(query(self.db, "SELECT content_refused FROM kiosk_status"),
                         [("the bundle is truncated",)])

    def test_bad_database(self):
        """A database that cannot be opened: exit 1, a message that says so,
        and never the password."""
        p = subprocess.run([RECEIVER, "--db", self.unreachable, "--token-file",
                            self.r.token_file], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertIn(self.unreachable_words, p.stderr)
        self.assertNotIn("s3cret", p.stderr)

    def token(self, *args):
        return subprocess.run([RECEIVER, "token", *args, "--db", self.db], capture_output=True,
                              text=True, timeout=30)

    def test_tokens(self):
        """Per-kiosk tokens: printed once, stored only as a keyed hash (the
        database holds neither token); each lead records its kiosk; a revoked
        token is refused at once by the running receiver; the token file
        still works beside them."""
        key = os.path.join(self.tmp, "token.key")
        made = {}
        for name in ("leeds-library", "jobcentre-2"):
            p = self.token("add", name, "--token-key", key)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("only this once", p.stderr)
            made[name] = p.stdout.strip()
            self.assertRegex(made[name], r"^[A-Za-z0-9_-]{43}$")
        self.assertEqual(oct(os.stat(key).st_mode & 0o777), "0o600")
        p = self.token("add", "leeds-library", "--token-key", key)
        self.assertEqual(p.returncode, 1)
        self.assertIn("has a token already", p.stderr)
        self.assertEqual(self.token("add", "bad name!", "--token-key", key).returncode, 2)
        self.assertEqual(self.token("add", "x").returncode, 2)  # no --token-key

        self.r.stop()
        self.r = Receiver(self.tmp, "--token-key", key, db=self.db)
        a, b = made["leeds-library"], made["jobcentre-2"]
        ids = ["5%07d-5d4a-4f6b-9c2d-1e0f3a4b5c6d" % i for i in range(4)]
        self.assertEqual(post(self.r.port, json.dumps(lead(id=ids[0])), a)[0], 201)
        self.assertEqual(post(self.r.port, json.dumps(lead(id=ids[1])), b)[0], 201)
        self.assertEqual(post(self.r.port, json.dumps(lead(id=ids[2])))[0], 201)  # token file
        self.assertEqual(post(self.r.port, json.dumps(lead()), a[:-1] + "x")[0], 401)
        kiosks = dict(query(self.db, "SELECT id, kiosk FROM leads"))
        self.assertEqual(kiosks, {ids[0]: "leeds-library", ids[1]: "jobcentre-2", ids[2]: None})
        listed = self.token("list").stdout.splitlines()
        self.assertEqual(listed[0].split()[:2], ["NAME", "CREATED"])
        row = [r for r in listed if r.startswith("leeds-library ")][0]
        self.assertRegex(row, r"^leeds-library +\d{4}-\S+Z +\d{4}-\S+Z +active$")

        p = self.token("revoke", "leeds-library")
        self.assertEqual(p.returncode, 0, p.stderr)
        status, _, data = post(self.r.port, json.dumps(lead(id=ids[3])), a)
        self.assertEqual(status, 401, data)  # at once, no restart
        self.assertEqual(post(self.r.port, json.dumps(lead(id=ids[3])), b)[0], 201)
        self.assertEqual(self.token("revoke", "leeds-library").returncode, 1)
        self.assertRegex([r for r in self.token("list").stdout.splitlines()
                          if r.startswith("leeds-library ")][0], r" revoked$")
        # A new token for the same kiosk: the new one works, the old does not.
        p = self.token("add", "leeds-library", "--token-key", key)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(post(self.r.port, json.dumps(lead()), p.stdout.strip())[0], 201)
        self.assertEqual(post(self.r.port, json.dumps(lead()), a)[0], 401)
        # Another key cannot check the stored hashes.
        other_key = os.path.join(self.tmp, "other.key")
        self.assertEqual(self.token("add", "spare", "--token-key", other_key).returncode, 0)
        r2 = Receiver(self.tmp, "--token-key", other_key, db=self.db)
        self.addCleanup(r2.stop)
        self.assertEqual(post(r2.port, json.dumps(lead()), b)[0], 401)

        # Neither token is anywhere in the database, nor in the log.
        self.r.stop()
        r2.stop()
        raw = self.raw_dump()
        self.assertIn(b"leeds-library", raw)  # the search does see the table
        for t in (a, b, p.stdout.strip()):
            self.assertNotIn(t.encode(), raw)
            self.assertNotIn(t, self.r.log_text())

    def test_status(self):
        """Heartbeats: POST /status with a kiosk's token keeps its latest
        report (one row per kiosk, named by its token, or by its device name
        for the token file); bad reports get 400/422; `kiosks` prints them."""
        import datetime
        key = os.path.join(self.tmp, "token.key")
        tok = self.token("add", "fair-stand-3", "--token-key", key).stdout.strip()
        self.r.stop()
        self.r = Receiver(self.tmp, "--token-key", key, db=self.db)

        def beat(token=TOKEN, **over):
            ahead = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
            body = {"schema": 1, "device": "kiosk-7", "app_version": "0.1.0",
                    "content_version": "a1b2c3d4e5f6", "queued": 4, "rejected": 0,
                    "last_upload": "2026-03-03T10:15:02Z", "last_error": None,
                    "free_disk_mb": 5120, "clock": ahead.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    "clock_synced": False}
            body.update(over)
            return self.r.post(json.dumps(body), {"Authorization": "Bearer " + token},
                               path="/status")
        self.assertEqual(beat()[:2], (200, "application/json"))
        self.assertEqual(beat(queued=2, clock_synced=True)[0], 200)  # replaces the first
        why = "version 3 is older than version 4, which this kiosk already has"
        self.assertEqual(beat(tok, device="whatever", last_error="cannot reach the server",
                              content_version="v4", content_refused=why)[0], 200)
        for body, want, words in ((dict(queued=-1), 422, "queued"),
                                  (dict(content_refused="two\nlines"), 422, "content_refused"),
                                  (dict(content_refused="\x1b[2Jclear"), 422, "content_refused"),
                                  (dict(content_refused="w" * 301), 422, "content_refused"),
                                  (dict(content_refused=3), 422, "content_refused"),
                                  (dict(clock="yesterday"), 422, "clock"),
                                  (dict(clock=None), 422, "clock"),
                                  (dict(clock_synced="yes"), 422, "clock_synced"),
                                  (dict(device=7), 422, "device")):
            status, _, data = beat(**body)
            self.assertEqual(status, want, data)
            self.assertIn(words, json.loads(data)["error"])
        self.refused(400, "{nope", path="/status", words="JSON")
        self.refused(401, "{}", {"Authorization": "Bearer wrong"}, path="/status", words="token")
        self.refused(405, None, path="/status", method="GET", words="POST")
        p = subprocess.run([RECEIVER, "kiosks", "--db", self.db], capture_output=True,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0].split()[:3], ["KIOSK", "LAST", "SEEN"])
        rows = {line.split()[0]: line for line in lines[1:] if not line.startswith(" ")}
        self.assertEqual(sorted(rows), ["fair-stand-3", "kiosk-7"])
        self.assertRegex(rows["kiosk-7"], r"^kiosk-7 +\d{4}-\S+Z +2 0\.1\.0/a1b2c3d4e5f6 +"
                                          r"\+(359[5-9]|360[0-5])s synced +2026-03-03T10:15:02Z -$")
        self.assertRegex(rows["fair-stand-3"], r" +4 0\.1\.0/v4 .* NOT synced .* cannot reach"
                                               r" the server$")
        # The refusal under its kiosk's line; none under kiosk-7's.
        self.assertEqual(lines[1:], [rows["fair-stand-3"], " " * 21 + "content refused: " + why,
                                     rows["kiosk-7"]])
        self.assertEqual(sorted(query(self.db, "SELECT kiosk, content_version, content_refused"
                                               " FROM kiosk_status")),
                         [("fair-stand-3", "v4", why), ("kiosk-7", "a1b2c3d4e5f6", None)])

    def kiosk_tally(self, kdb, rows):
        """Sets a kiosk's counts in its leads.db: (event, hour, name, item, n)."""
        import datetime
        import sqlite3
        c = sqlite3.connect(kdb)
        try:
            with c:
                for ev, hour, name, item, n in rows:
                    c.execute("INSERT OR IGNORE INTO tally_events (tag) VALUES (?)", (ev,))
                    c.execute("INSERT OR IGNORE INTO tally_keys (name, item) VALUES (?, ?)",
                              (name, item))
                    h = int(datetime.datetime.strptime(hour, "%Y-%m-%dT%H").replace(
                        tzinfo=datetime.timezone.utc).timestamp()) // 3600
                    c.execute("INSERT OR REPLACE INTO tally (event, hour, key, n) VALUES"
                              " ((SELECT id FROM tally_events WHERE tag = ?), ?,"
                              " (SELECT id FROM tally_keys WHERE name = ? AND item = ?), ?)",
                              (ev, h, name, item, n))
        finally:
            c.close()

    def stored_counts(self, event=None):
        rows = query(self.db, "SELECT kiosk, event, hour, name, item, n FROM kiosk_counts")
        return sorted((k, ev, h, name, item, int(n)) for k, ev, h, name, item, n in rows
                      if event is None or ev == event)

    @staticmethod
    def hours_before_now():
        """The UTC hour an hour ago, now and again a moment later (where a
        heartbeat's counts_from may move to)."""
        import datetime
        t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
        return {t.strftime("%Y-%m-%dT%H"),
                (t + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H")}

    def test_counts(self):
        """The kiosk's anonymous counts go with its heartbeat (kioskctl
        sync) as each hour's totals and are stored per kiosk, event, hour,
        counter and item: a heartbeat sent again (its answer lost) sets the
        same numbers, never adds; one that failed (receiver down) is sent
        again later with the new totals; nothing in them names a lead; bad
        counts are refused whole."""
        import sqlite3
        k = Kiosk(self.tmp, self.r.url)
        k.make_leads(1)
        kdb = os.path.join(k.data, "leads.db")
        fair, lib = "Leeds Careers Fair", "Library pop-up"
        rows = [(fair, "2026-11-23T10", "visit.start", "", 5),
                (fair, "2026-11-23T10", "role.preview", "home-care-worker", 3),
                (fair, "2026-11-23T11", "visit.start", "", 2),
                (fair, "2026-11-23T11", "lead.sent", "", 1),
                (lib, "2026-11-24T09", "visit.form", "", 4),
                ("", "2026-11-24T10", "visit.start", "", 1)]
        self.kiosk_tally(kdb, rows)
        want = sorted(("kiosk-test",) + r for r in rows)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.stored_counts(), want)
        sent_from = k.kv("status.counts_from")
        self.assertIn(sent_from, self.hours_before_now())

        # The answer was lost: the kiosk sends the same totals again.
        with sqlite3.connect(kdb) as c:
            c.execute("DELETE FROM kv WHERE key = 'status.counts_from'")
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.stored_counts(), want, "a heartbeat sent twice counts once")

        # The receiver is down: the heartbeat fails, the kiosk keeps where
        # its counts start; up again, the new totals arrive, once.
        self.r.stop()
        with sqlite3.connect(kdb) as c:
            c.execute("UPDATE kv SET value = '2026-11-23T11' WHERE key = 'status.counts_from'")
        self.kiosk_tally(kdb, [(fair, "2026-11-23T11", "lead.sent", "", 2)])
        k.make_leads(1)
        k.sync(timeout=3)
        self.assertEqual(k.kv("status.counts_from"), "2026-11-23T11",
                         "a failed heartbeat moves nothing")
        self.r = Receiver(self.tmp, db=self.db)
        k.set_url(self.r.url)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        want = sorted(("kiosk-test",) + r for r in rows[:3] + rows[4:]
                      + [(fair, "2026-11-23T11", "lead.sent", "", 2)])
        self.assertEqual(self.stored_counts(), want)
        self.assertIn(k.kv("status.counts_from"), self.hours_before_now())

        # Nothing personal: no lead id or answer in the counts, no time
        # finer than the hour.
        everything = json.dumps(query(self.db, "SELECT * FROM kiosk_counts"))
        for i, (_, _, _, answers) in k.leads().items():
            self.assertNotIn(i, everything)
            for key in ("name", "phone", "email", "postcode"):
                self.assertNotIn(answers[key], everything)
        for (hour,) in query(self.db, "SELECT hour FROM kiosk_counts"):
            self.assertRegex(hour, r"^\d{4}-\d\d-\d\dT\d\d$")

        # Bad counts are refused, whole, and change nothing.
        def beat(counts):
            body = {"schema": 1, "device": "kiosk-7", "clock": "2026-11-23T10:00:00.000Z",
                    "counts": counts}
            return self.r.post(json.dumps(body), path="/status")
        good = {"event": fair, "hour": "2026-11-23T10", "name": "visit.start", "item": "", "n": 1}
        for bad in ([dict(good, hour="2026-11-23T10:15")], [dict(good, n=-1)],
                    [dict(good, n=1.5)], [dict(good, n="1")], [dict(good, name="")],
                    [dict(good, name="n" * 33)], [dict(good, item="i" * 65)],
                    [dict(good, event="e" * 256)], [good, good], [5],
                    [{k: v for k, v in good.items() if k != "item"}], "nope", {"a": 1}):
            with self.subTest(bad=str(bad)[:80]):
                status, _, data = beat(bad)
                self.assertEqual(status, 422, data)
                self.assertIn("count", json.loads(data)["error"])
        self.assertEqual(query(self.db, "SELECT kiosk FROM kiosk_status WHERE kiosk = 'kiosk-7'"),
                         [])
        self.assertEqual(self.stored_counts(), want)
        status, _, data = beat([good])
        self.assertEqual(status, 200, data)
        self.assertIn(("kiosk-7", fair, "2026-11-23T10", "visit.start", "", 1),
                      self.stored_counts())

    def test_counts_many(self):
        """More counts than one heartbeat carries (400, or 48 kB of JSON):
        each heartbeat takes what fits, never over the receiver's body
        limit (72 kB), and the next ones the rest, until the office has
        them all."""
        k = Kiosk(self.tmp, self.r.url)
        k.make_leads(1)
        kdb = os.path.join(k.data, "leads.db")
        many = [("Big Fair", "2026-11-25T%02d" % (9 + i // 150), "role.preview", "r%03d" % i, i)
                for i in range(450)]
        tag = "Careers week at the " + "very " * 44 + "long library"   # 252 bytes
        long = [(tag, "2026-11-26T%02d" % (9 + i // 50), "form.step", "s%02d" % i, 1)
                for i in range(100)]
        self.kiosk_tally(kdb, many + long)
        want = sorted(("kiosk-test",) + r for r in many + long)
        seen = []
        for _ in range(6):
            p = k.sync()
            self.assertEqual(p.returncode, 0, p.stderr)
            seen.append(len(self.stored_counts()))
            if seen[-1] == len(want):
                break
        self.assertEqual(self.stored_counts(), want)
        # 400 a heartbeat; then by bytes: 81 of the long tag's fit in 48 kB.
        self.assertEqual(seen[0], 400, seen)
        self.assertGreater(len(seen), 2, seen)
        self.assertNotIn(" 413 ", self.r.log_text())
        self.assertIn(k.kv("status.counts_from"), self.hours_before_now())


SCHEMA_VERSION = 8


class Receiving(Cases, unittest.TestCase):
    backend = "sqlite"
    unreachable = "/nonexistent/folder/leads.db"
    unreachable_words = "cannot open /nonexistent/folder/leads.db"
    v1_when = "'2026-03-03T10:16:00.000Z'"
    v1_schema = ("CREATE TABLE leads (id TEXT PRIMARY KEY, received_at TEXT NOT NULL,"
                 " created_at TEXT, device TEXT, event TEXT, app_version TEXT,"
                 " content_version TEXT, lang TEXT, answers TEXT NOT NULL, body TEXT NOT NULL);"
                 "CREATE INDEX leads_received ON leads(received_at);")

    def new_db(self):
        return os.path.join(self.tmp, "receiver-%d.db" % random.randrange(1 << 30))

    def raw_dump(self):
        """Every byte of the database files."""
        out = b""
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                with open(self.db + suffix, "rb") as f:
                    out += f.read()
        return out

    def sql(self, script):
        import sqlite3
        c = sqlite3.connect(self.db)
        try:
            with c:
                c.executescript(script)
        finally:
            c.close()


class ReceivingPg(pglib.OnPostgres, Cases, unittest.TestCase):
    backend = "postgresql"
    unreachable = "postgresql://kiosk:s3cret@127.0.0.1:1/leads"
    unreachable_words = "cannot connect to postgresql://kiosk:...@127.0.0.1:1/leads"
    v1_when = "now()"
    v1_schema = ("CREATE TABLE leads (id text PRIMARY KEY, received_at timestamptz NOT NULL,"
                 " created_at text, device text, event text, app_version text,"
                 " content_version text, lang text, answers text NOT NULL, body text NOT NULL);"
                 "CREATE INDEX leads_received ON leads (received_at);"
                 "CREATE TABLE schema_migrations (version integer PRIMARY KEY,"
                 " applied_at timestamptz NOT NULL DEFAULT now());"
                 "INSERT INTO schema_migrations (version) VALUES (1);")

    def sql(self, script):
        query(self.db, script)

    def raw_dump(self):
        """The whole database as pg_dump writes it."""
        db = self.db.split("?")[0].rsplit("/", 1)[1]
        return subprocess.run([os.path.join(pglib.bindir(), "pg_dump"), "-h", self.pg.dir,
                               "-p", str(pglib.PORT), "-U", pglib.USER, db],
                              capture_output=True, check=True).stdout

    def test_database_restart(self):
        """The database goes away under a running receiver: leads answer 503
        with Retry-After (nothing stored, the receiver stays up); when it is
        back the next lead is stored without restarting the receiver, though
        every pooled connection died."""
        self.r.stop()
        self.r = Receiver(self.tmp, "--db-pool", "3", "--retry-after", "2", db=self.db)
        got = at_once([lambda i=i: post(self.r.port, json.dumps(
            lead(id="3%07d-5d4a-4f6b-9c2d-1e0f3a4b5c6d" % i))) for i in range(6)])
        self.assertEqual([g[0] for g in got], [201] * 6)
        self.pg.stop()
        status, headers, data = post(self.r.port, json.dumps(lead()))
        self.assertEqual(status, 503, data)
        self.assertEqual(headers.get("Retry-After"), "2")
        self.assertIn("database", data["error"])
        self.assertTrue(self.r.alive())
        self.pg.start()
        status, _, data = post(self.r.port, json.dumps(lead()))
        self.assertEqual((status, data["status"]), (201, "stored"))
        self.assertEqual(len(self.r.rows()), 7)
        self.assertIn("cannot store lead " + ID, self.r.log_text())

    def test_pool_size(self):
        """--db-pool N: never more than N connections, however many senders."""
        self.r.stop()
        # What the URI says wins over the receiver's defaults.
        self.r = Receiver(self.tmp, "--db-pool", "2", db=self.db + "&application_name=pooltest")
        peak = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                peak.append(int(query(self.db, "SELECT count(*) FROM pg_stat_activity"
                                               " WHERE application_name = 'pooltest'")[0][0]))
        w = threading.Thread(target=watch)
        w.start()
        try:
            got = at_once([lambda i=i: post(self.r.port, json.dumps(
                lead(id="4%07d-5d4a-4f6b-9c2d-1e0f3a4b5c6d" % i))) for i in range(24)])
        finally:
            stop.set()
            w.join()
        self.assertEqual([g[0] for g in got], [201] * 24)
        self.assertLessEqual(max(peak), 2)
        self.assertGreaterEqual(max(peak), 1)


if __name__ == "__main__":
    unittest.main()
