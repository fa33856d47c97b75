"""Read-aloud, end to end through the real kiosk, with tests/e2e/fake-speech.sh
as the speech program (it writes what it is told to say to a file):
(a) Listen on home, a job preview, a quiz question, the form's name step
(never the typed name, nor keyboard keys), the review step (none of the
visitor's answers), and over the idle warning (only the dialog's words);
(b) the child is stopped (SIGTERM, then reaped) by a second tap, by a scene
change, by a tap on anything else, by the idle reset and when the kiosk
exits; (c) no Listen on attract or staff-free screens when the program is
missing (one line on stderr) or the command is empty; (d) a command with
shell signs is a config error with file:line.
Run only some: test_read_aloud.py test_stops"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
CONFIG = os.path.join(SRC, "kiosk-config")
FAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-speech.sh")
with open(os.path.join(CONFIG, "strings", "core.json"), encoding="utf-8") as f:
    CORE = json.load(f)
LISTEN = CORE["nav.listen"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def make_config(tmp, command):
    cfg = os.path.join(tmp, "config")
    shutil.copytree(CONFIG, cfg)
    path = os.path.join(cfg, "kiosk.json")
    with open(path, encoding="utf-8") as f:
        settings = json.load(f)
    settings["read_aloud"] = {"command": command}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(settings, f, indent=2)
    return cfg


class Speaking:
    """A kiosk whose speech program is fake-speech.sh, writing to out."""

    def __init__(self, size="800x480", sleep=None, command=None):
        self.tmp = tempfile.mkdtemp(prefix="kiosk-speech-")
        self.out = os.path.join(self.tmp, "said.txt")
        env = {"KIOSK_SPEECH_OUT": self.out}
        if sleep:
            env["KIOSK_SPEECH_SLEEP"] = str(sleep)
        cfg = make_config(self.tmp, FAKE if command is None else command)
        self.k = Kiosk(size=size, extra=("--config", cfg), env=env)

    def listen(self):
        """Taps Listen and returns what the program was given to say."""
        for f in (self.out, self.out + ".pid"):
            if os.path.exists(f):
                os.unlink(f)
        self.k.step(f'tap "{LISTEN}"')
        deadline = time.time() + 10
        while not os.path.exists(self.out) and time.time() < deadline:
            time.sleep(0.02)
        if not os.path.exists(self.out):
            return None
        with open(self.out, encoding="utf-8") as f:
            return f.read()

    def pid(self):
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with open(self.out + ".pid") as f:
                    return int(f.read())
            except (OSError, ValueError):
                time.sleep(0.02)
        return None

    def terms(self):
        try:
            with open(self.out + ".term") as f:
                return f.read().count("TERM")
        except OSError:
            return 0

    def listen_checked(self):
        ws = [w for w in self.k.dump()["widgets"] if w["text"] == LISTEN]
        return ws[0]["checked"] if ws else None

    def close(self):
        rc = self.k.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return rc

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def gone(pid):
    """True once pid has exited and been reaped (not even a zombie)."""
    return not os.path.exists(f"/proc/{pid}")


def wait_stopped(s, pid, terms, what):
    """The child got SIGTERM (one more than terms) and the kiosk reaped it
    (it polls on its ticks, so the virtual clock is moved on)."""
    deadline = time.time() + 10
    while time.time() < deadline and not (s.terms() > terms and gone(pid)):
        s.k.step("wait 250")
        time.sleep(0.05)
    check(s.terms() > terms, f"{what}: the speech program got no SIGTERM")
    check(gone(pid), f"{what}: the speech program (pid {pid}) is still there")


def lines(said):
    return [ln for ln in (said or "").split("\n") if ln]


def test_home_and_role():
    with Speaking() as s:
        tree = s.k.dump()
        check(not any(w["text"] == LISTEN for w in tree["widgets"]), "Listen on the attract screen")
        s.k.step('tap "Touch to start"')
        said = s.listen()
        check(said is not None, "home: nothing was said")
        ls = lines(said)
        check(ls[:1] == ["What would you like to do?"], f"home: the title is not first: {ls[:3]}")
        check("Explore care jobs." in ls and ls.count("Explore care jobs.") == 1,
              f"home: a tile's title missing or said twice: {ls}")
        check("See what a day is really like." in ls, f"home: a tile's line is missing: {ls}")
        check(not any(LISTEN in ln for ln in ls), f"home: Listen reads itself: {ls}")
        s.k.step('tap "Explore care jobs"')
        s.k.step('tap "Home care worker"')
        ls = lines(s.listen())
        check(ls[:1] == ["Home care worker."], f"role: the title is not first: {ls[:3]}")
        check("A day in the life." in ls, f"role: the page heading is missing: {ls}")
        check(any(ln.startswith("First call: Joan, 84.") for ln in ls), f"role: the day is missing: {ls}")
        check(ls[-2:] == ["Jobs.", "Home."], f"role: the bar's buttons are not last: {ls[-4:]}")
        check(not any(ln.strip(" .") == "" for ln in ls), f"role: an empty sentence: {ls}")


def test_quiz():
    with Speaking(size="1920x1080") as s:
        for label in ("Touch to start", "Try the care quiz", "Jess", "What would you do?"):
            s.k.step(f'tap "{label}"')
        options = [w["text"] for w in s.k.dump()["widgets"] if w["role"] in ("button", "list-item")
                   and w["y"] > 100 and w["text"] != LISTEN]
        said = s.listen() or ""
        check("Tell him he has to have a wash now." in said, f"quiz: an option is missing: {said!r}")
        for o in options:
            check(o in said, f"quiz: {o!r} not read")
        check(s.k.dump()["scene"] == "quiz", "quiz: Listen changed the screen")


def test_form_never_reads_answers():
    name = "Quillibert"
    with Speaking() as s:
        s.k.step('tap "Touch to start"')
        s.k.step('tap "Register your interest"')
        s.k.step('tap "Next"')
        s.k.step('expect "What is your name?"')
        s.k.step(f'type "{name}"')
        tree = s.k.dump()
        check(any(w["role"] == "key" for w in tree["widgets"]), "form: no on-screen keyboard to test with")
        check(any(w["role"] == "text-field" and w["text"] == name for w in tree["widgets"]),
              "form: the name was not typed")
        said = s.listen() or ""
        check("What is your name?" in said, f"form: the question is not read: {said!r}")
        check("First name." in said, f"form: a box's caption is not read: {said!r}")
        check(name not in said and name.lower() not in said.lower(), "form: the typed name was read aloud")
        keys = [w["text"] for w in tree["widgets"] if w["role"] == "key"]
        check(not any(ln.rstrip(".") in keys for ln in lines(said)),
              f"form: keyboard keys were read: {lines(said)}")
        check(lines(said)[:1] == ["Step 2 of 11."], f"form: progress is not first: {lines(said)[:2]}")
        check("Next." in lines(said)[-1:], f"form: Next is not last: {lines(said)[-3:]}")
        # On to the review: every answer is on screen, none is read.
        for st in ['key Return', 'type "Nguyen"', 'tap "Next"', 'type "07700 900123"', 'key Return',
                   'type "quill.testperson@example.com"', 'tap "Next"', 'type "ls1 4ap"', 'tap "Next"',
                   'tap "Home care worker"', 'tap "Next"', 'tap "Evenings"', 'tap "Part-time"',
                   'tap "No, I do not drive"', 'tap "Next"', 'tap "Yes"', 'tap "Next"',
                   'tap "At this event"', 'tap "Next"', 'tap "Any time"', 'tap "Next"']:
            s.k.step(st)
        consent = [w for w in s.k.dump()["widgets"] if w["role"] == "checkbox"][0]
        s.k.step('tap %d %d' % (consent["x"] + 20, consent["y"] + consent["h"] // 2))
        s.k.step('tap "Next"')
        s.k.step('expect "Check your answers"')
        s.k.step(f'expect "{name} Nguyen"')
        said = s.listen() or ""
        check("Check your answers" in said, f"review: the title is not read: {said!r}")
        for secret in (name, "Nguyen", "07700", "900123", "quill.testperson", "LS1 4AP", "Evenings",
                       "At this event"):
            check(secret not in said, f"review: the visitor's answer {secret!r} was read aloud")


def test_idle_dialog():
    with Speaking() as s:
        s.k.step('tap "Touch to start"')
        s.k.step('tap "Explore care jobs"')
        s.k.step("wait 61000")
        s.k.step(f'expect "{CORE["idle.title"]}"')
        said = s.listen() or ""
        ls = lines(said)
        check(ls[:1] == [CORE["idle.title"]], f"idle: the dialog's title is not first: {ls}")
        check(any("go back to the start" in ln for ln in ls), f"idle: the message is missing: {ls}")
        check(ls[-1:] == [CORE["idle.stay"] + "."], f"idle: the button is not read last: {ls}")
        check(not any("Explore" in ln or "Home" == ln.rstrip(".") for ln in ls),
              f"idle: the screen under the dialog was read: {ls}")
        s.k.step(f'expect "{CORE["idle.title"]}"')  # Listen did not answer the dialog


def test_stops():
    # A second tap stops it.
    with Speaking(sleep=30) as s:
        s.k.step('tap "Touch to start"')
        check(s.listen() is not None, "stop: nothing said")
        pid = s.pid()
        check(s.listen_checked() is True, "stop: Listen does not show that it is speaking")
        s.k.step(f'tap "{LISTEN}"')
        wait_stopped(s, pid, 0, "second tap")
        check(s.listen_checked() is False, "stop: Listen still shows speaking after the stop")
        # A scene change stops it.
        s.k.step('tap "Explore care jobs"')
        s.k.step('tap "Home care worker"')
        s.listen()
        pid, terms = s.pid(), s.terms()
        s.k.step('tap "Jobs"')
        s.k.step("expect-scene roles")
        wait_stopped(s, pid, terms, "scene change")
        # A tap on anything else stops it (the screen is about to change).
        s.k.step('tap "Home care worker"')
        s.listen()
        pid, terms = s.pid(), s.terms()
        s.k.step('tap "Next"')
        s.k.step("expect-scene role")
        wait_stopped(s, pid, terms, "Next within a job preview")
        # The idle reset stops it.
        s.listen()
        pid, terms = s.pid(), s.terms()
        s.k.step("wait 80000")
        s.k.step("expect-scene attract")
        wait_stopped(s, pid, terms, "idle reset")
        # Exit stops it.
        s.k.step('tap "Touch to start"')
        s.listen()
        pid = s.pid()
        terms = s.terms()
        rc = s.k.close()
        check(rc == 0, f"exit: kiosk exited {rc}")
        check(s.terms() > terms, "exit: the speech program got no SIGTERM")
        check(gone(pid), f"exit: the speech program (pid {pid}) outlived the kiosk")


def run_once(cmd, command):
    tmp = tempfile.mkdtemp(prefix="kiosk-speech-")
    try:
        cfg = make_config(tmp, command)
        data = os.path.join(tmp, "data")
        r = subprocess.run([os.environ["KIOSK_BIN"], "--headless", "--windowed", "800x480",
                            "--config", cfg, "--data", data, "--script", "-"],
                           input=cmd, capture_output=True, text=True, timeout=60)
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_off():
    steps = 'tap "Touch to start"\ndump\ntap "Explore care jobs"\ndump\n'
    r = run_once(steps, "/nonexistent/speaker -v en")
    dumps = [json.loads(ln) for ln in r.stdout.splitlines() if ln.startswith("{")]
    check(r.returncode == 0 and len(dumps) == 2, f"missing program: kiosk failed {r.returncode} {r.stderr}")
    check(all(not any(w["text"] == LISTEN for w in d["widgets"]) for d in dumps),
          "missing program: Listen is still shown")
    errs = [ln for ln in r.stderr.splitlines() if "Listen" in ln]
    check(len(errs) == 1 and "not found" in errs[0], f"missing program: want one line, got {r.stderr!r}")
    r = run_once(steps, "")
    dumps = [json.loads(ln) for ln in r.stdout.splitlines() if ln.startswith("{")]
    check(r.returncode == 0 and dumps and all(not any(w["text"] == LISTEN for w in d["widgets"])
                                              for d in dumps), "empty command: Listen is shown")
    check("Listen" not in r.stderr, f"empty command: a message when none is wanted: {r.stderr!r}")
    r = run_once(steps, "espeak-ng | tee /tmp/said")
    check(r.returncode == 2 and 'kiosk.json:' in r.stderr and '"command"' in r.stderr,
          f"a command with a pipe: want exit 2 and file:line, got {r.returncode} {r.stderr!r}")


TESTS = [test_home_and_role, test_quiz, test_form_never_reads_answers, test_idle_dialog, test_stops,
         test_off]

if __name__ == "__main__":
    want = sys.argv[1:]
    for t in TESTS:
        if not want or t.__name__ in want:
            t()
    if failures:
        print(f"{len(failures)} problem(s)")
        sys.exit(1)
    print("read-aloud: ok")
