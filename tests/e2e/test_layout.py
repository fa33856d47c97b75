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
    "quiz-scene": ["Try the care quiz", "Jess"],
    "quiz-scene-long": ["Try the care quiz", "Marek"],
    "quiz-question": ["Try the care quiz", "Jess", "What would you do?"],
    "quiz-feedback": ["Try the care quiz", "Jess", "What would you do?",
                      "Ask him why, and listen to what he says."],
    "quiz-result": ["Try the care quiz", "Jess",
                    "What would you do?", "Tell him he has to have a wash now.", "Next",
                    "To warm up the bathroom and get his towel ready.", "Next",
                    "Write in his notes that he said no, and why.", "Next",
                    "What would you do?",
                    "Call the office so they can tell Mrs Hill I am on my way.", "Next",
                    "Say sorry, and that I was helping someone in an emergency.", "Next",
                    "Write in her notes what time I came, and why.", "Next",
                    "What would you do?", "Believe her and move on.", "Next",
                    "Guess, and hand her the tablets anyway.", "Next",
                    "Write down what happened with the tablets, and the advice.", "Next",
                    "What would you do?", "Look at it and ask him a question or two about it.",
                    "Next", "Say when I will be back, and ask to see more photos then.", "Next",
                    "Ask if he would like to hear about local clubs or groups.",
                    "See what your answers say"],
    "quiz-result-jobs": ["Try the care quiz", "Jess",
                         "What would you do?", "Tell him he has to have a wash now.", "Next",
                         "To warm up the bathroom and get his towel ready.", "Next",
                         "Write in his notes that he said no, and why.", "Next",
                         "What would you do?",
                         "Call the office so they can tell Mrs Hill I am on my way.", "Next",
                         "Say sorry, and that I was helping someone in an emergency.", "Next",
                         "Write in her notes what time I came, and why.", "Next",
                         "What would you do?", "Believe her and move on.", "Next",
                         "Guess, and hand her the tablets anyway.", "Next",
                         "Write down what happened with the tablets, and the advice.", "Next",
                         "What would you do?",
                         "Look at it and ask him a question or two about it.", "Next",
                         "Say when I will be back, and ask to see more photos then.", "Next",
                         "Ask if he would like to hear about local clubs or groups.",
                         "See what your answers say", "Jobs that suit you"],
    "form": ["Register your interest"],
    # The form: a name typed with on-screen keys, then a step at a time.
    "form-name-keyboard": ["Register your interest", "Next"],
    "form-name-errors": ["Register your interest", "Next", "Next"],
    "form-contact-phone-pad": ["Register your interest", "Next", "Z", "o", "e", "Done",
                               "T", "e", "s", "t", "Done", "Next"],
    "form-contact-email-keyboard": ["Register your interest", "Next", "Z", "o", "e", "Done",
                                    "T", "e", "s", "t", "Done", "Next",
                                    "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3", "Done"],
    "form-roles": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e", "s", "t",
                   "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3", "Done",
                   "Next", "L", "S", "1", "Space", "4", "A", "P", "Next"],
    "form-availability-error": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e",
                                "s", "t", "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0",
                                "1", "2", "3", "Done", "Next", "L", "S", "1", "Space", "4", "A",
                                "P", "Next", "Home care worker", "Next", "Next"],
    "form-benefits": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e", "s", "t",
                      "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3",
                      "Done", "Next", "L", "S", "1", "Space", "4", "A", "P", "Next",
                      "Home care worker", "Next", "Daytime", "Part-time", "No, I do not drive",
                      "Next"],
    "form-consent": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e", "s", "t",
                     "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3",
                     "Done", "Next", "L", "S", "1", "Space", "4", "A", "P", "Next",
                     "Home care worker", "Next", "Daytime", "Part-time", "No, I do not drive",
                     "Next", "No", "Next", "At this event", "Next", "Any time", "Next"],
    "form-review": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e", "s", "t",
                    "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3", "Done",
                    "Next", "L", "S", "1", "Space", "4", "A", "P", "Next", "Home care worker",
                    "Next", "Daytime", "Part-time", "No, I do not drive", "Next", "No", "Next",
                    "At this event", "Next", "Any time", "Next",
                    "Yes, the care academy can phone or email me about care jobs and courses. "
                    "You need to tick this for us to contact you.", "Next"],
    "thanks": ["Register your interest", "Next", "Z", "o", "e", "Done", "T", "e", "s", "t",
               "Done", "Next", "0", "7", "7", "0", "0", "9", "0", "0", "1", "2", "3", "Done",
               "Next", "L", "S", "1", "Space", "4", "A", "P", "Next", "Home care worker", "Next",
               "Daytime", "Part-time", "No, I do not drive", "Next", "No", "Next",
               "At this event", "Next", "Any time", "Next",
               "Yes, the care academy can phone or email me about care jobs and courses. "
               "You need to tick this for us to contact you.", "Next", "Send"],
    "courses": ["Course dates"],
    "courses-work-academy": ["Course dates", "Work academy"],
    "course": ["Course dates", "Step into Care: two-week course, Tuesday 1 December 2026"],
    "course-info": ["Course dates", "Info sessions",
                    "Is care for me? Drop-in chat, Wednesday 9 December 2026"],
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
