#!/usr/bin/env bash
# Image benchmark: frontdesk against Hugo 0.111 on the same generated photos, in one run,
# with the output on disk and on a RAM disk (/dev/shm). Each site has N posts, each a
# bundle with one 4032x3024 JPEG (12 megapixels, a phone's EXIF block); both make the same
# files: WebP at 368, 552, 736, 1104 and 1472 pixels (quality 80), a 1600 px JPEG fallback
# (quality 80) and a 1200x630 JPEG card.
#
#   bench/images.sh [PHOTOS]      # default 200
#
# Reports cold builds (no output, no cache: every photo decoded and encoded), peak memory,
# and a warm build after one post's text is edited, with how many images it decoded and
# files it encoded (frontdesk's summary line counts them; the answer should be 0 and 0).
# Environment: RUNS (default 3), BENCH_DIR (disk work folder, default bench/out),
# SHM_DIR (default /dev/shm/frontdesk-images; skipped with a message when /dev/shm is missing),
# ONLY (disk or shm: that run alone).
set -euo pipefail
cd "$(dirname "$0")/.."
photos=${1:-200}
work=${BENCH_DIR:-$PWD/bench/out}
shm=${SHM_DIR:-/dev/shm/frontdesk-images}

. bench/tools.sh
gen="$PWD/target/release/examples/gen-photos"

run() { # run LABEL DIR
  local label=$1 dir=$2
  mkdir -p "$dir"
  local ours="$dir/photos$photos" hugo_site="$dir/hugo-photos$photos"
  [ -d "$ours" ] || "$gen" --count "$photos" "$ours"
  [ -d "$hugo_site" ] || "$gen" --count "$photos" --flavor hugo "$hugo_site"
  echo "== $photos photos of 12 megapixels, output on $label ($dir)"
  # Cold builds: no output, no cache (frontdesk's .frontdesk/, Hugo's resources/_gen/).
  hyperfine -w 0 -r "${RUNS:-3}" --export-json "$dir/images-$photos.json" \
    --prepare "rm -rf $dir/img-out-ours $dir/img-out-hugo $ours/.frontdesk $hugo_site/resources" \
    -n frontdesk "$bin build $ours --out $dir/img-out-ours" \
    -n hugo "hugo --quiet -s $hugo_site -d $dir/img-out-hugo"
  local rss_ours rss_hugo warm
  rm -rf "$dir/img-out-ours" "$ours/.frontdesk" "$dir/img-out-hugo" "$hugo_site/resources"
  rss_ours=$( { /usr/bin/time -f %M "$bin" build "$ours" --out "$dir/img-out-ours" >/dev/null; } 2>&1 | tail -1)
  rss_hugo=$( { /usr/bin/time -f %M hugo --quiet -s "$hugo_site" -d "$dir/img-out-hugo" >/dev/null; } 2>&1 | tail -1)
  # Warm: one post's text edited; the summary line says what was decoded and encoded.
  local edited; edited=$(printf "photo-%04d" $((photos / 2)))
  echo "Edited." >> "$ours/posts/$edited/index.md"
  warm=$("$bin" build "$ours" --out "$dir/img-out-ours")
  hyperfine -w 1 -r "${RUNS:-3}" --export-json "$dir/images-warm-$photos.json" \
    --prepare "echo >> $ours/posts/$edited/index.md" \
    -n frontdesk-warm "$bin build $ours --out $dir/img-out-ours"
  echo "warm build: $warm"
  python3 - "$dir/images-$photos.json" "$dir/images-warm-$photos.json" "$rss_ours" "$rss_hugo" "$label" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
w = json.load(open(sys.argv[2]))["results"][0]["median"]
ours, hugo = r["frontdesk"]["median"], r["hugo"]["median"]
ro, rh = (int(v) / 1024 for v in sys.argv[3:5])
print(f"{sys.argv[5]}: cold frontdesk {ours:.2f} s, {ro:.0f} MB; hugo {hugo:.2f} s, {rh:.0f} MB; "
      f"ratio time {ours / hugo:.2f}x, memory {ro / rh:.2f}x")
print(f"{sys.argv[5]}: warm frontdesk (one post's text edited) {w:.3f} s")
PY
}

[ "${ONLY:-}" = shm ] || run disk "$work"
if [ "${ONLY:-}" = disk ]; then :; elif [ -d /dev/shm ]; then run shm "$shm"; rm -rf "$shm"; else echo "no /dev/shm: RAM-disk run skipped"; fi
