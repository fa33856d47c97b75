"""Memory per language (issue 16), through the real kiosk at 800x480:
a walk through every visitor screen in English, then in Polish, Română,
العربية and اردو in the same kiosk, each visit ended with Finish. Only the
fonts of the language on screen are mapped (/proc/PID/maps: Noto Nastaliq
Urdu while Urdu is on screen, never Naskh with it, neither once the visit
has gone back to English; Noto Sans Arabic always, for the picker's
العربية and اردو), and PSS after all five walks is at most 8 MB more than
after the English walk (the bound is skipped under AddressSanitizer, whose
shadow memory is no kiosk's). Prints the figures README's performance
table gives."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import test_languages as L  # noqa: E402
from kiosk import Kiosk  # noqa: E402

check = L.check
SCRIPT_FONTS = {"ar": "NotoNaskhArabic", "ur": "NotoNastaliqUrdu"}


def rollup(pid):
    out = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            m = re.match(r"(\w+):\s+(\d+) kB", line)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def maps(pid):
    with open("/proc/%d/maps" % pid) as f:
        lines = f.read().splitlines()
    fonts = {os.path.basename(line.split()[-1]) for line in lines
             if line.endswith((".ttf", ".otf"))}
    return fonts, any("libasan" in line for line in lines)


def script_fonts(fonts):
    return {code for code, name in SCRIPT_FONTS.items() if any(f.startswith(name) for f in fonts)}


def main():
    with Kiosk("800x480") as k:
        pid = k.p.pid
        L.walk_in(k, "en")
        L.tap_name(k, "finish")
        k.step("expect-scene attract")
        english = rollup(pid)
        fonts, asan = maps(pid)
        check(not script_fonts(fonts), "English: no Arabic or Urdu text font: %r" % fonts)
        print("en: pss_kb %d anon_kb %d fonts %s" % (english["Pss"], english["Pss_Anon"],
                                                     sorted(fonts)))
        for code in ("pl", "ro", "ar", "ur"):
            L.walk_in(k, code)
            fonts, _ = maps(pid)
            want = {code} if code in SCRIPT_FONTS else set()
            check(script_fonts(fonts) == want, "%s on screen: the fonts mapped %r" %
                  (code, sorted(fonts)))
            L.tap_name(k, "finish")
            k.step("expect-scene attract")
            now = rollup(pid)
            fonts, _ = maps(pid)
            check(not script_fonts(fonts), "%s's visit over: its font closed: %r" %
                  (code, sorted(fonts)))
            print("%s: pss_kb %d anon_kb %d" % (code, now["Pss"], now["Pss_Anon"]))
        grew = (now["Pss"] - english["Pss"]) / 1024
        print("all five languages: PSS %+.1f MB over English alone (anon %+.1f MB)" %
              (grew, (now["Pss_Anon"] - english["Pss_Anon"]) / 1024))
        if asan:
            print("AddressSanitizer build: the 8 MB bound is not checked")
        else:
            check(grew <= 8, "PSS grew %.1f MB over English alone (at most 8)" % grew)
    if L.failures:
        print("%d failure(s)" % len(L.failures))
        sys.exit(1)
    print("all memory checks passed")


if __name__ == "__main__":
    main()
