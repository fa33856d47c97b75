"""Uploads through every network fault, against a real carekiosk-receiver
started on 127.0.0.1 by each test, driven by `kioskctl sync` (the kiosk's
own upload code). After each case the receiver holds every lead exactly
once, with the kiosk's answers, and the kiosk's statuses are right.

Run one case: python3 test_upload.py Upload.test_happy_path"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netlib import (KIOSKCTL, TOKEN, Kiosk, Receiver, free_port, query, sync_lines,  # noqa: E402
                    timing_bound, tmpdir)

REFUSED = "the server refused the kiosk's token"


class Scripted(BaseHTTPRequestHandler):
    """A test's scripted server: answer() sends one whole answer; no log."""

    def answer(self, code, ctype, data, headers=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Upload(unittest.TestCase):
    def setUp(self):
        self.tmp = tmpdir(self)

    def receiver(self, *extra, **kw):
        r = Receiver(self.tmp, *extra, **kw)
        self.addCleanup(r.stop)
        return r

    def assert_exactly_once(self, kiosk, receiver, sent, queued=(), rejected=()):
        """Kiosk statuses are as given; the receiver holds each sent lead
        once with the kiosk's answers, and no lead it should not have."""
        leads = kiosk.leads()
        self.assertEqual(sorted(leads), sorted(list(sent) + list(queued) + list(rejected)))
        for i in sent:
            self.assertEqual(leads[i][0], "sent", i)
        for i in queued:
            self.assertEqual(leads[i][0], "queued", i)
        for i in rejected:
            self.assertEqual(leads[i][0], "rejected", i)
        rows = receiver.rows()
        for i in sent:
            self.assertIn(i, rows)
            self.assertEqual(rows[i], leads[i][3], "answers differ for " + i)
        self.assertTrue(receiver.alive(), "the receiver died")
        return rows

    def serve(self, handler, url="http://127.0.0.1:%d/leads"):
        """A scripted HTTP server on 127.0.0.1 for this test; url with its
        port in."""
        srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        self.addCleanup(srv.server_close)
        self.addCleanup(srv.shutdown)
        return url % srv.server_port

    def test_happy_path(self):
        r = self.receiver()
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(6)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = sync_lines(p)
        self.assertEqual(sorted(lines), sorted(ids))
        for i in ids:
            self.assertEqual(lines[i], i + " sent")
        rows = self.assert_exactly_once(k, r, sent=ids)
        self.assertEqual(len(rows), 6)
        self.assertEqual([r.statuses(i) for i in ids], [[201]] * 6)
        self.assertGreater(int(k.kv("upload.last_success_ms")), 1700000000000)
        self.assertIsNone(k.kv("upload.last_error"))
        # Nothing left: a second sync sends nothing.
        p = k.sync()
        self.assertEqual((p.returncode, p.stdout), (0, ""))
        self.assertEqual(len(r.rows()), 6)
        self.assertNotIn(TOKEN, p.stdout + p.stderr)
        self.assertNotIn("Testperson", p.stdout + p.stderr + r.log_text())

    def test_clock_synced(self):
        """Each lead's clock flag (0, 1, not known) travels to the receiver's
        table as it is in the kiosk's; not known is left out of the body."""
        r = self.receiver()
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(3)
        with sqlite3.connect(os.path.join(k.data, "leads.db")) as c:
            for i, v in zip(ids, (0, 1, None)):
                c.execute("UPDATE leads SET clock_synced = ? WHERE id = ?", (v, i))
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        got = dict(query(r.db, "SELECT id, clock_synced FROM leads"))
        self.assertEqual([got[i] for i in ids], [0, 1, None])
        bodies = dict(query(r.db, "SELECT id, body FROM leads"))
        self.assertNotIn("clock_synced", json.loads(bodies[ids[2]]))

    def test_wire_format(self):
        """What a receiver sees: path and query kept, the four headers,
        the body's fields in order, no redirects followed; then the status
        report (heartbeat) beside the leads path, with the same token and
        no personal data."""
        seen, beats = [], []

        class Handler(Scripted):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == "/api/v1/status":
                    beats.append((self.headers, body))
                    data = b'{"status":"ok"}'
                else:
                    seen.append((self.path, self.headers, body))
                    data = json.dumps({"id": json.loads(body)["id"]}).encode()
                self.answer(201, "application/json", data)

        k = Kiosk(self.tmp, self.serve(Handler, "http://localhost:%d/api/v1/leads?src=kiosk"))
        [lead] = k.make_leads(1)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        [(path, h, body)] = seen
        self.assertEqual(path, "/api/v1/leads?src=kiosk")
        self.assertEqual(h["Content-Type"], "application/json")
        self.assertEqual(h["Authorization"], "Bearer " + TOKEN)
        self.assertEqual(h["Idempotency-Key"], lead)
        self.assertEqual(h["User-Agent"], "carekiosk/0.1.0")
        doc = json.loads(body)
        self.assertEqual(list(doc), ["schema", "id", "created_at", "device", "event",
                                     "app_version", "content_version", "lang", "answers"])
        self.assertEqual((doc["schema"], doc["id"], doc["device"], doc["lang"]),
                         (1, lead, "kiosk-test", "en"))
        self.assertRegex(doc["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(doc["answers"], k.leads()[lead][3])
        [(h, body)] = beats
        self.assertEqual(h["Authorization"], "Bearer " + TOKEN)
        self.assertEqual(h["Content-Type"], "application/json")
        self.assertIsNone(h["Idempotency-Key"])
        beat = json.loads(body)
        self.assertEqual(list(beat), ["schema", "device", "app_version", "content_version",
                                      "content_refused", "queued", "rejected", "last_upload", "last_error",
                                      "free_disk_mb", "clock", "clock_synced", "counts"])
        self.assertEqual((beat["device"], beat["app_version"], beat["queued"], beat["rejected"],
                          beat["last_error"]), ("kiosk-test", "0.1.0", 0, 0, None))
        self.assertIsNone(beat["content_refused"])
        self.assertRegex(beat["last_upload"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertRegex(beat["clock"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertIsInstance(beat["free_disk_mb"], int)
        self.assertIn(beat["clock_synced"], (True, False, None))
        self.assertEqual(beat["counts"], [])
        self.assertNotIn(b"Testperson", body)

    def test_counts_wrong_answer(self):
        """A heartbeat's counts count as delivered only on the office's
        receipt (200/201 and {"status":"ok"}): after a Wi-Fi sign-in page,
        an empty or other JSON 200, a redirect, 404 or 500, kv
        status.counts_from stays unset and the next heartbeat carries the
        same counts again; after the receipt it moves."""
        answer, beats = [None], []

        class Handler(Scripted):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == "/status":
                    beats.append(json.loads(body)["counts"])
                    code, ctype, data = answer[0]
                else:
                    code, ctype = 201, "application/json"
                    data = json.dumps({"id": json.loads(body)["id"]}).encode()
                self.answer(code, ctype, data,
                            {"Location": "http://127.0.0.1:1/login"} if code == 302 else {})

        k = Kiosk(self.tmp, self.serve(Handler))
        k.make_leads(1)
        with sqlite3.connect(os.path.join(k.data, "leads.db")) as c:
            c.execute("INSERT INTO tally_events (tag) VALUES ('Leeds Careers Fair')")
            c.execute("INSERT INTO tally_keys (name, item) VALUES ('visit.start', '')")
            c.execute("INSERT INTO tally (event, hour, key, n) VALUES (1, 490000, 1, 7)")
        want = [{"event": "Leeds Careers Fair", "hour": "2025-11-24T16", "name": "visit.start",
                 "item": "", "n": 7}]
        html = b"<html><body>Sign in to Library Wi-Fi</body></html>"
        for wrong in ((200, "text/html", html), (200, "application/json", b""),
                      (200, "application/json", b"{}"), (200, "application/json", b"[]"),
                      (200, "application/json", b'{"status":"error"}'),
                      (200, "application/json", b'{"status":"ok"'),
                      (202, "application/json", b'{"status":"ok"}'),
                      (302, "text/html", b""), (404, "text/html", b"not here"),
                      (500, "application/json", b'{"status":"ok"}')):
            with self.subTest(answer=wrong):
                answer[0] = wrong
                n = len(beats)
                p = k.sync()
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertEqual(len(beats), n + 1)
                self.assertEqual(beats[-1], want, "the same counts, again")
                self.assertIsNone(k.kv("status.counts_from"))
        answer[0] = (200, "application/json", b'{"status":"ok"}')
        p = k.sync()
        self.assertEqual(beats[-1], want)
        self.assertRegex(k.kv("status.counts_from") or "", r"^\d{4}-\d\d-\d\dT\d\d$")
        p = k.sync()
        self.assertEqual(beats[-1], [], "after the receipt, the old hours are not sent again")

    @timing_bound
    def test_redirect_is_not_success(self):
        """A captive portal's 302 to its sign-in page is followed by nobody."""
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(302)
                self.send_header("Location", "http://127.0.0.1:1/login")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        k = Kiosk(self.tmp, self.serve(Handler))
        [lead] = k.make_leads(1)
        p = k.sync(timeout=1)
        self.assertEqual(p.returncode, 1)
        self.assertIn("unexpected answer (302)", p.stdout)
        self.assertEqual(k.leads()[lead][0], "queued")

    @timing_bound
    def test_server_down_then_up(self):
        port = free_port()
        k = Kiosk(self.tmp, "http://127.0.0.1:%d/leads" % port)
        ids = k.make_leads(2)
        p = k.sync(timeout=1)
        self.assertEqual(p.returncode, 1)
        lines = sync_lines(p)
        for i in ids:
            self.assertIn("queued: could not connect to the server", lines[i])
        leads = k.leads()
        self.assertTrue(all(leads[i][0] == "queued" and leads[i][1] >= 1 for i in ids))
        self.assertEqual(k.kv("upload.last_error"), "could not connect to the server")
        # The server comes up while a sync is retrying: it finishes by itself.
        result = {}
        t = threading.Thread(target=lambda: result.update(p=k.sync(timeout=30)))
        t.start()
        time.sleep(1.5)
        r = self.receiver(port=port)
        t.join()
        p = result["p"]
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("not sent yet (retry): could not connect", p.stderr)
        self.assertLess(p.elapsed, 10)
        self.assert_exactly_once(k, r, sent=ids)
        self.assertIsNone(k.kv("upload.last_error"))

    def test_503_with_retry_after(self):
        r = self.receiver("--fault-status", "503:2", "--fault-retry-after", "1")
        k = Kiosk(self.tmp, r.url)
        [lead] = k.make_leads(1)
        p = k.sync(timeout=20)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(r.statuses(lead), [503, 503, 201])
        # The backoff here is at most 0.5 s: two waits of 1 s are Retry-After's.
        self.assertGreaterEqual(p.elapsed, 2.0)
        self.assertEqual(p.stderr.count("next try in 1.0 s"), 2, p.stderr)
        self.assert_exactly_once(k, r, sent=[lead])
        self.assertEqual(k.leads()[lead][1], 2)


    def test_retry_after_zero_does_not_hammer(self):
        """A Retry-After of 0, or a date gone by, is no reason to retry at
        once: the backoff applies, so a failing server is not flooded."""
        for value in ("0", "Mon, 01 Jan 2001 00:00:00 GMT"):
            with self.subTest(retry_after=value):
                hits = []

                class Handler(BaseHTTPRequestHandler):
                    def do_POST(self):
                        self.rfile.read(int(self.headers["Content-Length"]))
                        hits.append(time.monotonic())
                        self.send_response(503)
                        self.send_header("Retry-After", value)
                        self.send_header("Content-Length", "0")
                        self.end_headers()

                    def log_message(self, *args):
                        pass

                k = Kiosk(os.path.join(self.tmp, "k%d" % len(value)), self.serve(Handler))
                [lead] = k.make_leads(1)
                # Backoff base 1 s: at most a try, then waits of <= 1 s and <= 2 s.
                p = k.sync(timeout=2, env={"CAREKIOSK_TEST_BACKOFF_MS": "1000"})
                self.assertEqual(p.returncode, 1)
                self.assertLessEqual(len(hits), 4, "%d requests in 2 s" % len(hits))
                self.assertNotIn("next try in 0.0 s", p.stderr)
                self.assertEqual(k.leads()[lead][0], "queued")

    def test_captive_portal_html(self):
        r = self.receiver("--fault-html")
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(2)
        p = k.sync(timeout=2)
        # 200 with a web page is not a receipt: nothing is marked sent.
        self.assertEqual(p.returncode, 1)
        self.assertIn("maybe a Wi-Fi sign-in page", p.stdout)
        self.assert_exactly_once(k, r, sent=[], queued=ids)
        self.assertEqual(r.rows(), {})
        r.stop()
        r = self.receiver("--fault-html", "--fault-count", "1", db=r.db, port=r.port)
        p = k.sync(timeout=20)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assert_exactly_once(k, r, sent=ids)
        self.assertEqual(sorted(sum((r.statuses(i) for i in ids), [])), [200, 201, 201])

    def test_connection_dropped_after_store(self):
        r = self.receiver("--fault-drop-after-store", "1")
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(3)
        p = k.sync(timeout=20)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("the connection closed before the server answered", p.stderr)
        rows = self.assert_exactly_once(k, r, sent=ids)
        self.assertEqual(len(rows), 3)
        # The first lead tried was stored, its answer dropped (logged as 0),
        # and the resend recognised as the same lead.
        self.assertEqual(sorted(r.statuses(i) for i in ids), [[0, 200], [201], [201]])

    def test_killed_between_post_and_status_update(self):
        """kioskctl is killed after the server stored the lead but before
        the kiosk marked it sent: the next upload's resend gets 200, which
        is a success, and the office still holds one copy."""
        r = self.receiver("--fault-delay", "3000", "--fault-count", "1")
        k = Kiosk(self.tmp, r.url)
        [lead] = k.make_leads(1)
        proc = subprocess.Popen([KIOSKCTL, "sync", "--config", k.cfg, "--data", k.data,
                                 "--timeout", "20"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        end = time.monotonic() + 10
        while lead not in r.rows() and time.monotonic() < end:
            time.sleep(0.02)
        proc.kill()
        proc.wait()
        self.assertIn(lead, r.rows())
        self.assertEqual(k.leads()[lead][:2], ("queued", 0))	# it never heard back
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sync_lines(p)[lead], lead + " sent")
        self.assertEqual(r.statuses(lead)[-1], 200)
        self.assert_exactly_once(k, r, sent=[lead])
        self.assertEqual(len(r.rows()), 1)

    def test_stall_mid_body(self):
        """The server sends the headers and part of a receipt, then goes
        silent: the attempt is dropped in bounded time and the lead, still
        queued, goes through on the retry."""
        seen, release = [], threading.Event()
        self.addCleanup(release.set)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                lead_id = json.loads(body)["id"]
                seen.append(lead_id)
                data = json.dumps({"id": lead_id, "status": "stored"}).encode()
                self.send_response(201 if len(seen) == 1 else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if len(seen) == 1:
                    self.wfile.write(data[:8])	# '{"id": "' and then nothing
                    self.wfile.flush()
                    release.wait(30)
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        k = Kiosk(self.tmp, self.serve(Handler))
        [lead] = k.make_leads(1)
        p = k.sync(timeout=20, env={"CAREKIOSK_TEST_UPLOAD_TIMEOUT_MS": "1500"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("the server took too long to answer", p.stderr)
        self.assertLess(p.elapsed, 6, "a stalled answer held the upload")
        self.assertEqual(seen, [lead, lead])
        self.assertEqual(k.leads()[lead][0], "sent")

    def test_dns_hang_bounded(self):
        """A name lookup that never answers (a dead DNS server) is cut off
        by the connect timeout like any other stall."""
        k = Kiosk(self.tmp, "https://leads.slow-dns.test/leads")
        [lead] = k.make_leads(1)
        p = k.sync(timeout=2.5, env={
            "LD_PRELOAD": os.environ["NET_SLOW_DNS"], "NET_SLOW_DNS_MS": "8000",
            "CAREKIOSK_TEST_UPLOAD_TIMEOUT_MS": "1000",
            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"})
        self.assertEqual(p.returncode, 1)
        self.assertLess(p.elapsed, 5, "a hung name lookup held kioskctl sync")
        self.assertIn("took too long", p.stderr)
        self.assertEqual(k.leads()[lead][0], "queued")

    @timing_bound
    def test_slow_answer_times_out(self):
        r = self.receiver("--fault-delay", "4000")
        k = Kiosk(self.tmp, r.url)
        [lead] = k.make_leads(1)
        p = k.sync(timeout=2.5, env={"CAREKIOSK_TEST_UPLOAD_TIMEOUT_MS": "1000"})
        self.assertEqual(p.returncode, 1)
        self.assertIn("queued: the server took too long to answer", p.stdout)
        self.assertLess(p.elapsed, 3.5, "a stalled request held kioskctl")
        self.assert_exactly_once(k, r, sent=[], queued=[lead])
        # Even without the test timeout, --timeout bounds a hanging request.
        p = k.sync(timeout=1.5)
        self.assertEqual(p.returncode, 1)
        self.assertLess(p.elapsed, 2.5)
        r.stop()
        r = self.receiver(db=r.db, port=r.port)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(r.statuses(lead), [200])	# stored during the slow answer
        self.assert_exactly_once(k, r, sent=[lead])

    def test_unauthorized(self):
        r = self.receiver()
        k = Kiosk(self.tmp, r.url, token="not-the-token")
        ids = k.make_leads(2)
        p = k.sync(timeout=3)
        self.assertEqual(p.returncode, 1)
        self.assertIn(REFUSED, p.stderr)
        self.assertIn("queued: " + REFUSED, p.stdout)
        # Uploads pause: one refused request, not one per lead.
        self.assertEqual(r.log_text().count(" 401"), 1, r.log_text())
        self.assertEqual(k.kv("upload.last_error"), REFUSED)
        self.assert_exactly_once(k, r, sent=[], queued=ids)
        self.assertEqual(r.rows(), {})
        self.assertNotIn("not-the-token", p.stdout + p.stderr + r.log_text())
        k.set_token(TOKEN)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assert_exactly_once(k, r, sent=ids)

    def test_conflict_409(self):
        r = self.receiver()
        k = Kiosk(self.tmp, r.url)
        [lead, other] = k.make_leads(2)
        # Another system already stored this id with different answers.
        body = json.dumps({"schema": 1, "id": lead, "created_at": "2026-03-03T10:15:02Z",
                           "answers": {"name": "Someone Else"}})
        self.assertEqual(r.post(body)[0], 201)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)	# nothing left queued
        lines = sync_lines(p)
        self.assertEqual(lines[lead], lead + " rejected: the server refused this lead (409): "
                         "a different lead with this id is already stored")
        leads = k.leads()
        self.assertIn("(409): a different lead", leads[lead][2])
        self.assertEqual(r.rows()[lead], {"name": "Someone Else"})	# not overwritten
        self.assert_exactly_once(k, r, sent=[other], rejected=[lead])
        # Rejected leads are not retried.
        p = k.sync()
        self.assertEqual((p.returncode, p.stdout), (0, ""))
        self.assertEqual(r.statuses(lead), [201, 409])

    def test_malformed_json_answer(self):
        r = self.receiver("--fault-bad-json", "--fault-count", "1")
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(2)
        p = k.sync(timeout=20)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("not a receipt", p.stderr)
        self.assert_exactly_once(k, r, sent=ids)
        self.assertEqual(sorted(sum((r.statuses(i) for i in ids), [])), [200, 201, 201])

    @timing_bound
    def test_insecure_url_refused(self):
        k = Kiosk(self.tmp, "http://192.0.2.10/leads")
        [lead] = k.make_leads(1)
        p = k.sync(timeout=5)
        self.assertEqual(p.returncode, 1)
        self.assertIn("must start with https://", p.stderr)
        self.assertLess(p.elapsed, 2)
        self.assertEqual(k.leads()[lead][:2], ("queued", 0))

    def test_not_set_up(self):
        k = Kiosk(self.tmp, "")
        k.make_leads(1)
        p = k.sync(timeout=5)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no upload address is set", p.stderr)

    @timing_bound
    def test_https_verified(self):
        if not shutil.which("openssl"):
            self.skipTest("openssl not installed")
        cert, key = os.path.join(self.tmp, "cert.pem"), os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        r = self.receiver(tls=(cert, key))
        self.assertTrue(r.url.startswith("https://"))
        k = Kiosk(self.tmp, r.url)
        ids = k.make_leads(2)
        # An unknown certificate is never accepted.
        p = k.sync(timeout=1)
        self.assertEqual(p.returncode, 1)
        self.assertIn("certificate could not be checked", p.stdout)
        self.assertEqual(r.rows(), {})
        k.set_url(r.url, ca_file=cert)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assert_exactly_once(k, r, sent=ids)


if __name__ == "__main__":
    unittest.main()
