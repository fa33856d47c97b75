"""Drives the real kiosk through `--script -`, one step and one answer at a time."""
import json
import os
import shutil
import subprocess
import sys
import tempfile


class StepFailed(Exception):
    pass


class Kiosk:
    def __init__(self, size="800x480", today="2026-11-23", extra=(), data=None, env=None):
        self.own_data = data is None
        self.data = data or tempfile.mkdtemp(prefix="kiosk-data-")
        self.shots = os.path.join(os.environ.get("KIOSK_OUT", "/tmp"), "shots", "py")
        os.makedirs(self.shots, exist_ok=True)
        args = [os.environ["KIOSK_BIN"], "--headless", "--windowed", size,
                "--config", os.path.join(os.environ["KIOSK_SRC"], "kiosk-config"),
                "--data", self.data, "--today", today, "--script", "-",
                "--screenshots", self.shots, *extra]
        e = dict(os.environ)
        e.update(env or {})
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True, encoding="utf-8", env=e)

    def step(self, line, may_fail=False):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        answer = self.p.stdout.readline().rstrip("\n")
        if answer.startswith("error:") and not may_fail:
            raise StepFailed(f"{line}: {answer}")
        return answer

    def dump(self):
        return json.loads(self.step("dump"))

    def close(self):
        if self.p.poll() is None:
            self.p.stdin.close()
            self.p.wait(timeout=30)
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)
        return self.p.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# For tests that run the build's other tools beside the kiosk (kioskctl,
# carekiosk-receiver) on the source's content: their paths, and a staff PIN.
SRC = os.environ.get("KIOSK_SRC", "")
BUILD = os.path.dirname(os.path.dirname(os.environ.get("KIOSK_BIN", "")))
KIOSKCTL = os.path.join(BUILD, "tools", "kioskctl")
RECEIVER = os.path.join(BUILD, "tools", "carekiosk-receiver")
ASSETS = os.path.join(SRC, "assets")
PIN = "2468"

# A script-style test's failures: check() records one and goes on; the
# test's main() reports them and exits 1 if there are any.
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def report(name):
    """The end of such a test: exit 1 with the count of failures, or say all
    went well."""
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print(name + ": all good")


def fake_stick(media):
    """A folder on another filesystem, linked in as media/KIOSKSTICK: to the
    kiosk it looks like a mounted USB stick (None if there is no other
    filesystem to use)."""
    base = os.stat(media).st_dev
    for cand in ("/dev/shm", "/run/shm", "/var/tmp"):
        if os.path.isdir(cand) and os.access(cand, os.W_OK) and os.stat(cand).st_dev != base:
            d = tempfile.mkdtemp(prefix="stick-", dir=cand)
            os.symlink(d, os.path.join(media, "KIOSKSTICK"))
            return d
    return None


def zbar(path):
    """The text of the QR code in an image, as zbarimg reads it ("" if none).
    Without zbarimg it raises: a test that reads codes fails rather than
    passing unchecked (tools/setup test installs zbar-tools)."""
    if not shutil.which("zbarimg"):
        raise StepFailed("zbarimg not found: tools/setup test installs zbar-tools")
    args = ["zbarimg", "--raw", "-q", path]
    if "--nodbus" in subprocess.run(["zbarimg", "--help"], capture_output=True,
                                    text=True).stdout:
        args.insert(1, "--nodbus")
    return subprocess.run(args, capture_output=True, text=True).stdout.strip()


def png_rows(path):
    """A screenshot's pixels: (width, height, channels, rows), each row the
    bytes of one line after PNG's filters (8-bit RGB or RGBA only)."""
    import struct
    import zlib
    with open(path, "rb") as f:
        data = f.read()
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", data[pos + 8:pos + 18])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    ch = {2: 3, 6: 4}[ctype]
    raw, stride = zlib.decompress(idat), w * ch
    prev, rows = bytearray(stride), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b, c = prev[i], prev[i - ch] if i >= ch else 0
            p = a + b - c
            pred = [0, a, b, (a + b) // 2,
                    a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                    else b if abs(p - b) <= abs(p - c) else c][f]
            line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return w, h, ch, rows
