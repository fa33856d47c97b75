#!/usr/bin/env python3
"""The translations in kiosk-config/lang/<code>/ against the English content.

Each translated file must have the English file's shape: the same keys, the
same ids, arrays of the same length, the same non-text values (times, numbers,
image paths, value scores) and the same placeholders (%d, {month}) in every
text. Every language says who has checked it (empty until a native speaker
has), names a font that exists and can draw its text, and keeps to its
script's rules (Romanian comma-below letters, no Arabic presentation forms).
Fails with file and JSON path for each problem.
"""
import json
import os
import re
import subprocess
import sys
import unittest

TOP = os.environ.get("KIOSK_SOURCE_DIR",
                     os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIG = os.path.join(TOP, "kiosk-config")
LANG = os.path.join(CONFIG, "lang")
FONT_DIRS = [os.path.join(TOP, "assets", "fonts"), "/usr/share/fonts/truetype/noto"]
PLACEHOLDER = re.compile(r"%[ds]|\{[a-z_]+\}")
# Keys whose value is data, not words: kept as they are in every language.
DATA_KEYS = {"id", "image", "time", "role", "roles", "settings", "values", "order",
             "min", "max", "kind", "type", "keyboard", "required", "pa_roles",
             "programme", "programmes_id", "url", "value", "ids"}
# Grammar some languages need and English does not: the month after a day
# number ("3 marca", genitive in Polish; Romanian keeps one form but says so).
EXTRA_OK = re.compile(r"courses\.month_in_date\.([1-9]|1[0-2])$")

def languages():
    """The translations: every folder with a language.json but lang/en/, which
    names the files at the top of kiosk-config (English) and holds no others."""
    return sorted(d for d in os.listdir(LANG)
                  if d != "en" and os.path.isfile(os.path.join(LANG, d, "language.json")))

def english_counterpart(rel):
    return os.path.join(CONFIG, rel)

def translated_files(code):
    base = os.path.join(LANG, code)
    for root, _, files in os.walk(base):
        for f in files:
            # keyboards.json holds whole layouts (letters in the language's
            # script), not words in the English file's shape.
            if f.endswith(".json") and f not in ("language.json", "glossary.json",
                                                  "keyboards.json"):
                yield os.path.relpath(os.path.join(root, f), base)

def compare(en, tr, path, problems):
    """Walks both documents; appends 'path: problem' for every difference in shape."""
    if isinstance(en, dict):
        if not isinstance(tr, dict):
            problems.append(f"{path}: is not an object as in English")
            return
        for k in en:
            if k.startswith("_"):
                continue
            if k not in tr:
                problems.append(f"{path}/{k}: missing")
        for k in tr:
            if not k.startswith("_") and k not in en and not EXTRA_OK.match(k):
                problems.append(f"{path}/{k}: not in the English file")
        for k in en:
            if k in tr and not k.startswith("_"):
                compare(en[k], tr[k], f"{path}/{k}", problems)
    elif isinstance(en, list):
        if not isinstance(tr, list) or len(tr) != len(en):
            problems.append(f"{path}: {len(en)} items in English, "
                            f"{len(tr) if isinstance(tr, list) else 'not a list'} here")
            return
        for i, (a, b) in enumerate(zip(en, tr)):
            compare(a, b, f"{path}[{i}]", problems)
    elif isinstance(en, str):
        if not isinstance(tr, str):
            problems.append(f"{path}: is not text as in English")
            return
        key = path.rsplit("/", 1)[-1].split("[")[0]
        if key in DATA_KEYS:
            if tr != en:
                problems.append(f"{path}: data value changed ({en!r} -> {tr!r})")
            return
        if sorted(PLACEHOLDER.findall(en)) != sorted(PLACEHOLDER.findall(tr)):
            problems.append(f"{path}: placeholders differ from English "
                            f"({PLACEHOLDER.findall(en)} vs {PLACEHOLDER.findall(tr)})")
        if en.strip() and not tr.strip():
            problems.append(f"{path}: empty")
    else:
        if tr != en:
            problems.append(f"{path}: data value changed ({en!r} -> {tr!r})")

def texts(doc):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if not k.startswith("_") and k not in DATA_KEYS:
                yield from texts(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from texts(v)
    elif isinstance(doc, str):
        yield doc

def find_font(name):
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None

def font_coverage(path):
    """The set of code points the font maps, read from fc-query (fontconfig)."""
    out = subprocess.run(["fc-query", "--format=%{charset}", path],
                         capture_output=True, text=True, check=True).stdout
    cps = set()
    for part in out.split():
        a, _, b = part.partition("-")
        lo = int(a, 16)
        hi = int(b, 16) if b else lo
        cps.update(range(lo, hi + 1))
    return cps

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)

class Translations(unittest.TestCase):
    def test_there_are_four_languages_besides_english(self):
        self.assertEqual(languages(), ["ar", "pl", "ro", "ur"])

    def test_every_visitor_file_is_translated_in_the_english_shape(self):
        visitor = sorted(
            os.path.relpath(os.path.join(r, f), CONFIG)
            for r, _, fs in os.walk(CONFIG) for f in fs
            # programmes.json has no words: its names are strings keys.
            if f.endswith(".json") and f not in ("kiosk.json", "keyboards.json", "programmes.json")
            and not os.path.relpath(r, CONFIG).startswith("lang")
            and os.path.relpath(os.path.join(r, f), CONFIG) != os.path.join("strings", "staff.json"))
        for code in languages():
            with self.subTest(lang=code):
                have = set(translated_files(code))
                self.assertEqual(sorted(set(visitor) - have), [],
                                 f"lang/{code}: English files with no translation")
                problems = []
                for rel in sorted(have):
                    en = english_counterpart(rel)
                    if not os.path.isfile(en):
                        problems.append(f"lang/{code}/{rel}: no English file of that name")
                        continue
                    compare(load(en), load(os.path.join(LANG, code, rel)),
                            f"lang/{code}/{rel}", problems)
                self.assertEqual(problems, [], "\n".join(problems))

    def test_language_files_say_who_checked_them(self):
        for code in languages():
            with self.subTest(lang=code):
                meta = load(os.path.join(LANG, code, "language.json"))
                self.assertEqual(meta["code"], code)
                self.assertIn(meta["direction"], ("ltr", "rtl"))
                review = meta["review"]
                self.assertIn("checked_by", review)
                if not review["checked_by"]:
                    self.assertIn("not yet checked by a native speaker", review["note"])
                self.assertTrue(load(os.path.join(LANG, code, "glossary.json"))["terms"])

    def test_the_language_font_draws_every_character(self):
        for code in languages():
            with self.subTest(lang=code):
                meta = load(os.path.join(LANG, code, "language.json"))
                fonts = [find_font(meta["fonts"][w]) for w in ("regular", "bold")]
                self.assertNotIn(None, fonts, f"lang/{code}: font not found")
                # Latin names, programme names and numbers inside the text fall
                # back to the kiosk's own Noto Sans.
                have = font_coverage(fonts[0]) | font_coverage(find_font("NotoSans-Regular.ttf"))
                # Formatting marks (LRM, RLM, ZWJ, ZWNJ) are not drawn.
                marks = {0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069}
                missing = {}
                for rel in translated_files(code):
                    for t in texts(load(os.path.join(LANG, code, rel))):
                        for ch in t:
                            cp = ord(ch)
                            if cp not in have and cp not in marks and cp > 0x20:
                                missing.setdefault(f"U+{cp:04X} {ch}", rel)
                self.assertEqual(missing, {}, f"lang/{code}: {fonts[0]} cannot draw these")

    def test_script_rules(self):
        cedilla = re.compile("[\u015e\u015f\u0162\u0163]")
        presentation = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
        for code in languages():
            for rel in translated_files(code):
                for t in texts(load(os.path.join(LANG, code, rel))):
                    if code == "ro":
                        self.assertIsNone(cedilla.search(t),
                                          f"lang/ro/{rel}: cedilla s/t instead of comma below: {t}")
                    if code in ("ar", "ur"):
                        self.assertIsNone(presentation.search(t),
                                          f"lang/{code}/{rel}: presentation form: {t}")

    def test_the_checker_catches_a_changed_shape(self):
        problems = []
        compare({"a": "x {n}", "time": "07:00", "l": [1, 2]},
                {"a": "y", "time": "08:00", "l": [1], "extra": "z"}, "f", problems)
        self.assertEqual(len(problems), 4, problems)

if __name__ == "__main__":
    unittest.main(verbosity=2)
