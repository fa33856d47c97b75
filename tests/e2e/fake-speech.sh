#!/bin/sh
# A stand-in for espeak-ng in tests/e2e/test_read_aloud.py. What the kiosk
# gives it to say goes to the file $KIOSK_SPEECH_OUT; its pid to OUT.pid;
# its arguments (the voice: -v pl) to OUT.args, one a line.
# With KIOSK_SPEECH_SLEEP=N it then "speaks" for N seconds; a SIGTERM
# (the kiosk stopping it) is recorded as a line in OUT.term.
out=${KIOSK_SPEECH_OUT:?set KIOSK_SPEECH_OUT}
trap 'echo TERM >> "$out.term"; exit 143' TERM
echo $$ > "$out.pid"
printf '%s\n' "$@" > "$out.args"
exec 2>/dev/null	# no "Terminated" from the shell when stopped
cat > "$out.tmp"
mv "$out.tmp" "$out"
if [ -n "${KIOSK_SPEECH_SLEEP:-}" ]; then
	sleep "$KIOSK_SPEECH_SLEEP" &
	wait $!
fi
exit 0
