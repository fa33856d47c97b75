#!/bin/sh
# Round trip of a booking slip: make_slip prints it to a file: target,
# escpos-decode turns it back into text lines and an image, and zbarimg must
# read exactly the course URL from the image.
#   roundtrip.sh MAKE_SLIP DECODE ZBARIMG COURSES.csv 58|80 raster|native WORKDIR
set -eu
make_slip=$1 decode=$2 zbarimg=$3 csv=$4 paper=$5 kind=$6 work=$7

rm -rf "$work"
mkdir -p "$work"
"$make_slip" "$csv" "$paper" "$kind" "$work/slip.bin" "$work/expect.txt"
"$decode" --image "$work/qr.pgm" "$work/slip.bin" > "$work/text.txt"

# Lines are word-wrapped to the paper: join them back with spaces to find
# wrapped words, and with nothing to find a long link broken mid-word.
spaced=$(grep -v '^$' "$work/text.txt" | tr '\n' ' ')
joined=$(tr -d '\n' < "$work/text.txt")
status=0
while IFS= read -r want; do
	case "$spaced" in
	*"$want"*) ;;
	*)
		case "$joined" in
		*"$want"*) ;;
		*) echo "FAIL: slip text lacks: $want" >&2; status=1 ;;
		esac
		;;
	esac
done < "$work/expect.txt"

if [ ! -f "$work/qr.pgm" ] || [ -e "$work/qr-2.pgm" ]; then
	echo "FAIL: expected exactly one image" >&2
	exit 1
fi
url=$(sed -n 4p "$work/expect.txt")
# --nodbus (zbar 0.23+) keeps a headless box from complaining about D-Bus.
nodbus=
if "$zbarimg" --help 2>&1 | grep -q -- --nodbus; then nodbus=--nodbus; fi
got=$("$zbarimg" $nodbus --raw -q "$work/qr.pgm" || true)
if [ "$got" != "$url" ]; then
	echo "FAIL: zbarimg read '$got', want '$url'" >&2
	status=1
fi
if [ "$status" -ne 0 ]; then
	echo "--- decoded text:" >&2
	cat "$work/text.txt" >&2
	exit 1
fi
echo "ok: ${paper} mm ${kind}: $(grep -c . "$work/text.txt") text lines, QR reads $got"
