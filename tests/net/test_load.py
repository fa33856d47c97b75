"""The receiver under load, on both backends: 8 kiosks (8 `kioskctl sync`
processes, the kiosk's own upload code) send 250 leads each at once; a
quarter of each kiosk's leads are also queued on its neighbour at the same
place in the queue, so the two send them at about the same instant. The
database must end with exactly 2,000 rows, each once, and every kiosk must
hold a receipt for every lead it queued.

Faults under load: PostgreSQL restarted mid-run, the receiver SIGKILLed
mid-run and started again on the same port: every acknowledged lead is
stored once, and every kiosk's queue drains to zero.
Run one case: python3 test_load.py LoadPg.test_faults"""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pglib  # noqa: E402
from netlib import KIOSKCTL, Kiosk, Receiver, free_port, query, tmpdir  # noqa: E402

KIOSKS = 8
EACH = 250


def when(j):
    """created_at of the j-th lead in a queue: the same on every kiosk."""
    return "2026-03-03T10:%02d:%02dZ" % (j // 60, j % 60)


class Fleet:
    """KIOSKS kiosk data folders; kiosk k also queues every 4th lead of
    kiosk k+1 (mod KIOSKS), at the same place in its queue."""

    def __init__(self, tmp, url):
        self.kiosks, self.own = [], []
        for k in range(KIOSKS):
            d = os.path.join(tmp, "kiosk%d" % k)
            os.makedirs(d)
            kiosk = Kiosk(d, url)
            ids = kiosk.make_leads(EACH)
            with sqlite3.connect(os.path.join(kiosk.data, "leads.db")) as c:
                c.executemany("UPDATE leads SET created_at = ? WHERE id = ?",
                              [(when(j), i) for j, i in enumerate(ids)])
            self.kiosks.append(kiosk)
            self.own.append(ids)
        self.twice = set()
        for k in range(KIOSKS):
            src = self.kiosks[(k + 1) % KIOSKS]
            copies = [i for j, i in enumerate(self.own[(k + 1) % KIOSKS]) if j % 4 == 3]
            self.twice.update(copies)
            c = sqlite3.connect(os.path.join(self.kiosks[k].data, "leads.db"))
            with c:
                c.execute("ATTACH ? AS src", (os.path.join(src.data, "leads.db"),))
                c.executemany("INSERT INTO leads SELECT * FROM src.leads WHERE id = ?",
                              [(i,) for i in copies])
            c.execute("DETACH src")
            c.close()
        self.all = set(i for ids in self.own for i in ids)

    def start(self, timeout):
        env = dict(os.environ, CAREKIOSK_TEST_BACKOFF_MS="100")
        self.procs = [subprocess.Popen(
            [KIOSKCTL, "sync", "--config", k.cfg, "--data", k.data, "--timeout", str(timeout)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for k in self.kiosks]

    def wait(self, timeout):
        outs = []
        for p in self.procs:
            out, err = p.communicate(timeout=timeout)
            outs.append((p.returncode, out, err))
        return outs

    def queued(self):
        """Every lead in every kiosk's database: (kiosk, id, status)."""
        rows = []
        for n, k in enumerate(self.kiosks):
            rows += [(n, i, s) for i, s in k.leads_status()]
        return rows


def kiosk_leads_status(self):
    with sqlite3.connect(os.path.join(self.data, "leads.db")) as c:
        return c.execute("SELECT id, status FROM leads").fetchall()


Kiosk.leads_status = kiosk_leads_status


class Cases:
    def setUp(self):
        self.tmp = tmpdir(self)
        self.db = self.new_db()
        self.port = free_port()
        self.r = self.receiver()
        self.addCleanup(lambda: self.r.stop())
        self.fleet = Fleet(self.tmp, self.r.url)

    def receiver(self):
        return Receiver(self.tmp, "--retry-after", "1", "--db-pool", "4", port=self.port,
                        db=self.db)

    def stored(self):
        return int(query(self.db, "SELECT count(*) FROM leads")[0][0])

    def check_end(self, outs):
        self.retries = sum(err.count("not sent yet") for _, _, err in outs)
        for n, (rc, out, err) in enumerate(outs):
            self.assertEqual(rc, 0, "kiosk %d: %s" % (n, err[-2000:]))
            self.assertNotIn("Sanitizer", err)
        # Every kiosk holds a receipt for every lead it queued.
        left = [(k, i, s) for k, i, s in self.fleet.queued() if s != "sent"]
        self.assertEqual(left, [])
        self.assertEqual(len(self.fleet.queued()), KIOSKS * EACH + len(self.fleet.twice))
        # Exactly the 2,000 leads, each once (the id is the key: count them).
        ids = [i for (i,) in query(self.db, "SELECT id FROM leads")]
        self.assertEqual(len(ids), KIOSKS * EACH)
        self.assertEqual(set(ids), self.fleet.all)

    def test_load(self):
        t0 = time.monotonic()
        self.fleet.start(timeout=240)
        outs = self.fleet.wait(timeout=300)
        elapsed = time.monotonic() - t0
        self.check_end(outs)
        # Nothing failed on the way: each lead was stored by exactly one
        # POST (201), and each second copy was answered 200.
        log = self.r.log_text()
        self.assertEqual(len(re.findall(r" POST /leads 201 ", log)), KIOSKS * EACH)
        self.assertEqual(len(re.findall(r" POST /leads 200 ", log)), len(self.fleet.twice))
        self.assertEqual(len(re.findall(r" POST /leads 409 ", log)), 0)
        print("%s: %d leads from %d kiosks in %.1f s" % (self.backend, KIOSKS * EACH + len(
            self.fleet.twice), KIOSKS, elapsed), file=sys.stderr)

    def wait_stored(self, n, timeout=120):
        pglib.wait_for(lambda: self.stored() >= n, timeout, "%d leads stored" % n)

    def test_faults(self):
        self.fleet.start(timeout=240)
        if self.backend == "postgresql":
            self.wait_stored(KIOSKS * EACH // 4)
            self.pg.restart()
        self.wait_stored(KIOSKS * EACH // 2)
        # SIGKILL: no goodbye, connections cut mid-request.
        self.r.proc.send_signal(signal.SIGKILL)
        self.r.proc.wait()
        killed_at = self.stored()
        self.r.stop_killed()
        time.sleep(0.5)
        self.r = self.receiver()
        outs = self.fleet.wait(timeout=300)
        self.check_end(outs)
        self.assertLess(killed_at, KIOSKS * EACH)
        self.assertGreater(self.retries, 0)  # the kiosks did feel the faults
        if self.backend == "postgresql":
            self.assertIn("shut down", self.pg.log_text())


class LoadSqlite(Cases, unittest.TestCase):
    backend = "sqlite"

    def new_db(self):
        return os.path.join(self.tmp, "receiver.db")


class LoadPg(Cases, unittest.TestCase):
    backend = "postgresql"

    @classmethod
    def setUpClass(cls):
        cls.pg = pglib.Postgres()

    @classmethod
    def tearDownClass(cls):
        cls.pg.destroy()

    def new_db(self):
        return self.pg.new_db()


if __name__ == "__main__":
    unittest.main()
