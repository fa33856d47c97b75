"""Content files are read by the bundle loader alone: once each at start,
and never again while visitors walk every screen (job previews, the quiz,
the form, course dates, an idle reset back to the attract screen), unless a
file has changed, when the attract screen loads the bundle again.

An LD_PRELOAD shim (open_watch.c) logs every open under a copy of
kiosk-config/, so what is counted is what the process really opened."""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WALKS = ("roles", "quiz", "form", "courses", "idle", "leave")


def steps(name):
    with open(os.path.join(HERE, name + ".script"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def opened(log):
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def names(paths, root):
    """A short, readable list: up to six paths relative to the config."""
    rel = sorted({os.path.relpath(p, root) for p in paths})
    more = f" and {len(rel) - 6} more" if len(rel) > 6 else ""
    return ", ".join(rel[:6]) + more


def main():
    failures = []
    work = tempfile.mkdtemp(prefix="content-opens-")
    try:
        config = os.path.join(work, "kiosk-config")
        shutil.copytree(os.path.join(os.environ["KIOSK_SRC"], "kiosk-config"), config)
        for walk in WALKS:
            log = os.path.join(work, walk + ".log")
            env = {"LD_PRELOAD": os.environ["OPEN_WATCH_LIB"], "OPEN_WATCH_DIR": config,
                   "OPEN_WATCH_LOG": log,
                   # The shim is loaded before the sanitizer runtime in ASan builds.
                   "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") +
                   ":verify_asan_link_order=0"}
            with Kiosk(extra=("--config", config), env=env) as k:
                k.step("expect-scene attract")
                at_start = opened(log)
                if not at_start:
                    failures.append(f"{walk}: the shim saw no content file opened at "
                                    "start (is it loaded?)")
                twice = sorted({p for p in at_start if at_start.count(p) > 1})
                if twice:
                    failures.append(f"{walk}: opened more than once at start: "
                                    f"{names(twice, config)}")
                for s in steps(walk):
                    k.step(s)
                later = opened(log)[len(at_start):]
                if later:
                    failures.append(f"{walk}: content opened after start ({len(later)} "
                                    f"opens): {names(later, config)}")
            print(f"{walk}: {len(at_start)} files at start, "
                  f"{len(opened(log)) - len(at_start)} opens during the walk")

        # A changed courses.csv is read again, by the loader, at the attract screen.
        log = os.path.join(work, "changed.log")
        env = {"LD_PRELOAD": os.environ["OPEN_WATCH_LIB"], "OPEN_WATCH_DIR": config,
               "OPEN_WATCH_LOG": log,
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") +
               ":verify_asan_link_order=0"}
        with Kiosk(extra=("--config", config), env=env) as k:
            k.step("expect-scene attract")
            n0 = len(opened(log))
            k.step('tap "Touch to start"')
            csv = os.path.join(config, "courses.csv")
            with open(csv, "a", encoding="utf-8") as f:
                f.write("")
            later_time = time.time() + 5
            os.utime(csv, (later_time, later_time))
            # Leaving the visit starts a job (the counts are written): the
            # reload waits for it to end, so give it up to 10 s.
            k.step("key Escape")
            k.step("expect-scene attract")
            deadline = time.monotonic() + 10
            while csv not in opened(log)[n0:] and time.monotonic() < deadline:
                k.step("wait 100")
                time.sleep(0.05)
            k.step("expect-scene attract")
            again = opened(log)[n0:]
            if csv not in again:
                failures.append("changed courses.csv was not read again at the attract "
                                f"screen (opened: {names(again, config) or 'nothing'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
