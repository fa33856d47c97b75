"""systemd's watchdog on the real kiosk (not headless: its real main loop,
on SDL's dummy video driver), with a fake NOTIFY_SOCKET this test reads:
READY=1 comes once the first frame is drawn, WATCHDOG=1 at half of
WATCHDOG_USEC while the loop turns (also on an idle screen, which otherwise
sleeps), STOPPING=1 at a clean exit; and with the test build's fault switch
(CAREKIOSK_FAULT_FREEZE_MS) the loop hangs and the heartbeats stop, which is
what makes systemd restart a frozen kiosk. Without NOTIFY_SOCKET the kiosk
sends nothing and runs as before (every other test)."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "net"))
from netlib import emulated  # noqa: E402

BIN = os.environ["KIOSK_BIN"]
SRC = os.environ["KIOSK_SRC"]
SLOW = emulated(BIN)
INTERVAL_US = 400000	# the kiosk beats every 200 ms


class Watchdog(unittest.TestCase):
    def setUp(self):
        if os.environ.get("KIOSK_HAVE_SYSTEMD") != "1":
            self.skipTest("built without libsystemd: no watchdog")
        self.tmp = tempfile.mkdtemp(prefix="carekiosk-wd-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.sock_path = os.path.join(self.tmp, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.addCleanup(self.sock.close)
        os.makedirs(os.path.join(self.tmp, "data"), mode=0o700)

    def start(self, **env):
        e = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                 NOTIFY_SOCKET=self.sock_path, WATCHDOG_USEC=str(INTERVAL_US))
        e.pop("WATCHDOG_PID", None)
        e.update(env)
        p = subprocess.Popen([BIN, "--windowed", "800x480", "--config",
                              os.path.join(SRC, "kiosk-config"), "--data",
                              os.path.join(self.tmp, "data")],
                             env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.stop, p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.kill()
        p.wait()
        p.stderr.close()

    def messages(self, seconds, first_only=False):
        """(time, datagram) for each received within seconds from now (or
        only until the first one, with first_only)."""
        out = []
        end = time.monotonic() + seconds
        while not (first_only and out):
            left = end - time.monotonic()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                out.append((time.monotonic(), self.sock.recv(4096).decode()))
            except socket.timeout:
                break
        return out

    def wait_ready(self):
        got = self.messages(90 if SLOW else 20, first_only=True)
        first = [m for _, m in got[:1]]
        self.assertTrue(first and first[0].startswith("READY=1"), "no READY=1 first: %r" % got)
        return got

    def beats(self, msgs):
        return [t for t, m in msgs if m == "WATCHDOG=1"]

    def test_ready_heartbeats_stopping(self):
        p = self.start()
        t_ready = time.monotonic()
        got = self.wait_ready()
        # The attract screen is idle; the loop still wakes for each heartbeat.
        got += self.messages(2.0)
        beats = self.beats(got)
        print("READY after %.2f s, then %d heartbeats in 2 s" % (got[0][0] - t_ready, len(beats)))
        self.assertLessEqual(len(beats), 12, "more heartbeats than every 200 ms")
        if SLOW:
            print("the heartbeat count bound is loosened under emulation (%s)" % SLOW)
        self.assertGreaterEqual(len(beats), 3 if SLOW else 7, got)
        gaps = [b - a for a, b in zip(beats, beats[1:])]
        self.assertLess(max(gaps), INTERVAL_US / 1e6, "a gap as long as systemd's whole interval")
        p.send_signal(signal.SIGTERM)
        rest = self.messages(5)
        self.assertEqual(p.wait(timeout=30), 0, p.stderr.read())
        self.assertIn("STOPPING=1", [m for _, m in rest])

    def test_frozen_loop_stops_heartbeats(self):
        if os.environ.get("KIOSK_TEST_FAULTS") != "1":
            self.skipTest("built without KIOSK_TEST_FAULTS: no fault switch")
        p = self.start(CAREKIOSK_FAULT_FREEZE_MS="1000")
        got = self.wait_ready()
        got += self.messages(4.0)
        beats = self.beats(got)
        self.assertGreaterEqual(len(beats), 2, got)
        self.assertIn("STATUS=test fault: the main loop is frozen", [m for _, m in got])
        # Nothing after the freeze, though the process is still there: the
        # silence systemd turns into a restart after WatchdogSec.
        last = max(t for t, _ in got)
        silent = self.messages(2.0)
        self.assertEqual(silent, [], "heartbeats from a frozen loop")
        self.assertIsNone(p.poll(), "the frozen kiosk exited by itself")
        print("%d heartbeats, then none for %.1f s while the process lives"
              % (len(beats), time.monotonic() - last))

    def test_no_socket_no_messages(self):
        p = self.start(NOTIFY_SOCKET="")
        self.assertEqual(self.messages(3.0), [])
        self.assertIsNone(p.poll(), "the kiosk did not keep running")


if __name__ == "__main__":
    unittest.main()
