"""Layout: every screen, at every supported size, keeps its text inside its
boxes, its widgets on screen, and its touch targets big enough to hit."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kiosk import Kiosk  # noqa: E402

SIZES = ["800x480", "1024x600", "1280x800", "1920x1080"]
# Routes from home to each screen: a list of labels to tap.
ROUTES = {
    "home": [],
    "roles": ["Explore care jobs"],
    "roles-nights": ["Explore care jobs", "Nights"],
    "role-day": ["Explore care jobs", "Home care worker"],
    "role-good-hard": ["Explore care jobs", "Home care worker", "Next"],
    "role-pay": ["Explore care jobs", "Home care worker", "Next", "Next"],
    "role-need": ["Explore care jobs", "Home care worker", "Next", "Next", "Next"],
    "role-ladder": ["Explore care jobs", "Home care worker"] + ["Next"] * 4,
    "role-reflect": ["Explore care jobs", "Home care worker"] + ["Next"] * 5,
    "quiz": ["Try the care quiz"],
    "form": ["Register your interest"],
    "courses": ["Course dates"],
}
MIN_TARGET_MM = 9.0
# The official 7" Pi screen is 800x480 over 154 mm: 5.2 px/mm at scale 1.
PX_PER_MM_AT_800 = 800 / 154.0


def check_screen(k, size, where, problems):
    tree = k.dump()
    w, h = tree["width"], tree["height"]
    scale = min(w / 800.0, h / 480.0)
    min_px = MIN_TARGET_MM * PX_PER_MM_AT_800 * scale
    for wd in tree["widgets"]:
        label = f'{size} {where}: {wd["role"]} "{wd["text"][:40]}"'
        if wd["overflow"]:
            problems.append(f"{label} text does not fit its box")
        if wd["x"] < 0 or wd["y"] < 0 or wd["x"] + wd["w"] > w or wd["y"] + wd["h"] > h:
            problems.append(f"{label} is off screen: {wd}")
        if wd["role"] in ("button", "checkbox", "list-item", "key") and wd["h"] < min_px * 0.98:
            problems.append(f"{label} is {wd['h']}px tall; a finger needs {min_px:.0f}px")


def main():
    problems = []
    for size in SIZES:
        for screen, route in ROUTES.items():
            with Kiosk(size) as k:
                k.step('tap "Touch to start"')
                for label in route:
                    k.step(f'tap "{label}"')
                check_screen(k, size, screen, problems)
        with Kiosk(size) as k:
            check_screen(k, size, "attract", problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
