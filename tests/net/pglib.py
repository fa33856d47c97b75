"""A private PostgreSQL server for the receiver's tests: Debian's postgresql
package, initdb in a temporary folder as an unprivileged user (root runs it
as `nobody` through runuser), listening only on a Unix socket in that folder.
stop() ends it and removes the folder. No mock database."""
import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse

PORT = 5432  # only names the socket file: nothing listens on TCP
USER = "carekiosk"


def bindir():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    found = shutil.which("initdb")
    if not found:
        raise AssertionError("no initdb: install Debian's postgresql package (tools/setup test)")
    return os.path.dirname(found)


class Postgres:
    """One server; each test makes its own database on it (new_db)."""

    def __init__(self, fsync=True):
        self.bin = bindir()
        self.dir = tempfile.mkdtemp(prefix="carekiosk-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        self.fsync = fsync
        self.ndb = 0
        self.running = False
        # PostgreSQL refuses to run as root: hand the folder to nobody.
        self.as_user = []
        if os.geteuid() == 0:
            os.chown(self.dir, 65534, 65534)
            self.as_user = ["runuser", "-u", "nobody", "--"]
        atexit.register(self.stop)
        self._run("initdb", "-D", self.data, "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self.start()

    def _run(self, tool, *args):
        p = subprocess.run([*self.as_user, os.path.join(self.bin, tool), *args],
                           capture_output=True, text=True, cwd=self.dir)
        if p.returncode != 0:
            raise AssertionError("%s failed: %s%s\n%s" % (tool, p.stdout, p.stderr, self.log_text()))
        return p.stdout

    def start(self):
        opts = "-k %s -c listen_addresses='' -p %d -c fsync=%s -c max_connections=120" % (
            self.dir, PORT, "on" if self.fsync else "off")
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "30", "-o", opts, "start")
        self.running = True

    def stop(self, mode="fast"):
        """Stops the server (kept on disk; start() again)."""
        if self.running:
            self._run("pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")
            self.running = False

    def restart(self):
        self.stop()
        self.start()

    def destroy(self):
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self):
        try:
            with open(self.log) as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def url(self, db):
        q = urllib.parse.urlencode({"host": self.dir, "port": PORT, "user": USER})
        return "postgresql:///%s?%s" % (db, q)

    def new_db(self):
        """A fresh, empty database: its URL."""
        self.ndb += 1
        name = "t%d" % self.ndb
        query(self.url("postgres"), "CREATE DATABASE %s" % name)
        return self.url(name)


class OnPostgres:
    """A test case mixin: one private cluster for the class, a new database
    per test (new_db), the cluster removed after the class. Put it before
    unittest.TestCase in the bases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pg = Postgres(fsync=False)

    @classmethod
    def tearDownClass(cls):
        cls.pg.destroy()
        super().tearDownClass()

    def new_db(self):
        return self.pg.new_db()


def query(url, sql):
    """Rows of sql (each a tuple of str or None) in the database at url."""
    u = urllib.parse.urlparse(url)
    q = dict(urllib.parse.parse_qsl(u.query))
    p = subprocess.run(
        [os.path.join(bindir(), "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
         "-F", "\x1f", "-R", "\x1e", "-P", "null=\x1a", "-h", q["host"], "-p", q["port"],
         "-U", q["user"], "-d", u.path.lstrip("/"), "-c", sql],
        capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("psql %r: %s" % (sql, p.stderr))
    out = p.stdout.rstrip("\n")
    if not out:
        return []
    return [tuple(None if c == "\x1a" else c for c in r.split("\x1f"))
            for r in out.split("\x1e") if r.strip("\n")]


def wait_for(cond, timeout=30, what="condition"):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)
