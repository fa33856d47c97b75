"""Content files must be UTF-8 text with no NUL characters, whichever file
it is: `kioskctl check` and the kiosk itself name the file and line (and the
kiosk refuses to start, exit 2), and no message carries raw bytes or
terminal control codes from the file. A doubled backslash before u0000 is
plain text, and a UTF-8 byte order mark is allowed: both pass."""
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["KIOSK_BIN"]
SRC = os.environ["KIOSK_SRC"]
BUILD = os.path.dirname(os.path.dirname(BIN))
KIOSKCTL = os.environ.get("KIOSKCTL_BIN", os.path.join(BUILD, "tools", "kioskctl"))
CONFIG = os.path.join(SRC, "kiosk-config")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def replace(rel, old, new):
    """An edit: in file rel, the bytes old become new (on the line old is on)."""
    def edit(cfg):
        path = os.path.join(cfg, rel)
        data = open(path, "rb").read()
        assert old in data, (rel, old)
        line = data[:data.index(old)].count(b"\n") + 1
        open(path, "wb").write(data.replace(old, new, 1))
        return line
    return edit


CP1252 = "Touch to start \u2013 caf\u00e9".encode("cp1252")
# (what, file, edit, message after "file:line: " or None if it must pass)
CASES = [
    ("strings in Windows-1252", "strings/core.json",
     replace("strings/core.json", b'"Touch to start"', b'"' + CP1252 + b'"'),
     "this is not UTF-8 text (save the file as UTF-8)"),
    ("another strings file", "strings/staff.json",
     replace("strings/staff.json", b'{', b'{"_x": "\xff",'),
     "this is not UTF-8 text (save the file as UTF-8)"),
    ("keyboards.json in Windows-1252", "keyboards.json",
     replace("keyboards.json", b'"q", "w"', b'"\xe9", "w"'),
     "this is not UTF-8 text (save the file as UTF-8)"),
    ("a NUL escape in a string", "strings/core.json",
     replace("strings/core.json", b'"Touch to start"', b'"Touch\\u0000 to start"'),
     "text may not contain \\u0000 (a NUL character): take it out"),
    ("a NUL escape in a key", "form.json",
     replace("form.json", b'"privacy"', b'"priv\\u0000acy"'),
     "text may not contain \\u0000 (a NUL character): take it out"),
    ("a raw NUL byte in a string", "keyboards.json",
     replace("keyboards.json", b'"q", "w"', b'"q\x00", "w"'),
     "text may not contain \\u0000 (a NUL character): take it out"),
    ("a NUL in a role", "roles/home-care-worker.json",
     replace("roles/home-care-worker.json", b'"title": "', b'"title": "\\u0000'),
     "text may not contain \\u0000 (a NUL character): take it out"),
    ("a NUL in kiosk.json", "kiosk.json",
     replace("kiosk.json", b'"device_name": "', b'"device_name": "\\u0000'),
     "text may not contain \\u0000 (a NUL character): take it out"),
    ("a terminal escape in an unknown key", "kiosk.json",
     replace("kiosk.json", b'"device_name"', b'"\\u001b[2Jdevice_name"'),
     'unknown setting "?[2Jdevice_name"'),
    ("UTF-8 with Notepad's byte order mark is fine", "keyboards.json",
     replace("keyboards.json", b'{', b'\xef\xbb\xbf{'), None),
    ("a hidden file (a Mac's ._ copy) is not content, as in roles/", "strings/._core.json",
     lambda cfg: open(os.path.join(cfg, "strings", "._core.json"), "wb").write(
         b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe") and 0, None),
    ("a backslash before u0000 is text", "strings/core.json",
     replace("strings/core.json", b'"Touch to start"', b'"Touch \\\\u0000 to start"'),
     None),
]


def run_case(what, rel, edit, want):
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "kiosk-config")
        shutil.copytree(CONFIG, cfg)
        line = edit(cfg)
        path = os.path.join(cfg, rel)
        r = subprocess.run([KIOSKCTL, "check", "--config", cfg,
                            "--assets", os.path.join(SRC, "assets")],
                           capture_output=True, timeout=60)
        out = r.stdout.decode("utf-8", "replace")
        for raw in (r.stdout, r.stderr):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                check(False, f"{what}: kioskctl check printed bytes that are not UTF-8")
            check(not any(b < 0x20 and b not in (0x0a,) for b in raw),
                  f"{what}: kioskctl check printed a control character: {raw!r}")
        if want is None:
            check(r.returncode == 0, f"{what}: check should pass, got {r.returncode}: {out}")
            return
        # Strings files are named by their path, the others relative to the folder.
        names = (path, rel, os.path.basename(rel))
        hit = [ln for ln in out.splitlines()
               if any(ln == f"{n}:{line}: {want}" for n in names)]
        check(r.returncode == 1 and hit,
              f"{what}: want exit 1 and '{rel}:{line}: {want}', got {r.returncode}: {out!r}")
        with tempfile.TemporaryDirectory() as data:
            k = subprocess.run([BIN, "--headless", "--config", cfg, "--data", data,
                                "--script", "/dev/null"], capture_output=True, timeout=60)
        err = k.stderr.decode("utf-8", "replace")
        check(k.returncode == 2 and any(f"{n}:{line}: {want}" in err for n in names),
              f"{what}: the kiosk should refuse with exit 2 and the same line, got "
              f"{k.returncode}: {err!r}")


def main():
    for case in CASES:
        run_case(*case)
    print(f"{len(CASES)} cases, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
