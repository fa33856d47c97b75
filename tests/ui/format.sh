#!/usr/bin/env bash
# .clang-format is enforced where the code follows it: every C file under the
# folders listed here must be exactly as clang-format writes it. A folder
# joins the list when its owner reformats it (clang-format -i), so the rule
# grows without one large reformatting of everyone's code at once.
# usage: format.sh SOURCE_DIR
set -euo pipefail
src=$1
dirs=(src/ui tests/ui src/util tests/util)
command -v clang-format >/dev/null || { echo "FAIL: clang-format not found (tools/setup test installs it)" >&2; exit 1; }
files=()
for d in "${dirs[@]}"; do
	while IFS= read -r f; do files+=("$f"); done < <(find "$src/$d" -name '*.[ch]' | sort)
done
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no files under ${dirs[*]}" >&2; exit 1; }
clang-format --style=file --dry-run --Werror "${files[@]}"
echo "ok: ${#files[@]} files in ${dirs[*]} follow .clang-format"
