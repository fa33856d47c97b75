"""The care quiz, end to end, through `dump`.

- Every character is played through, each with a different pattern of
  answers: every scene shows its narration, every question its options,
  every answer its feedback; the progress text and bar advance with each
  answer; nothing is cut off, off screen or too small to tap.
- The values profile on screen matches one worked out here, independently,
  from kiosk-config/quiz/ (each value's points as a share of the most the
  character allows, ties to the value listed first), and so do the
  sentences and the suggested jobs, which open their previews.
- Leaving midway (Home, Stop, Escape) keeps nothing: the character choice
  shows again, with no result, and a new start is at 0 answered.
- An idle reset mid-quiz (61 s, then the 15 s warning) goes to the attract
  screen and the quiz starts fresh; after a finished quiz it forgets the
  result too.
- After a finished quiz the data folder holds no trace of it.
"""
import glob
import json
import os
import shutil
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

CFG = os.path.join(os.environ["KIOSK_SRC"], "kiosk-config")


def load(*parts):
    with open(os.path.join(CFG, *parts), encoding="utf-8") as f:
        return json.load(f)


QUIZ = load("quiz", "values.json")
VALUES = QUIZ["values"]
CHARS = sorted((json.load(open(p, encoding="utf-8"))
                for p in glob.glob(os.path.join(CFG, "quiz", "characters", "*.json"))),
               key=lambda c: (c["order"], c["id"]))
ROLES = {r["id"]: r for r in (json.load(open(p, encoding="utf-8"))
                              for p in glob.glob(os.path.join(CFG, "roles", "*.json")))}
STR = load("strings", "quiz.json")
CORE = load("strings", "core.json")
KIOSK = load("kiosk.json")
MIN_TARGET_PX_AT_800 = 9.0 * 800 / 154.0
problems = []


def problem(msg):
    problems.append(msg)


def fmt(key, **kw):
    s = STR[key]
    for k, v in kw.items():
        s = s.replace("{" + k + "}", str(v))
    return s


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def tap(k, text):
    k.step(f'tap "{esc(text)}"')


def named(tree, name):
    return [w for w in tree["widgets"] if w.get("name") == name]


def has(tree, s):
    return any(s in w["text"] for w in tree["widgets"])


def questions(c):
    return [q for s in c["scenes"] for q in s["questions"]]


def profile(c, answers):
    """Scores 0..100, the two strongest value ids, the weakest, and the
    suggested role ids, from the files alone."""
    ids = [v["id"] for v in VALUES]
    total, most = dict.fromkeys(ids, 0), dict.fromkeys(ids, 0)
    for q, a in zip(questions(c), answers):
        for v in ids:
            most[v] += max(o["values"].get(v, 0) for o in q["options"])
            total[v] += q["options"][a]["values"].get(v, 0)
    score = {v: (200 * total[v] + most[v]) // (2 * most[v]) for v in ids}
    share = {v: Fraction(total[v], most[v]) for v in ids}
    # max()/min() keep the first of equals: values.json order breaks ties.
    strong = [max(ids, key=lambda v: share[v])]
    strong.append(max((v for v in ids if v not in strong), key=lambda v: share[v]))
    weak = min((v for v in ids if v not in strong), key=lambda v: share[v])
    a, b = (next(x["roles"] for x in VALUES if x["id"] == s) for s in strong)
    picks = []

    def take(upto):
        for r in [r for r in a if r in b] + [r for pair in zip(a + [None] * 4, b + [None] * 4)
                                             for r in pair if r]:
            if len(picks) < upto and r not in picks:
                picks.append(r)

    take(2)
    if c["role"] in picks:
        take(3)
    else:
        picks.append(c["role"])
    return score, strong, weak, picks


def check_screen(tree, where):
    """No overflow, nothing off screen, touch targets big enough."""
    W, H = tree["width"], tree["height"]
    min_px = MIN_TARGET_PX_AT_800 * min(W / 800.0, H / 480.0)
    for w in tree["widgets"]:
        label = f'{where}: {w["role"]} "{w["text"][:40]}"'
        if w["overflow"]:
            problem(f"{label} does not fit its box")
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            problem(f"{label} is off screen")
        if w["role"] == "button" and w["h"] < min_px * 0.98:
            problem(f"{label} is {w['h']}px tall; a finger needs {min_px:.0f}px")


def progress(tree, total, done, where):
    """The progress bar says `done` of `total`; returns how far it is filled."""
    bar = named(tree, "progress")
    want = fmt("quiz.progress", done=done, total=total)
    if not bar or bar[0]["text"] != want or bar[0]["role"] != "progress":
        problem(f"{where}: progress says {bar[0]['text'] if bar else None!r}, want {want!r}")
    elif (bar[0]["value"], bar[0]["max"]) != (done, total):
        problem(f"{where}: progress bar at {bar[0]['value']}/{bar[0]['max']}, want {done}/{total}")
    return bar[0]["value"] if bar else -1


def start(k):
    """From wherever the kiosk is to the character choice."""
    if k.dump()["scene"] != "home":
        k.step('tap "Home"', may_fail=True)
        k.step('tap "Touch to start"', may_fail=True)
    tap(k, CORE["home.quiz"])


def play(k, c, policy, where):
    """Plays c through from the choice screen; returns the answers."""
    tree = k.dump()
    if not [w for w in named(tree, c["id"]) if w["role"] == "button"]:
        problem(f"{where}: no card for {c['id']} on the choice screen")
    tap(k, c["name"])
    n = len(questions(c))
    answers, fill = [], -1
    for si, scene in enumerate(c["scenes"]):
        sw = f"{where} scene {si + 1}"
        tree = k.dump()
        check_screen(tree, sw)
        for line in scene["narration"] + [fmt("quiz.part", part=si + 1, parts=len(c["scenes"])),
                                          fmt("quiz.day_title", name=c["name"])]:
            if not has(tree, line):
                problem(f"{sw}: {line!r} is not on screen")
        progress(tree, n, len(answers), sw)
        tap(k, STR["quiz.to_questions"])
        for q in scene["questions"]:
            qw = f"{where} question {len(answers) + 1}"
            tree = k.dump()
            check_screen(tree, qw)
            if not has(tree, q["text"]):
                problem(f"{qw}: the question is not on screen")
            buttons = {w["text"] for w in tree["widgets"] if w["role"] == "button"}
            for o in q["options"]:
                if o["text"] not in buttons:
                    problem(f"{qw}: option {o['text']!r} is not a button")
            progress(tree, n, len(answers), qw)
            a = policy(len(answers), len(q["options"]))
            answers.append(a)
            tap(k, q["options"][a]["text"])
            tree = k.dump()
            check_screen(tree, qw + " feedback")
            for s in (STR["quiz.you_chose"], q["options"][a]["text"], q["options"][a]["feedback"]):
                if not has(tree, s):
                    problem(f"{qw} feedback: {s!r} is not on screen")
            now = progress(tree, n, len(answers), qw + " feedback")
            if now <= fill:
                problem(f"{qw} feedback: the progress bar did not grow ({fill} -> {now})")
            fill = now
            tap(k, STR["quiz.next"] if len(answers) < n else STR["quiz.finish"])
    return answers


def check_result(k, c, answers, where):
    """The profile, sentences and jobs on screen; returns the role ids."""
    score, strong, weak, roles = profile(c, answers)
    tree = k.dump()
    if tree["scene"] != "quiz-result":
        problem(f"{where}: expected the result, got {tree['scene']}")
        return []
    check_screen(tree, where + " values")
    byid = {v["id"]: v for v in VALUES}
    for v in VALUES:
        want = fmt("quiz.result.bar", value=v["name"], score=score[v["id"]])
        got = [w["text"] for w in named(tree, "value-" + v["id"])]
        if got != [want]:
            problem(f"{where}: bar {v['id']} says {got}, want {want!r}")
    for v, key in ((strong[0], "high"), (strong[1], "high"), (weak, "grow")):
        s = STR["quiz.result.sentence"].replace("{value}", byid[v]["name"]).replace(
            "{text}", byid[v][key])
        if not has(tree, s):
            problem(f"{where}: {s!r} is not on screen")
    if not has(tree, QUIZ["intro"]):
        problem(f"{where}: the intro is not on screen")
    tap(k, STR["quiz.result.jobs"])
    tree = k.dump()
    check_screen(tree, where + " jobs")
    cards = [w["name"] for w in tree["widgets"] if w["role"] == "button" and w.get("name") in ROLES]
    if cards != roles:
        problem(f"{where}: suggested jobs {cards}, want {roles}")
    for r in roles:
        if not has(tree, ROLES[r]["title"]):
            problem(f"{where}: job title {ROLES[r]['title']!r} is not on screen")
    if not has(tree, QUIZ["closing"]):
        problem(f"{where}: the closing words are not on screen")
    return roles


def test_every_character():
    for size in ("800x480", "1920x1080"):
        chars = CHARS if size == "800x480" else CHARS[-1:]
        with Kiosk(size) as k:
            k.step('tap "Touch to start"')
            for i, c in enumerate(chars):
                where = f"{size} {c['id']}"
                start(k)
                if i and not has(k.dump(), STR["quiz.choose.again"]):
                    problem(f"{where}: no way back to the last result on the choice screen")
                answers = play(k, c, lambda n, m, i=i: (n * (i + 1) + i) % m, where)
                roles = check_result(k, c, answers, where)
                if roles:
                    k.step(f'tap "{esc(ROLES[roles[0]]["title"])}"', may_fail=True)
                    tree = k.dump()
                    if tree["scene"] != "role" or not has(tree, ROLES[roles[0]]["title"]):
                        problem(f"{where}: the first job card did not open {roles[0]}")


def fresh_choice(k, where):
    """The character choice, with nothing of an earlier quiz."""
    tree = k.dump()
    if tree["scene"] != "quiz" or not has(tree, STR["quiz.choose.title"]):
        problem(f"{where}: expected the character choice, got {tree['scene']}")
    if has(tree, STR["quiz.choose.again"]) or named(tree, "progress"):
        problem(f"{where}: something of the last quiz is still there")
    tap(k, CHARS[0]["name"])
    progress(k.dump(), len(questions(CHARS[0])), 0, where + " (new start)")


def answer(k, c, count):
    tap(k, c["name"])
    for q in questions(c)[:count]:
        if has(k.dump(), STR["quiz.to_questions"]):
            tap(k, STR["quiz.to_questions"])
        tap(k, q["options"][0]["text"])
        tap(k, STR["quiz.next"])


def test_leave_midway():
    c = CHARS[0]
    with Kiosk("800x480") as k:
        k.step('tap "Touch to start"')
        for how in ('tap "Home"', 'tap "Stop"', "key Escape"):
            start(k)
            answer(k, c, 4)
            k.step(how)
            if how == 'tap "Home"':
                if k.dump()["scene"] != "home":
                    problem("Home midway did not go home")
                tap(k, CORE["home.quiz"])
            fresh_choice(k, f"after {how} midway")
            k.step('tap "Home"')


def test_idle_reset():
    idle, warn = KIOSK["idle"]["timeout_s"] * 1000, KIOSK["idle"]["warning_s"] * 1000
    c = CHARS[1]
    with Kiosk("800x480") as k:
        k.step('tap "Touch to start"')
        start(k)
        answer(k, c, 2)
        k.step(f"wait {idle + 1000}")
        if not has(k.dump(), CORE["idle.title"]):
            problem("mid-quiz: no idle warning after a minute")
        k.step(f"wait {warn}")
        if k.dump()["scene"] != "attract":
            problem("mid-quiz: the idle reset did not go to the attract screen")
        k.step('tap "Touch to start"')
        tap(k, CORE["home.quiz"])
        fresh_choice(k, "after an idle reset mid-quiz")
        # A finished quiz is forgotten by an idle reset too.
        k.step('tap "Stop"')
        play(k, c, lambda n, m: 0, "finished, then idle")
        k.step(f"wait {idle + warn + 1000}")
        k.step('tap "Touch to start"')
        tap(k, CORE["home.quiz"])
        fresh_choice(k, "after an idle reset with a finished quiz")


def files_containing(root, needles):
    hits = []
    for d, _, files in os.walk(root):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            hits += [(f, n) for n in needles if n.encode("utf-8") in data]
    return hits


def test_nothing_on_disk():
    data = tempfile.mkdtemp(prefix="kiosk-quiz-data-")
    try:
        c = CHARS[-1]
        k = Kiosk("800x480", data=data)
        k.step('tap "Touch to start"')
        start(k)
        answers = play(k, c, lambda n, m: (n + 1) % m, "on disk")
        score, strong, weak, roles = profile(c, answers)
        byid = {v["id"]: v["name"] for v in VALUES}
        summary = fmt("quiz.summary", name=c["name"], value1=byid[strong[0]],
                      value2=byid[strong[1]])
        chosen = [q["options"][a]["text"] for q, a in zip(questions(c), answers)]
        needles = [summary, STR["quiz.summary"].split("{")[0]] + chosen
        if k.dump()["scene"] != "quiz-result":
            problem("on disk: the quiz did not finish")
        running = files_containing(data, needles)
        k.step('tap "Home"')
        k.close()
        after = files_containing(data, needles)
        if not any(os.scandir(data)):
            problem("on disk: the data folder is empty, so this test proves nothing")
        for f, n in running + after:
            problem(f"on disk: {f} holds {n!r} from the quiz")
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main():
    test_every_character()
    test_leave_midway()
    test_idle_reset()
    test_nothing_on_disk()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
