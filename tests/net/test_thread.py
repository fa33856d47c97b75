"""The uploader thread itself (uploader_start), through the C harness
net_thread, against a real carekiosk-receiver: wake-ups, backoff, the
server's Retry-After, a refused token, stopping mid-request, no URL.
Run one case: python3 test_thread.py Thread.test_backoff"""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netlib import (RECEIVER, THREAD, TOKEN, Kiosk, Receiver, free_port,  # noqa: E402
                    timing_bound, tmpdir)


class Thread(unittest.TestCase):
    def setUp(self):
        self.tmp = tmpdir(self)
        self.data = os.path.join(self.tmp, "kiosk-data")
        self.token_file = os.path.join(self.tmp, "kiosk.token")
        with open(self.token_file, "w") as f:
            f.write(TOKEN + "\n")

    def receiver(self, *extra):
        r = Receiver(self.tmp, *extra)
        self.addCleanup(r.stop)
        return r

    def run_scenario(self, name, url, env=None):
        e = dict(os.environ)
        e.update(env or {})
        p = subprocess.run([THREAD, name, url, self.data, self.token_file], capture_output=True,
                           text=True, timeout=60, env=e)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("ok " + name, p.stdout)
        return p.stdout

    def kiosk_leads(self):
        return Kiosk(self.tmp, "").leads()

    def test_heartbeat(self):
        """The thread reports the kiosk's status: after the upload, then
        every CAREKIOSK_TEST_STATUS_MS while idle; `kiosks` shows it."""
        r = self.receiver()
        self.run_scenario("heartbeat", r.url, {"CAREKIOSK_TEST_STATUS_MS": "300"})
        beats = re.findall(r" POST /status (\d+)", r.log_text())
        self.assertGreaterEqual(len(beats), 3, r.log_text())
        self.assertEqual(set(beats), {"200"})
        p = subprocess.run([RECEIVER, "kiosks", "--db", r.db], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        row = [line for line in p.stdout.splitlines() if line.startswith("kiosk-thread ")]
        self.assertEqual(len(row), 1, p.stdout)
        self.assertRegex(row[0], r"^kiosk-thread +\d{4}-\S+Z +0 0\.1\.0/c0ffee +[+-]\d+s")

    def test_wake(self):
        r = self.receiver()
        self.run_scenario("wake", r.url)
        [(lead, (status, attempts, _, answers))] = self.kiosk_leads().items()
        self.assertEqual((status, attempts), ("sent", 0))
        self.assertEqual(r.rows(), {lead: answers})

    def test_backoff(self):
        out = self.run_scenario("backoff", "http://127.0.0.1:%d/leads" % free_port())
        tries = int(re.search(r"tries (\d+)", out).group(1))
        [(status, attempts, error, _)] = self.kiosk_leads().values()
        # Every try was recorded on the lead (but one the stop cut short).
        self.assertEqual((status, error), ("queued", "could not connect to the server"))
        self.assertIn(attempts, (tries - 1, tries))

    @timing_bound
    def test_wake_ends_backoff(self):
        self.run_scenario("wake_ends_backoff", "http://127.0.0.1:%d/leads" % free_port())
        [(status, attempts, _, _)] = self.kiosk_leads().values()
        self.assertEqual((status, attempts), ("queued", 2))

    def test_retry_after(self):
        r = self.receiver("--fault-status", "503:2", "--fault-retry-after", "1")
        self.run_scenario("retry_after", r.url)
        [(lead, (status, attempts, _, _))] = self.kiosk_leads().items()
        self.assertEqual((status, attempts), ("sent", 2))
        self.assertEqual(r.statuses(lead), [503, 503, 201])

    def test_clock_back(self):
        """A clock put back a day mid-backoff does not hold the lead a day."""
        r = self.receiver("--fault-status", "503:1")
        self.run_scenario("clock_back", r.url)
        [(lead, (status, attempts, _, _))] = self.kiosk_leads().items()
        self.assertEqual((status, attempts), ("sent", 1))
        self.assertEqual(r.statuses(lead), [503, 201])

    def test_refused(self):
        r = self.receiver()
        with open(self.token_file, "w") as f:
            f.write("stale-token\n")
        self.run_scenario("refused", r.url, {"NET_GOOD_TOKEN": TOKEN})
        [(lead, (status, _, _, _))] = self.kiosk_leads().items()
        self.assertEqual(status, "sent")
        self.assertEqual(r.log_text().count(" 401\n"), 1)	# paused after one
        self.assertEqual(r.statuses(lead), [201])
        self.assertIsNone(Kiosk(self.tmp, "").kv("upload.last_error"))

    def test_stop_mid_request(self):
        r = self.receiver("--fault-delay", "5000", "--fault-count", "1")
        self.run_scenario("stop", r.url)
        [(lead, (status, _, _, _))] = self.kiosk_leads().items()
        self.assertEqual(status, "queued")	# abandoned, not lost
        # The next upload finds it already stored: still one copy.
        k = Kiosk(self.tmp, r.url)
        p = k.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(k.leads()[lead][0], "sent")
        self.assertEqual(list(r.rows()), [lead])

    def test_slow_dns_stop(self):
        """A name lookup that hangs (a dead DNS server) neither outlasts
        the connect timeout nor holds up stopping the thread, which the
        kiosk does on exit."""
        env = {"LD_PRELOAD": os.environ["NET_SLOW_DNS"], "NET_SLOW_DNS_MS": "8000",
               # The sanitizer build: the shim is loaded before libasan.
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        out = self.run_scenario("stop", "https://kiosk.slow-dns.test/leads", env)
        self.assertLess(int(re.search(r"stop_ms (\d+)", out).group(1)), 2500)
        [(status, _, _, _)] = self.kiosk_leads().values()
        self.assertEqual(status, "queued")

    def test_not_set_up(self):
        out = self.run_scenario("not_set_up", "")
        self.assertIn("no upload address is set", out)
        self.data += "-2"
        out = self.run_scenario("not_set_up", "http://192.0.2.10/leads")
        self.assertIn("must start with https://", out)


if __name__ == "__main__":
    unittest.main()
