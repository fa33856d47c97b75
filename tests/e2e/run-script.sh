#!/usr/bin/env bash
# Runs one e2e script against the real kiosk, headless, in a fresh data dir.
# usage: run-script.sh FILE.script WxH   (env: KIOSK_BIN, KIOSK_SRC, KIOSK_OUT)
set -euo pipefail
script=$1 size=$2
name=$(basename "$script" .script)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
shots="$KIOSK_OUT/shots/$name-$size"
mkdir -p "$shots"
exec "$KIOSK_BIN" --headless --windowed "$size" --config "$KIOSK_SRC/kiosk-config" \
	--data "$data" --today 2026-11-23 --script "$script" --screenshots "$shots"
