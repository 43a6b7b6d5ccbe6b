#!/usr/bin/env bash
# Retakes the user guide's studio screenshots with the built-in demo model, in a real window on a virtual display.
#   docs/images/screenshots.sh [OUT]      (default OUT: /tmp/gallop-shots)
# Needs Xvfb, xdotool, ImageMagick (import) and ffmpeg. Two shots are generated, then a third is recorded at 20 fps
# while it denoises (the demo model takes about a second): pick a frame from OUT/generating/ for
# studio-generating.png. OUT/playing.png is the third shot playing on the timeline. Coordinates assume 1440x900.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/gallop-shots}"
rm -rf "$out" && mkdir -p "$out/generating" "$out/project" "$out/no-models"
export DISPLAY=:99
Xvfb :99 -screen 0 1440x900x24 >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done
# OpenAL Soft's null output stands in for a sound device, so playback runs as with speakers
ALSOFT_DRIVERS=null GALLOP_MODELS="$out/no-models" GALLOP_JAVA_OPTS="-Dgallop.project=$out/project" "$root/gallop" >"$out/studio.log" 2>&1 &
studio=$!
trap 'kill $studio $xvfb 2>/dev/null || true' EXIT
xdotool search --sync --name "Gallop studio" >/dev/null
sleep 4

prompt() {   # main body, background sound (may be empty)
  xdotool mousemove 200 125 click 1; xdotool key ctrl+a; xdotool type --delay 5 "$1"
  xdotool mousemove 200 303 click 1; xdotool key ctrl+a BackSpace
  if [ -n "$2" ]; then xdotool type --delay 5 "$2"; fi
  sleep 0.3
}
prompt "a yellow square moving from left to right on a black background" ""
xdotool key ctrl+Return; sleep 8
prompt "a green triangle growing on a white background" ""
xdotool key ctrl+Return; sleep 8
prompt "a red circle bouncing on a blue background" "a tone that rises and falls with a click at each bounce"
xdotool mousemove 1439 899
grabbed="$([ -d /dev/shm ] && echo /dev/shm || echo "$out")/gallop-grab.nut"   # raw frames: cheap to record
ffmpeg -loglevel error -y -f x11grab -draw_mouse 0 -framerate 20 -video_size 1440x900 -i :99 -t 4 -c:v rawvideo -f nut "$grabbed" &
grab=$!
sleep 0.7
xdotool key ctrl+Return
wait $grab
ffmpeg -loglevel error -i "$grabbed" "$out/generating/%03d.png"
rm -f "$grabbed"

sleep 4
xdotool mousemove 720 730 click 1; sleep 0.3      # select shot-3
xdotool mousemove 770 676 click 1; sleep 0.5      # playhead into it
xdotool mousemove 1439 899; xdotool key space; sleep 1.2
import -window root "$out/playing.png"
xdotool key space
xdotool key ctrl+s; sleep 1
echo "frames in $out/generating/, playback in $out/playing.png"
