#!/usr/bin/env bash
# Renders the web app's PNG icons from its SVGs with rsvg-convert (Debian: librsvg2-bin). The PNGs are
# committed; run this again only when an icon changes.
#   icon-192.png, icon-512.png       purpose "any": assets/icon.svg as it is (rounded square)
#   maskable-192.png, maskable-512.png purpose "maskable": full-bleed square, the glyph inside the 80 % safe zone
#   apple-touch-icon.png (180)       iOS rounds the corners itself, so the full-bleed square too
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
web="$here/../main/resources/web/assets"
out="$web/icons"
mkdir -p "$out"
for size in 192 512; do
  rsvg-convert -w "$size" -h "$size" "$web/icon.svg" -o "$out/icon-$size.png"
  rsvg-convert -w "$size" -h "$size" "$here/maskable.svg" -o "$out/maskable-$size.png"
done
rsvg-convert -w 180 -h 180 "$here/maskable.svg" -o "$out/apple-touch-icon.png"
