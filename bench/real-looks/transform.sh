#!/bin/bash
# Real development clips through one image transformation each, to ask which way the real frames
# differ from the rendered ones that matters to a network trained on the rendered world: if making
# real frames more like rendered ones (flat shading, less texture, less noise, other framing) lets
# the network read them better, that difference is one the world should close.
# A diagnostic on clips that measure; nothing here trains on them, and nothing is chosen by it.
#
#   bench/real-looks/transform.sh NAME OUT     (NAME: copy, flat, soft, denoise, zoomout, zoomin, haze)
#
# OUT/jester is a Jester-layout copy of ../shared/real-dev/jester, OUT/ego a copy of the EgoGestAR
# clips with its own labels.csv; then `jesture eval-clips` on each (docs/synthetic-world.md,
# *Which real difference matters*). "copy" re-encodes without a filter: the control for the re-encoding.
set -euo pipefail
name=$1; out=$2
real=${REAL_DEV:-../shared/real-dev}
case $name in
  copy|flat|soft|denoise|zoomout|zoomin|haze) ;;
  *) echo "transform.sh: unknown transformation '$name': give copy, flat, soft, denoise, zoomout, zoomin or haze" >&2; exit 2 ;;
esac
# vf W H: the filter for frames of W x H (the geometric ones keep the frame's size exactly)
vf() {
  local w=$1 h=$2 sw sh l t
  case $name in
    copy)    echo "null" ;;
    flat)    echo "bilateral=sigmaS=5:sigmaR=0.2,lutrgb=r='32*trunc(val/32)+16':g='32*trunc(val/32)+16':b='32*trunc(val/32)+16'" ;;
    soft)    echo "scale=$((w / 3)):$((h / 3)):flags=area,scale=$w:$h:flags=bicubic" ;;
    denoise) echo "hqdn3d=6:4:8:6" ;;
    # the picture shrunk to 0.8 inside borders smeared from its edges
    zoomout) sw=$((w * 4 / 5 / 2 * 2)); sh=$((h * 4 / 5 / 2 * 2)); l=$(((w - sw) / 2)); t=$(((h - sh) / 2))
             echo "scale=$sw:$sh:flags=area,pad=$w:$h:$l:$t,fillborders=left=$l:right=$((w - sw - l)):top=$t:bottom=$((h - sh - t)):mode=smear" ;;
    # enlarged 1.25 times and cut to the frame
    zoomin)  echo "scale=$((w * 5 / 4)):$((h * 5 / 4)):flags=bicubic,crop=$w:$h" ;;
    # the rendered world's tones: every channel v -> 0.69 v + 56, which takes the real Jester frames'
    # median 5th and 95th luma percentiles (29, 211) to the rendered frames' (76, 202)
    haze)    echo "lutrgb=r='0.69*val+56':g='0.69*val+56':b='0.69*val+56'" ;;
  esac
}
if [ -e "$out" ]; then echo "transform.sh: $out exists: give another folder" >&2; exit 2; fi
mkdir -p "$out/jester" "$out/ego"
cp "$real"/jester/jester-v1-*.csv "$out/jester/"
for d in "$real"/jester/*/; do
  c=$(basename "$d"); mkdir -p "$out/jester/$c"
  ffmpeg -v error -start_number 1 -i "$d/%05d.jpg" -vf "$(vf 176 100)" -q:v 2 -start_number 1 "$out/jester/$c/%05d.jpg"
done
cp "$real/egogestar/labels.csv" "$out/ego/labels.csv"
tail -n +2 "$real/egogestar/labels.csv" | cut -d';' -f1 | while read -r f; do
  ffmpeg -v error -nostdin -i "$real/egogestar/$f" -vf "$(vf 320 240)" -c:v libx264 -crf 16 -preset veryfast -pix_fmt yuv420p -an "$out/ego/$f"
done
