"""Helpers for the upload tests: a real carekiosk-receiver on 127.0.0.1, a
kiosk data folder with leads made through the store API (net_make_leads),
and `kioskctl sync`. Paths to the binaries come from the environment that
tests/net/CMakeLists.txt sets."""
import functools
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time

RECEIVER = os.environ.get("NET_RECEIVER", "carekiosk-receiver")
KIOSKCTL = os.environ.get("NET_KIOSKCTL", "kioskctl")
MAKE_LEADS = os.environ.get("NET_MAKE_LEADS", "net_make_leads")
THREAD = os.environ.get("NET_THREAD", "net_thread")

TOKEN = "kiosk-token-7f3a9c"


def emulated(binary):
    """The reason binary runs under emulation (qemu-user through binfmt_misc,
    as tools/dev cross runs the arm builds), or None if it is for this CPU.
    Timing bounds meant for a real device are skipped then, saying why."""
    machines = {62: "x86_64", 183: "aarch64", 40: "arm"}
    try:
        with open(binary, "rb") as f:
            head = f.read(20)
    except OSError:
        return None
    target = machines.get(int.from_bytes(head[18:20], "little"), "another CPU")
    here = os.uname().machine
    if target == here or (target == "arm" and here.startswith("arm")):
        return None
    return "%s binary on %s: runs under qemu-user emulation" % (target, here)


def timing_bound(test):
    """For a test whose time bounds are meant for real hardware: under
    qemu-user emulation (tools/dev cross) it is skipped, saying why. Natively
    it runs as it is, bounds and all."""
    @functools.wraps(test)
    def run(self):
        why = emulated(shutil.which(KIOSKCTL) or KIOSKCTL) or emulated(shutil.which(THREAD) or THREAD)
        if why:
            print("%s: its time bounds are skipped under emulation (%s)" % (test.__name__, why))
            self.skipTest("skipped under emulation: " + why)
        return test(self)
    return run


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """carekiosk-receiver in a child process; stop() ends it."""

    def __init__(self, tmp, *extra, port=0, tls=None, db=None):
        self.db = db or os.path.join(tmp, "receiver.db")
        self.token_file = os.path.join(tmp, "receiver.tokens")
        self.log_path = os.path.join(tmp, "receiver-%d.log" % time.monotonic_ns())
        with open(self.token_file, "w") as f:
            f.write("# kiosks\n%s\n" % TOKEN)
        args = [RECEIVER, "--listen", "127.0.0.1:%d" % port, "--db", self.db,
                "--token-file", self.token_file, *extra]
        if tls:
            args += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (https?)://127\.0\.0\.1:(\d+)(/\S*)", line)
        if not m:
            self.proc.kill()
            raise AssertionError("receiver did not start: %r %s" % (line, self.log_text()))
        self.port = int(m.group(2))
        self.url = "%s://127.0.0.1:%d%s" % (m.group(1), self.port, m.group(3))

    def stop(self):
        """Ends the receiver; it must exit cleanly (the sanitizer build
        reports leaks and errors through the exit status)."""
        if self.log.closed:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        self.proc.stdout.close()
        self.log.close()
        if self.proc.returncode != 0:
            raise AssertionError("receiver exited with %d:\n%s" % (self.proc.returncode,
                                                                   self.log_text()[-3000:]))

    def stop_killed(self):
        """After the test SIGKILLed it: tidies up, expects no exit status."""
        self.proc.wait(timeout=15)
        self.proc.stdout.close()
        self.log.close()

    def alive(self):
        return self.proc.poll() is None

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def statuses(self, lead_id):
        """HTTP statuses this receiver answered for lead_id, in order."""
        return [int(m) for m in re.findall(r"POST \S+ (\d+) " + re.escape(lead_id), self.log_text())]

    def rows(self):
        """id -> answers (parsed) of every stored lead."""
        return {i: json.loads(a) for i, a in query(self.db, "SELECT id, answers FROM leads")}

    def post(self, body, headers=None, path="/leads", method="POST"):
        h = {"Content-Type": "application/json", "Authorization": "Bearer " + TOKEN}
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return r.status, r.getheader("Content-Type"), data
        finally:
            conn.close()


class Kiosk:
    """A kiosk's config and data folders, driven by kioskctl sync."""

    def __init__(self, tmp, url, token=TOKEN, ca_file=""):
        self.cfg = os.path.join(tmp, "kiosk-config")
        self.data = os.path.join(tmp, "kiosk-data")
        os.makedirs(self.cfg, exist_ok=True)
        self.token_file = os.path.join(tmp, "kiosk.token")
        self.set_token(token)
        self.set_url(url, ca_file)

    def set_url(self, url, ca_file=""):
        # A relative token_file is read from the config folder.
        upload = {"url": url, "token_file": "../kiosk.token", "ca_file": ca_file}
        with open(os.path.join(self.cfg, "kiosk.json"), "w") as f:
            json.dump({"device_name": "kiosk-test", "upload": upload}, f)

    def set_token(self, token):
        with open(self.token_file, "w") as f:
            f.write(token + "\n")

    def make_leads(self, n):
        out = subprocess.run([MAKE_LEADS, self.data, str(n)], capture_output=True, text=True,
                             check=True).stdout
        return out.split()

    def sync(self, timeout=10, env=None):
        e = dict(os.environ)
        e.setdefault("CAREKIOSK_TEST_BACKOFF_MS", "100")
        e.update(env or {})
        t0 = time.monotonic()
        p = subprocess.run([KIOSKCTL, "sync", "--config", self.cfg, "--data", self.data,
                            "--timeout", str(timeout)], capture_output=True, text=True,
                           env=e, timeout=timeout + 60)
        p.elapsed = time.monotonic() - t0
        # The sanitizer build reports through stderr (and may exit 1).
        if "Sanitizer" in p.stderr or "runtime error:" in p.stderr:
            raise AssertionError("kioskctl sync:\n" + p.stderr)
        return p

    def leads(self):
        """id -> (status, attempts, last_error, answers)."""
        with sqlite3.connect(os.path.join(self.data, "leads.db")) as c:
            return {r[0]: (r[1], r[2], r[3], json.loads(r[4])) for r in c.execute(
                "SELECT id, status, attempts, last_error, answers FROM leads")}

    def kv(self, key):
        with sqlite3.connect(os.path.join(self.data, "leads.db")) as c:
            r = c.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
            return r[0] if r else None


def query(db, sql):
    """Rows of sql in a receiver's database: a SQLite file or a PostgreSQL URL."""
    if db.startswith("postgresql:"):
        import pglib
        return pglib.query(db, sql)
    c = sqlite3.connect(db)
    try:
        with c:
            return c.execute(sql).fetchall()
    finally:
        c.close()


def sync_lines(proc):
    """{id: line} from kioskctl sync's stdout."""
    out = {}
    for line in proc.stdout.splitlines():
        out[line.split(" ", 1)[0]] = line
    return out


def tmpdir(test):
    d = tempfile.TemporaryDirectory(prefix="carekiosk-net-")
    test.addCleanup(d.cleanup)
    return d.name
