#!/usr/bin/env bash
# Scenes cannot call the platform, and the build says so by itself:
#  1. the rule passes on src/scenes as it is;
#  2. it refuses a scene that calls a pf_ function, naming file and line;
#  3. it refuses a scene that includes platform.h;
#  4. platform.h compiled as a scene (KIOSK_SCENE) stops with an error.
# usage: scene_rule.sh SOURCE_DIR C_COMPILER
set -euo pipefail
src=$1 cc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake -DSCENES="$src/src/scenes" -P "$src/src/scene_rule.cmake" ||
	fail "the rule refuses src/scenes as it is"

cp "$src"/src/scenes/*.[ch] "$tmp/"
printf 'static unsigned long later(struct app *app)\n{\n\treturn pf_now_ms(app->pf);\n}\n' >>"$tmp/home.c"
if cmake -DSCENES="$tmp" -P "$src/src/scene_rule.cmake" 2>"$tmp/out"; then
	fail "a scene calling pf_now_ms() was let through"
fi
grep -q "home.c:[0-9]*: a scene uses the platform (pf_now_ms)" "$tmp/out" ||
	fail "the refusal does not name the file and line: $(cat "$tmp/out")"

cp "$src/src/scenes/home.c" "$tmp/home.c"
printf "#include \"platform/platform.h\"\n" >>"$tmp/home.c"
if cmake -DSCENES="$tmp" -P "$src/src/scene_rule.cmake" 2>/dev/null; then
	fail "a scene including platform.h was let through"
fi

printf '#include "platform.h"\n' >"$tmp/probe.c"
if "$cc" -fsyntax-only -DKIOSK_SCENE -I"$src/src/platform" "$tmp/probe.c" 2>"$tmp/cc"; then
	fail "platform.h compiles inside a scene"
fi
grep -q "scenes draw with src/ui" "$tmp/cc" || fail "platform.h's refusal is not explained"
echo "ok: scenes cannot call the platform"
