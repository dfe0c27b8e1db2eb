#!/usr/bin/env bash
# Full-build benchmark: frontdesk against Hugo 0.111 on the same generated corpus, in one
# run, alternating (hyperfine), with the output on disk and on a RAM disk (/dev/shm):
# cold builds (empty output, no cache) and warm builds (one post edited), time and
# peak-memory ratios.
#
#   bench/build.sh [POSTS]        # default 10000
#
# Environment: RUNS (default 5), BENCH_DIR (disk work folder, default bench/out),
# SHM_DIR (default /dev/shm/frontdesk-bench; skipped with a message when /dev/shm is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-10000}
work=${BENCH_DIR:-$PWD/bench/out}
shm=${SHM_DIR:-/dev/shm/frontdesk-bench}

. bench/tools.sh
gen="$PWD/target/release/examples/gen-site"

run() { # run LABEL DIR
  local label=$1 dir=$2
  mkdir -p "$dir"
  local ours="$dir/ours$posts" hugo_site="$dir/hugo$posts"
  [ -d "$ours" ] || "$gen" --posts "$posts" --flavor ours "$ours" >/dev/null
  [ -d "$hugo_site" ] || "$gen" --posts "$posts" --flavor hugo "$hugo_site" >/dev/null
  echo "== $posts posts, output on $label ($dir)"
  # Cold builds: each run starts from an empty output folder and no cache.
  hyperfine -w 1 -r "${RUNS:-5}" --export-json "$dir/build-$posts.json" \
    --prepare "rm -rf $dir/out-ours $dir/out-hugo $ours/.frontdesk" \
    -n frontdesk "$bin build $ours --out $dir/out-ours" \
    -n hugo "hugo --quiet -s $hugo_site -d $dir/out-hugo"
  # Warm builds: the cache and the previous output kept, one post edited before each run.
  "$bin" build "$ours" --out "$dir/out-ours" >/dev/null
  hyperfine -w 1 -r "${RUNS:-5}" --export-json "$dir/warm-$posts.json" \
    --prepare "echo >> $ours/posts/post-00042.md" \
    -n frontdesk-warm "$bin build $ours --out $dir/out-ours"
  local rss_ours rss_warm rss_hugo
  rm -rf "$dir/out-ours" "$dir/out-hugo" "$ours/.frontdesk"
  rss_ours=$( { /usr/bin/time -f %M "$bin" build "$ours" --out "$dir/out-ours" >/dev/null; } 2>&1 | tail -1)
  echo >> "$ours/posts/post-00042.md"
  rss_warm=$( { /usr/bin/time -f %M "$bin" build "$ours" --out "$dir/out-ours" >/dev/null; } 2>&1 | tail -1)
  rss_hugo=$( { /usr/bin/time -f %M hugo --quiet -s "$hugo_site" -d "$dir/out-hugo" >/dev/null; } 2>&1 | tail -1)
  python3 - "$dir/build-$posts.json" "$dir/warm-$posts.json" "$rss_ours" "$rss_warm" "$rss_hugo" "$label" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
w = json.load(open(sys.argv[2]))["results"][0]["median"]
ours, hugo = r["frontdesk"]["median"], r["hugo"]["median"]
ro, rw, rh = (int(v) / 1024 for v in sys.argv[3:6])
print(f"{sys.argv[6]}: cold frontdesk {ours:.2f} s, {ro:.0f} MB; hugo {hugo:.2f} s, {rh:.0f} MB; "
      f"ratio time {ours / hugo:.2f}x, memory {ro / rh:.2f}x")
print(f"{sys.argv[6]}: warm frontdesk (one post edited) {w:.2f} s, {rw:.0f} MB: {w / hugo:.3f}x Hugo's full build")
PY
}

run disk "$work"
if [ -d /dev/shm ]; then run shm "$shm"; rm -rf "$shm"; else echo "no /dev/shm: RAM-disk run skipped"; fi
