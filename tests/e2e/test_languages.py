"""Languages end to end, through the real kiosk:
(a) the attract screen's picker (one button per language, in its own name and
script) and a walk of every visitor screen in Polish and in Urdu at 800x480:
no English left in any string the language translates, nothing overflows,
screenshots to look at;
(b) the top bar's language button on every visitor screen opens the picker,
and a change of language mid-visit changes the screen in place;
(c) the idle reset and staff mode go back to the default language;
(d) a lead sent in Polish, its name typed on the Polish keyboard (ą ł ż), is
stored and exported intact with lang "pl";
(e) read-aloud is given each language's espeak-ng voice (the fake speech
program records its arguments);
(f) a sixth language is only a folder: a tiny test language in a temporary
config shows in the picker and on screen, English shows for each string it
lacks (never a key or a blank), it has no voice so no Listen button (one log
line says why), and `kioskctl check` reports its gaps as file:line.
Run only some: test_languages.py test_sixth"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

SRC = os.environ["KIOSK_SRC"]
BIN = os.environ["KIOSK_BIN"]
CONFIG = os.path.join(SRC, "kiosk-config")
LANG = os.path.join(CONFIG, "lang")
BUILD = os.path.dirname(os.path.dirname(BIN))
KIOSKCTL = os.environ.get("KIOSKCTL_BIN", os.path.join(BUILD, "tools", "kioskctl"))
FAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-speech.sh")
DATA_KEYS = {"id", "image", "time", "role", "roles", "settings", "values", "order", "min", "max",
             "kind", "type", "keyboard", "required", "pa_roles", "programme", "programmes_id",
             "url", "value", "ids"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def strings(code):
    """Every visitor string of a language (English: the top-level files)."""
    base = CONFIG if code == "en" else os.path.join(LANG, code)
    out = {}
    for f in sorted(os.listdir(os.path.join(base, "strings"))):
        if f.endswith(".json") and f != "staff.json":
            out.update({k: v for k, v in load(os.path.join(base, "strings", f)).items()
                        if not k.startswith("_")})
    return out


def english_words(code):
    """The English texts a language translates differently: none may show."""
    words = set()

    def walk(en, tr, key):
        if isinstance(en, dict) and isinstance(tr, dict):
            for k in en:
                if not k.startswith("_") and k in tr:
                    walk(en[k], tr[k], k)
        elif isinstance(en, list) and isinstance(tr, list):
            for a, b in zip(en, tr):
                walk(a, b, key)
        elif isinstance(en, str) and key not in DATA_KEYS and en != tr and len(en) > 1:
            words.add(en)
    own = set()

    def texts(doc):
        if isinstance(doc, dict):
            for v in doc.values():
                texts(v)
        elif isinstance(doc, list):
            for v in doc:
                texts(v)
        elif isinstance(doc, str):
            own.add(doc)
    base = os.path.join(LANG, code)
    for root, _, files in os.walk(base):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), base)
            en = os.path.join(CONFIG, rel)
            if f.endswith(".json") and os.path.isfile(en) and f != "keyboards.json":
                tr = load(os.path.join(base, rel))
                walk(load(en), tr, "")
                texts(tr)
    # Names the language writes as English does ("Step into Care").
    words -= own
    # The keyboard's words (its letters are not words).
    words |= {"Space", "Done", "Backspace"}
    return words


def content(code, *rel):
    """A content file as a language has it (English: the top-level files)."""
    return load(os.path.join(CONFIG if code == "en" else os.path.join(LANG, code), *rel))


def by_name(tree, name):
    return [w for w in tree["widgets"] if w.get("name") == name]


def tap_name(k, name):
    w = by_name(k.dump(), name)
    check(len(w) == 1, "one widget named %r on %s" % (name, k.dump()["scene"]))
    if w:
        k.step("tap %d %d" % (w[0]["x"] + w[0]["w"] // 2, w[0]["y"] + w[0]["h"] // 2))


def tap_text(k, text, role=None):
    ws = [w for w in k.dump()["widgets"] if w["text"] == text and (role is None or
                                                                   w["role"] == role)]
    check(ws, "a widget %r on %s" % (text, k.dump()["scene"]))
    if ws:
        w = ws[0]
        k.step("tap %d %d" % (w["x"] + w["w"] // 2, w["y"] + w["h"] // 2))


# When a dict, look() keeps each screen's widgets in it by (code, label):
# test_access.py compares the walks with and without larger text.
SCREENS = None


def look(k, code, label, english):
    """The screen now: no English the language translates, nothing overflows."""
    tree = k.dump()
    if SCREENS is not None:
        SCREENS[(code, label)] = tree["widgets"]
    for w in tree["widgets"]:
        check(w["text"] not in english, "%s %s: English %r left (%s)" %
              (code, label, w["text"], w.get("name", w["role"])))
        check(not w["overflow"], "%s %s: %r overflows" % (code, label, w["text"][:60]))
    k.step("screenshot lang-%s-%s" % (code, label))
    return tree


SIZES = ("800x480", "1280x800")
RTL = ("ar", "ur")


def choices_to_review(k, code):
    """The form's choice steps after the postcode, consent, on to the review."""
    form = content(code, "form.json")
    tap_text(k, content(code, "roles", "support-worker.json")["title"], "checkbox")
    tap_name(k, "next")
    for o in (form["availability"]["times"][0], form["availability"]["hours"][0],
              form["drives"][0]):
        tap_text(k, o["label"], "checkbox")
    tap_name(k, "next")
    for o in (form["benefits"][1], form["heard_from"][0], form["contact_time"][0]):
        tap_text(k, o["label"], "checkbox")
        tap_name(k, "next")
    tap_name(k, "consent_contact")
    tap_name(k, "next")


def to_thanks(k, code, label):
    """The rest of the form from its name step, typed with `type`, to thanks."""
    s = strings(code)
    k.step('type "Amina"')
    tap_name(k, "last_name")
    k.step('type "Testperson"')
    tap_name(k, "next")
    k.step('type "07700 900456"')
    k.step("key Return")
    k.step('type "amina.testperson@example.com"')
    tap_name(k, "next")
    k.step('type "LS8 2AB"')
    tap_name(k, "next")
    choices_to_review(k, code)
    k.step('expect "%s"' % s["form.review.title"])
    look(k, code, label + "review", english_words(code) if code != "en" else set())
    tap_name(k, "send")
    k.step("expect-scene thanks")
    look(k, code, label + "thanks", english_words(code) if code != "en" else set())


def mirrored(k, code, left, right, where):
    """Left to right, widget left is left of right; right to left, the other way."""
    tree = k.dump()
    a, b = by_name(tree, left), by_name(tree, right)
    check(a and b, "%s %s: %s and %s on screen" % (code, where, left, right))
    if a and b:
        ltr = a[0]["x"] + a[0]["w"] <= b[0]["x"]
        rtl = b[0]["x"] + b[0]["w"] <= a[0]["x"]
        check(rtl if code in RTL else ltr, "%s %s: %s is %s of %s (%r, %r)" % (
            code, where, left, "right" if code in RTL else "left", right, a[0], b[0]))


def larger_text(k, code):
    """Larger text on, from the top bar's language button."""
    tap_name(k, "language")
    tap_name(k, "access-larger")
    on = by_name(k.dump(), "access-larger")
    check(on and on[0]["checked"], "%s: larger text is on after a tap: %r" % (code, on))
    k.step("screenshot lang-%s-larger-picker" % code)
    tap_name(k, "lang-close")


def walk(code, size="800x480", larger=False):
    """Every visitor screen in one language, from the attract screen's picker:
    home, the job list and every page of one job, the quiz, the form to its
    thank-you screen, course dates; with larger text from home on when asked."""
    with Kiosk(size) as k:
        walk_in(k, code, size, larger)
        return k


def walk_in(k, code, size="800x480", larger=False):
    """walk() in a kiosk that is on its attract screen; ends on thank-you."""
    s = strings(code)
    english = english_words(code) if code != "en" else set()
    name = content(code, "lang", code, "language.json")["name"] if code == "en" else \
        load(os.path.join(LANG, code, "language.json"))["name"]
    label = ("" if size == "800x480" else size + "-") + ("larger-" if larger else "")
    tree = k.dump()
    picker = {w["name"]: w["text"] for w in tree["widgets"]
              if w.get("name", "").startswith("lang-")}
    check(picker.get("lang-" + code) == name, "%s: the picker says %r" % (code, picker))
    k.step("screenshot lang-%s-%sattract" % (code, label))
    tap_name(k, "lang-" + code)
    k.step("expect-scene home")
    k.step('expect "%s"' % s["home.title"])
    if larger:
        larger_text(k, code)
    look(k, code, label + "home", english)
    # Job previews: the list, and every page of one role.
    tap_text(k, s["home.explore"], "button")
    k.step("expect-scene roles")
    look(k, code, label + "roles", english)
    role = content(code, "roles", "home-care-worker.json")
    tap_text(k, role["title"], "button")
    k.step("expect-scene role")
    for page in range(6):
        look(k, code, "%srole-%d" % (label, page), english)
        if page == 1:
            mirrored(k, code, "page-back", "page-next", "role page 2")
        if page < 5:
            tap_name(k, "page-next")
    tap_name(k, "home")
    # The quiz: choose, a scene, a question.
    tap_text(k, s["home.quiz"], "button")
    k.step("expect-scene quiz")
    look(k, code, label + "quiz", english)
    grace = content(code, "quiz", "characters", "grace.json")
    tap_text(k, grace["name"], "button")
    look(k, code, label + "quiz-scene", english)
    tap_name(k, "next")
    look(k, code, label + "quiz-question", english)
    tap_name(k, "home")
    # The form, with its keyboard, and what a visitor may leave.
    tap_text(k, s["home.register"], "button")
    k.step("expect-scene form")
    look(k, code, label + "form-privacy", english)
    tap_name(k, "next")
    look(k, code, label + "form-name", english)
    mirrored(k, code, "first_name", "last_name", "the name step")
    tap_name(k, "home")
    look(k, code, label + "form-leave", english)     # the dialog: leave the form?
    tap_name(k, "leave")
    # Course dates: the list and one course, dates in the language.
    tap_text(k, s["home.courses"], "button")
    k.step("expect-scene courses")
    tree = look(k, code, label + "courses", english)
    items = [w for w in tree["widgets"] if w["role"] == "list-item"]
    check(items, "%s: courses listed" % code)
    weekdays = [s["courses.day.%d" % d] for d in range(7)]
    check(any(d in w["text"] for w in items for d in weekdays),
          "%s: course dates name the day in the language: %r" % (code, items[:1]))
    mirrored(k, code, "filter-all", "filter-" + content("en", "programmes.json")[
        "programmes"][0]["id"], "the filter chips") if by_name(tree, "filter-all") else None
    if items:
        k.step("tap %d %d" % (items[0]["x"] + items[0]["w"] // 2, items[0]["y"] + 20))
        k.step("expect-scene course")
        look(k, code, label + "course", english)
        when = [w["text"] for w in k.dump()["widgets"] if ":" in w["text"] and
                any(d in w["text"] for d in weekdays)]
        lrm = "\u200e" in "".join(when)
        check(lrm == (code in RTL), "%s: the course's times %s a left-to-right mark: %r"
              % (code, "have" if code in RTL else "have no", when))
    tap_name(k, "home")
    tap_text(k, s["home.register"], "button")
    tap_name(k, "next")
    to_thanks(k, code, label)


def test_walks():
    """Every language at both sizes."""
    for code in ("en", "pl", "ro", "ar", "ur"):
        for size in SIZES:
            print("-- walk", code, size)
            walk(code, size)


def test_picker_and_switch():
    """The top bar's button opens the picker on every visitor screen; a change
    applies in place; the idle reset goes back to English; staff mode too."""
    en, pl, ar = strings("en"), strings("pl"), strings("ar")
    with Kiosk("800x480") as k:
        names = [w["text"] for w in k.dump()["widgets"] if w.get("name", "").startswith("lang-")]
        check(names == ["English", "Polski", "العربية", "Română", "اردو"],
              "the attract row in order: %r" % names)
        check(not by_name(k.dump(), "language"), "no language button on attract")
        k.step('tap "%s"' % en["attract.start"])
        k.step("expect-scene home")
        for screen, key in (("roles", "home.explore"), ("quiz", "home.quiz"),
                            ("form", "home.register"), ("courses", "home.courses")):
            tap_text(k, en[key], "button")
            k.step("expect-scene " + screen)
            check(len(by_name(k.dump(), "language")) == 1, "a language button on " + screen)
            tap_name(k, "home")
        tap_name(k, "language")
        k.step('expect "%s"' % en["language.title"])
        tap_name(k, "lang-pl")
        k.step("expect-scene home")
        k.step('expect "%s"' % pl["home.title"])
        # Mid-form: the step changes language and keeps what was typed.
        tap_text(k, pl["home.register"], "button")
        tap_name(k, "next")
        k.step('type "Zofia"')
        tap_name(k, "language")
        tap_name(k, "lang-ar")
        k.step('expect "%s"' % ar["form.name.title"])
        fields = [w["text"] for w in k.dump()["widgets"] if w.get("name") == "first_name"]
        check(fields == ["Zofia"], "the name stays through a change of language: %r" % fields)
        # The idle reset: back to the attract screen, in English.
        k.step("wait 200000")
        k.step("expect-scene attract")
        k.step('expect "%s"' % en["attract.start"])
        k.step('tap "%s"' % en["attract.start"])
        k.step('expect "%s"' % en["home.title"])
        # Staff mode (held corner) is in the default language.
        k.step("key Escape")
        k.step("expect-scene attract")
        tap_name(k, "lang-pl")
        k.step("expect-scene home")
        k.step("key Escape")
        k.step("expect-scene attract")
        k.step('expect "%s"' % en["attract.start"])
        k.step("longpress 20 20 3500")
        k.step("expect-scene staff")
        check(not any(w["text"] == pl["nav.back"] for w in k.dump()["widgets"]),
              "staff mode is not in Polish")


def polish_key(k, c):
    """Types c with the on-screen Polish keyboard's keys only."""
    keys = {w["text"]: w for w in k.dump()["widgets"] if w["role"] == "key"}

    def tap(w):
        k.step("tap %d %d" % (w["x"] + w["w"] // 2, w["y"] + w["h"] // 2))
    if c in keys:
        return tap(keys[c])
    if c in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ":
        tap(keys["ąęł"])
        keys = {w["text"]: w for w in k.dump()["widgets"] if w["role"] == "key"}
        tap(keys[c])
        keys = {w["text"]: w for w in k.dump()["widgets"] if w["role"] == "key"}
        return tap(keys["abc"])
    tap(keys["Shift"])
    keys = {w["text"]: w for w in k.dump()["widgets"] if w["role"] == "key"}
    check(c in keys, "key %r after Shift" % c)
    tap(keys[c])


def test_polish_lead():
    """A lead in Polish, its name from the Polish keyboard, with lang "pl"."""
    pl = strings("pl")
    first, last = "Łucja", "Bąk-Żak"
    with Kiosk("800x480") as k:
        tap_name(k, "lang-pl")
        tap_text(k, pl["home.register"], "button")
        k.step("expect-scene form")
        tap_name(k, "next")
        for c in first:
            polish_key(k, c)
        tap_name(k, "last_name")
        for c in last:
            polish_key(k, c)
        k.step("screenshot lang-pl-keyboard")
        tap_name(k, "next")
        k.step('type "07700 900321"')
        k.step("key Return")
        k.step('type "lucja.testperson@example.com"')
        tap_name(k, "next")
        k.step('type "LS7 3JB"')
        tap_name(k, "next")
        choices_to_review(k, "pl")
        k.step('expect "%s"' % pl["form.review.title"])
        k.step('expect "%s %s"' % (first, last))
        k.step("screenshot lang-pl-review")
        tap_name(k, "send")
        k.step("expect-scene thanks")
        look(k, "pl", "thanks", english_words("pl"))
        db = sqlite3.connect(os.path.join(k.data, "leads.db"))
        rows = db.execute("SELECT lang, answers FROM leads").fetchall()
        db.close()
        check(len(rows) == 1 and rows[0][0] == "pl", "the lead's lang: %r" % rows)
        a = json.loads(rows[0][1]) if rows else {}
        check(a.get("first_name") == first and a.get("last_name") == last,
              "the name stored intact: %r %r" % (a.get("first_name"), a.get("last_name")))
        r = subprocess.run([KIOSKCTL, "export", "--format", "json", "--config", CONFIG,
                            "--data", k.data], capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, "kioskctl export: %s" % r.stderr)
        out = json.loads(r.stdout) if r.returncode == 0 else []
        lead = out[0] if isinstance(out, list) and out else {}
        check(lead.get("lang") == "pl", "export keeps lang: %r" % lead.get("lang"))
        check(first in r.stdout and last in r.stdout, "export keeps the Polish name")
        # The end of the visit goes back to English.
        tap_name(k, "finish")
        k.step("expect-scene attract")
        k.step('expect "%s"' % strings("en")["attract.start"])


def speaking_config(tmp):
    cfg = os.path.join(tmp, "config")
    shutil.copytree(CONFIG, cfg)
    path = os.path.join(cfg, "kiosk.json")
    settings = load(path)
    settings["read_aloud"] = {"command": FAKE + " -s 140"}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(settings, f, indent=2)
    return cfg


def test_voices():
    """Listen speaks with each language's voice from its language.json."""
    tmp = tempfile.mkdtemp(prefix="kiosk-lang-")
    try:
        out = os.path.join(tmp, "said.txt")
        cfg = speaking_config(tmp)
        with Kiosk("800x480", extra=("--config", cfg), env={"KIOSK_SPEECH_OUT": out}) as k:
            for code in ("en", "pl", "ro", "ar", "ur"):
                voice = load(os.path.join(LANG, code, "language.json"))["voice"]
                if k.dump()["scene"] != "attract":
                    tap_name(k, "language")
                tap_name(k, "lang-" + code)
                k.step("expect-scene home")
                tap_name(k, "listen")
                deadline = time.time() + 10
                while not os.path.exists(out) and time.time() < deadline:
                    time.sleep(0.02)
                with open(out + ".args", encoding="utf-8") as f:
                    args = f.read().split("\n")
                check(args[:4] == ["-s", "140", "-v", voice],
                      "%s: the speech program's arguments %r" % (code, args))
                with open(out, encoding="utf-8") as f:
                    said = f.read()
                check(strings(code)["home.title"] in said, "%s: reads %r" % (code, said[:80]))
                os.remove(out)
                # Let the fake program end by itself (a tap now could start
                # the same language again, racing the next one).
                with open(out + ".pid", encoding="utf-8") as f:
                    pid = int(f.read())
                deadline = time.time() + 10
                while time.time() < deadline:
                    try:
                        with open("/proc/%d/stat" % pid) as f:
                            if f.read().split(")")[-1].split()[0] == "Z":
                                break   # ended; the kiosk reaps it
                    except FileNotFoundError:
                        break
                    time.sleep(0.02)
                k.step("wait 200")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sixth_config(tmp):
    """The shipped config plus lang/xx: a name, no voice, two strings."""
    cfg = os.path.join(tmp, "config")
    shutil.copytree(CONFIG, cfg)
    xx = os.path.join(cfg, "lang", "xx")
    os.makedirs(os.path.join(xx, "strings"))
    meta = load(os.path.join(LANG, "pl", "language.json"))
    meta.update({"code": "xx", "name": "Testish", "english_name": "Test", "order": 6,
                 "voice": ""})
    with open(os.path.join(xx, "language.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False)
    with open(os.path.join(xx, "strings", "core.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "home.title": "Whät wöuld yöu like?",\n'
                '  "home.quiz": "",\n'
                '  "home.explore": "Explöre {job}",\n'
                '  "home.nonsense": "Nö"\n}\n')
    return cfg


def test_sixth_language():
    tmp = tempfile.mkdtemp(prefix="kiosk-lang-")
    try:
        en = strings("en")
        cfg = sixth_config(tmp)
        settings = load(os.path.join(cfg, "kiosk.json"))
        settings["read_aloud"] = {"command": FAKE}
        with open(os.path.join(cfg, "kiosk.json"), "w", encoding="utf-8") as f:
            json.dump(settings, f)
        log = os.path.join(tmp, "stderr.txt")
        args = [BIN, "--headless", "--windowed", "800x480", "--config", cfg, "--data",
                os.path.join(tmp, "data"), "--today", "2026-11-23", "--script", "-"]
        os.makedirs(os.path.join(tmp, "data"))
        with open(log, "w") as err:
            p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=err, text=True, encoding="utf-8",
                                 env=dict(os.environ, KIOSK_SPEECH_OUT=os.path.join(tmp, "s")))

            def step(line):
                p.stdin.write(line + "\n")
                p.stdin.flush()
                return p.stdout.readline().rstrip("\n")
            tree = json.loads(step("dump"))
            names = [w["text"] for w in tree["widgets"] if w.get("name", "").startswith("lang-")]
            check(names[-1:] == ["Testish"], "the sixth language in the picker: %r" % names)
            w = [w for w in tree["widgets"] if w.get("name") == "lang-xx"]
            if w:
                step("tap %d %d" % (w[0]["x"] + 5, w[0]["y"] + 5))
            tree = json.loads(step("dump"))
            texts = [w["text"] for w in tree["widgets"]]
            check("Whät wöuld yöu like?" in texts, "its own string on screen: %r" % texts[:4])
            check(en["home.quiz"] in texts, "an empty string shows in English")
            check(en["home.explore"] in texts, "other placeholders: English shown")
            check(en["home.register"] in texts, "a missing string shows in English")
            check(not any(t.startswith("home.") for t in texts), "no key on screen")
            check(not [w for w in tree["widgets"] if w.get("name") == "listen"],
                  "no Listen button without a voice")
            check([w for w in tree["widgets"] if w.get("name") == "language"],
                  "the language button is there")
            p.stdin.close()
            p.wait(timeout=30)
        with open(log, encoding="utf-8") as f:
            lines = [line for line in f if "no Listen" in line]
        check(len(lines) == 1 and "Test (xx)" in lines[0] and "voice" in lines[0],
              "one log line says why there is no Listen: %r" % lines)
        r = subprocess.run([KIOSKCTL, "check", "--config", cfg, "--assets",
                            os.path.join(SRC, "assets")], capture_output=True, text=True)
        out = r.stdout
        check(r.returncode == 0, "check passes with gaps in a translation: %s" % r.stderr)
        core = os.path.join(cfg, "lang", "xx", "strings", "core.json")
        want = ['%s:1: "home.register" is missing: English shown' % core,
                '%s:3: "home.quiz" is empty: English shown' % core,
                '%s:4: "home.explore" has other placeholders than English' % core,
                '%s:5: "home.nonsense" is not in the English file: not used' % core,
                'lang/xx/language.json:0: Testish (Test): not checked by a native speaker yet',
                'lang/xx/roles/home-care-worker.json:0: no translation of']
        for line in want:
            check(line in out, "kioskctl check says %r" % line)
        check("lang/pl/language.json:0: Polski (Polish): not checked" in out,
              "the shipped languages' review too")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_tests(tests, what):
    """Runs each test_* function in tests (a module's globals()), or only
    those whose names contain one of the command line's words; exits 1 after
    them all if any check failed."""
    only = sys.argv[1:]
    for name, fn in sorted(tests.items()):
        if name.startswith("test_") and callable(fn) and (not only or any(o in name for o in only)):
            print("==", name)
            fn()
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("all %s checks passed" % what)


def main():
    run_tests(globals(), "language")


if __name__ == "__main__":
    main()
