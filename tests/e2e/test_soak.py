"""A kiosk runs for days without a restart: hundreds of visits through
every screen (a job preview, the quiz, course dates, the form typed into
and left, the idle reset) must not make it grow. Memory is read from
/proc after a warm-up and again at the end; caches have fixed budgets, so
anything more than a little slack is a leak or an unbounded cache."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

WARMUP, VISITS = 20, 100
SLACK_KB = 512

VISIT = ['tap "Touch to start"', 'tap "Explore care jobs"', 'tap "Home care worker"',
         'tap "Next"', 'tap "Next"', 'tap "Next"', 'tap "Home"',
         'tap "Try the care quiz"', 'tap "Jess"', 'tap "What would you do?"', 'tap "Home"',
         'tap "Course dates"', 'tap "Home"',
         'tap "Register your interest"', 'tap "Next"', 'type "Maisie"', 'key Return',
         'type "Testperson"', 'tap "Home"', 'tap "Leave"',
         'wait 61000', 'wait 16000', 'expect-scene attract']


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    with Kiosk("800x480") as k:
        for i in range(WARMUP + VISITS):
            if i == WARMUP:
                base = rss_kb(k.p.pid)
            for step in VISIT:
                k.step(step)
        end = rss_kb(k.p.pid)
    grew = end - base
    print(f"RSS after {WARMUP} visits {base} kB, after {WARMUP + VISITS} {end} kB "
          f"(+{grew} kB)")
    if grew > SLACK_KB:
        print(f"FAIL: the kiosk grew {grew} kB over {VISITS} visits (allowed {SLACK_KB} kB)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
