#!/usr/bin/env bash
# Retakes the user guide's studio screenshots with the built-in demo model, in a real window on a virtual display.
#   docs/images/screenshots.sh [OUT]      (default OUT: /tmp/gallop-shots)
# Needs Xvfb, xdotool and ImageMagick (import); GTK 3 for the window (see the README's system packages).
# Writes OUT/generating-*.png (a shot denoising, pictures in a row: pick one for studio-generating.png),
# OUT/editing.png (three shots, a retake, a marker, the inspector), OUT/export.png (the export dialog; crop it for
# studio-export.png), then ends the studio as a crash would and starts it again at 1280x720: OUT/recovery.png (the
# autosave offered) and OUT/small-screen.png (recovered, at 1280x720). Coordinates assume 1440x900, then 1280x720.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/gallop-shots}"
display="${GALLOP_SHOTS_DISPLAY:-:99}"
rm -rf "$out" && mkdir -p "$out/home" "$out/no-models"
export DISPLAY="$display"

start() {   # WxH
  Xvfb "$display" -screen 0 "$1x24" >"$out/xvfb.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done
  # OpenAL Soft's null output stands in for a sound device, so playback runs as with speakers
  ALSOFT_DRIVERS=null GALLOP_MODELS="$out/no-models" GALLOP_JAVA_OPTS="-Duser.home=$out/home -Dgallop.project=$out/home/Gallop/Trailer" \
    "$root/gallop" >>"$out/studio.log" 2>&1 &
  studio=$!
  xdotool search --sync --name "Gallop studio" >/dev/null
  sleep 4
}
stop() {   # crash: the studio is killed, nothing saved
  kill -9 "$studio" 2>/dev/null || true; wait "$studio" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
}
trap 'kill ${studio:-} ${xvfb:-} 2>/dev/null || true' EXIT

prompt() {   # main body, background sound (may be empty)
  xdotool mousemove 200 118 click 1; xdotool key ctrl+a; xdotool type --delay 5 "$1"
  xdotool mousemove 200 286 click 1; xdotool key ctrl+a BackSpace
  if [ -n "$2" ]; then xdotool type --delay 5 "$2"; fi
  sleep 0.3
}

start 1440x900
prompt "a yellow square moving from left to right on a black background" ""
xdotool key ctrl+Return; sleep 6
prompt "a green triangle growing on a white background" ""
xdotool key ctrl+Return; sleep 6
prompt "a red circle bouncing on a blue background" "a tone that rises and falls with a click at each bounce"
# a longer, wider shot (16:9 at 448×256, 5 s: the longest the demo is trained for) so the pictures catch it
# denoising; the form is scrolled down to its Aspect and Duration rows first
xdotool mousemove 200 400; for _ in 1 2 3 4 5; do xdotool click 5; done; sleep 0.3
xdotool mousemove 180 395 click 1
xdotool mousemove 119 435 click 1; xdotool key ctrl+a; xdotool type "5"; xdotool key Return
xdotool mousemove 1439 899
xdotool key ctrl+Return
for i in $(seq -w 1 25); do import -window root "$out/generating-$i.png"; done
sleep 8

# select the first shot, make a new take of it (Ctrl+R), put a marker in the third, select the third
xdotool mousemove 200 726 click 1; sleep 0.3
xdotool key ctrl+r; sleep 6
xdotool mousemove 760 726 click 1; sleep 0.3
xdotool key Home; for _ in $(seq 125); do xdotool key Right; done; xdotool key m
xdotool mousemove 200 726 click 1; sleep 0.5
xdotool mousemove 1439 899; sleep 2
import -window root "$out/editing.png"

# export: 720p, the whole edit
xdotool key ctrl+e; sleep 2
xdotool mousemove 740 243 click 1; sleep 0.5; xdotool key Down Return; sleep 0.5
import -window root "$out/export.png"
xdotool mousemove 983 528 click 1; sleep 0.5      # close the export dialog
sleep 3                                            # the autosave follows every change within two seconds
stop

start 1280x720
import -window root "$out/recovery.png"
xdotool mousemove 749 448 click 1; sleep 2         # Recover
xdotool mousemove 1279 719
import -window root "$out/small-screen.png"
xdotool key ctrl+q; sleep 2
kill "$xvfb" 2>/dev/null || true
echo "pictures in $out"
