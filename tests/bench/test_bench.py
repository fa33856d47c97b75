#!/usr/bin/python3
"""tools/bench --quick prints every figure, each beside its floor and a ratio.

usage: test_bench.py TOOLS/BENCH PATH/TO/CAREKIOSK
The numbers are not checked against bounds (a shared machine is noisy), only
that each was measured: a count of samples above zero where there is one.
"""
import re
import subprocess
import sys

NUM = r"(\d+(?:\.\d+)?)"
RATIO = r"(\d+(?:\.\d+)?|-)"
SINGLE = {
    "first_frame_ms": rf"^first_frame_ms {NUM} floor {NUM} ratio {RATIO}$",
    "attract_cpu_pct": rf"^attract_cpu_pct {NUM} floor {NUM} ratio {RATIO}$",
    "home_cpu_pct": rf"^home_cpu_pct {NUM} floor {NUM} ratio {RATIO}$",
    "pss_kb": rf"^pss_kb {NUM} floor {NUM} ratio {RATIO}$",
    "anon_kb": rf"^anon_kb {NUM} floor {NUM} ratio {RATIO}$",
}
SAMPLED = ["tap_cold_ms", "tap_warm_ms", "fling_frame_ms"]
SIZES = ["1280x800", "1920x1080"]


def main():
    bench, kiosk = sys.argv[1], sys.argv[2]
    run = subprocess.run([bench, kiosk, "--quick"], capture_output=True, text=True, timeout=280)
    out = run.stdout
    sys.stdout.write(out)
    if run.returncode != 0:
        sys.exit(f"bench failed ({run.returncode}):\n{run.stderr}")
    lines = out.splitlines()
    bad = []
    for name, pattern in SINGLE.items():
        if not any(re.match(pattern, line) for line in lines):
            bad.append(f"no {name} line like {pattern}")
    for name in SAMPLED:
        for size in SIZES:
            pattern = (rf"^{name} {size} n (\d+) p50 {NUM} p99 {NUM} floor p50 {NUM} p99 {NUM}"
                       rf" ratio p50 {RATIO} p99 {RATIO}$")
            m = [re.match(pattern, line) for line in lines]
            m = [x for x in m if x]
            if len(m) != 1:
                bad.append(f"{len(m)} lines like {pattern}")
            elif int(m[0].group(1)) == 0:
                bad.append(f"{name} {size}: no samples")
    if bad:
        sys.exit("\n".join(bad) + "\n--- stderr:\n" + run.stderr[-3000:])
    print("every figure printed")


main()
