#!/usr/bin/env bash
# Renders assets/icons/gallop.svg to the committed PNG sizes (needs ImageMagick: apt-get install imagemagick).
set -euo pipefail
cd "$(dirname "$0")/../assets/icons"
for s in 256 128 48; do
  convert -background none -density 300 gallop.svg -resize "${s}x${s}" -depth 8 "gallop-$s.png"
done
echo "rendered: $(ls gallop-*.png | tr '\n' ' ')"
