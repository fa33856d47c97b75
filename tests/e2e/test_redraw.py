#!/usr/bin/python3
"""Drawing only what changed (src/platform/pf_dl.c) looks exactly like drawing
everything: the same steps run twice, once with damage-only frames and once
with CAREKIOSK_REDRAW=full, and every screenshot must match byte for byte, at
the smallest and a large screen, through an attract fade in small steps, a
pressed button, screen changes and a list dragged both ways. And the fade's
frames drew again only a small part of the screen (the `stats` step's
drawn_pct), where whole frames draw all of it."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

STEPS = [
    "wait 3300", "stats",
    *["wait 50"] * 20, "screenshot {p}-fade-out", "stats",
    *["wait 50"] * 10, "screenshot {p}-fade-in",
    'tap "Touch to start"', "screenshot {p}-home",
    'tap "Explore care jobs"', "screenshot {p}-jobs",
    "drag {cx} {low} {cx} {high}", "wait 40", "screenshot {p}-flung",
    "wait 2000", "screenshot {p}-settled",
    "drag {cx} {high} {cx} {low}", "wait 2000", "screenshot {p}-back",
    'tap "Back"', "screenshot {p}-home-again",
]


def run(size, mode):
    w, h = (int(v) for v in size.split("x"))
    env = {"CAREKIOSK_REDRAW": "full"} if mode == "full" else {}
    stats, shots = [], []
    with Kiosk(size=size, env=env) as k:
        for s in STEPS:
            line = s.format(p=f"redraw-{size}-{mode}", cx=w // 2, low=h * 7 // 8, high=h // 4)
            answer = k.step(line)
            if line == "stats":
                stats.append(answer)
            if line.startswith("screenshot"):
                shots.append(os.path.join(k.shots, line.split()[1] + ".png"))
    return stats, shots


def drawn_pct(line):
    m = re.search(r"\bframes (\d+) .* drawn_pct (\d+(?:\.\d+)?)$", line)
    assert m, f"no frames/drawn_pct in {line!r}"
    return int(m.group(1)), float(m.group(2))


def main():
    for size in ["800x480", "1280x800"]:
        part_stats, part = run(size, "damage")
        full_stats, full = run(size, "full")
        for a, b in zip(part, full):
            with open(a, "rb") as fa, open(b, "rb") as fb:
                assert fa.read() == fb.read(), f"{a} differs from {b} (drawn whole)"
        frames, pct = drawn_pct(part_stats[1])
        # 1 s of fading at the attract screen's 20 frames a second
        assert frames >= 15, f"{size}: only {frames} frames in the fade: {part_stats[1]}"
        assert pct < 30, f"{size}: the fade drew {pct}% of its frames again: {part_stats[1]}"
        _, full_pct = drawn_pct(full_stats[1])
        # Whole frames draw it all, except frames in which nothing changed
        # (measured 90-93 %): the damage-only fade must be far below that.
        assert full_pct > 75 and full_pct > 3 * pct, \
            f"{size}: whole frames drew only {full_pct}%: {full_stats[1]}"
        print(f"{size}: {len(part)} screenshots alike; the fade drew {pct}% again "
              f"(whole frames: {full_pct}%)")


main()
