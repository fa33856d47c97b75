"""Every UI string key the code asks for by name exists in kiosk-config/strings/,
and no key is defined twice (the loader refuses that too)."""
import glob
import json
import os
import re
import sys

src = os.environ["KIOSK_SRC"]
keys = {}
for f in sorted(glob.glob(os.path.join(src, "kiosk-config", "strings", "*.json"))):
    with open(f, encoding="utf-8") as fh:
        for k in json.load(fh):
            keys.setdefault(k, []).append(os.path.basename(f))

# app_str(app, "key") and the key tables scenes keep ({"home.explore", ...}).
used = {}
pattern = re.compile(r'app_str\(\s*\w+\s*,\s*"([^"]+)"\s*\)')
for f in glob.glob(os.path.join(src, "src", "**", "*.c"), recursive=True):
    text = open(f, encoding="utf-8").read()
    for m in pattern.finditer(text):
        used.setdefault(m.group(1), f)

problems = [f"{os.path.relpath(f, src)}: no string \"{k}\" in kiosk-config/strings/"
            for k, f in sorted(used.items()) if k not in keys]
problems += [f"\"{k}\" is defined in {', '.join(v)}" for k, v in keys.items()
             if len(v) > 1 and not k.startswith("_")]
for p in problems:
    print(p)
print(f"{len(used)} keys used by name, {len(keys)} defined")
sys.exit(1 if problems or len(used) < 20 else 0)
