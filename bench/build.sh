#!/usr/bin/env bash
# Full-build benchmark: frontdesk against Hugo 0.111 on the same generated corpora, in one
# run, alternating (hyperfine), with the output on disk and on a RAM disk (/dev/shm):
# cold builds (empty output, no cache) and warm builds (one post edited), time and
# peak-memory ratios. Two corpora from examples/gen-site.rs: `gen` (its default, a code
# block in about 30% of posts) and `code` (`--code-every 1`, one code block in every post).
#
#   bench/build.sh [POSTS]        # default 10000
#
# Environment: RUNS (default 5), BENCH_DIR (disk work folder, default bench/out),
# SHM_DIR (default /dev/shm/frontdesk-bench; skipped with a message when /dev/shm is missing),
# CORPORA (default "gen code"), PLACES (default "disk shm"), BEFORE (another frontdesk
# binary, e.g. a copy of an earlier build, timed in the same runs as `frontdesk-before`).
#
# Besides wall-clock time, the CPU time (user + system) ratio is printed: on a machine shared
# with other work the wall clock of both tools swings, their CPU time much less.
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-10000}
work=${BENCH_DIR:-$PWD/bench/out}
shm=${SHM_DIR:-/dev/shm/frontdesk-bench}

. bench/tools.sh
gen="$PWD/target/release/examples/gen-site"

corpus_args() { # corpus_args NAME
  case $1 in
    gen) ;;
    code) echo --code-every 1 ;;
    *) echo "unknown corpus $1" >&2; exit 2 ;;
  esac
}

run() { # run LABEL DIR CORPUS
  local label=$1 dir=$2 corpus=$3
  mkdir -p "$dir"
  local ours="$dir/ours-$corpus$posts" hugo_site="$dir/hugo-$corpus$posts"
  # shellcheck disable=SC2046 # the corpus's options are words
  [ -d "$ours" ] || "$gen" --posts "$posts" $(corpus_args "$corpus") --flavor ours "$ours" >/dev/null
  # shellcheck disable=SC2046
  [ -d "$hugo_site" ] || "$gen" --posts "$posts" $(corpus_args "$corpus") --flavor hugo "$hugo_site" >/dev/null
  echo "== $posts posts, corpus $corpus, output on $label ($dir)"
  # Cold builds: each run starts from an empty output folder and no cache.
  hyperfine -w 1 -r "${RUNS:-5}" --export-json "$dir/build-$corpus$posts.json" \
    --prepare "rm -rf $dir/out-ours $dir/out-hugo $ours/.frontdesk" \
    -n frontdesk "$bin build $ours --out $dir/out-ours" \
    -n hugo "hugo --quiet -s $hugo_site -d $dir/out-hugo" \
    ${BEFORE:+-n frontdesk-before "$BEFORE build $ours --out $dir/out-ours"}
  # Warm builds: the cache and the previous output kept, one post edited before each run.
  "$bin" build "$ours" --out "$dir/out-ours" >/dev/null
  hyperfine -w 1 -r "${RUNS:-5}" --export-json "$dir/warm-$corpus$posts.json" \
    --prepare "echo >> $ours/posts/post-00042.md" \
    -n frontdesk-warm "$bin build $ours --out $dir/out-ours"
  local rss_ours rss_warm rss_hugo
  rm -rf "$dir/out-ours" "$dir/out-hugo" "$ours/.frontdesk"
  rss_ours=$( { /usr/bin/time -f %M "$bin" build "$ours" --out "$dir/out-ours" >/dev/null; } 2>&1 | tail -1)
  echo >> "$ours/posts/post-00042.md"
  rss_warm=$( { /usr/bin/time -f %M "$bin" build "$ours" --out "$dir/out-ours" >/dev/null; } 2>&1 | tail -1)
  rss_hugo=$( { /usr/bin/time -f %M hugo --quiet -s "$hugo_site" -d "$dir/out-hugo" >/dev/null; } 2>&1 | tail -1)
  python3 - "$dir/build-$corpus$posts.json" "$dir/warm-$corpus$posts.json" "$rss_ours" "$rss_warm" "$rss_hugo" "$label/$corpus" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
w = json.load(open(sys.argv[2]))["results"][0]["median"]
ours, hugo = r["frontdesk"]["median"], r["hugo"]["median"]
cpu = {k: v["user"] + v["system"] for k, v in r.items()}
ro, rw, rh = (int(v) / 1024 for v in sys.argv[3:6])
print(f"{sys.argv[6]}: cold frontdesk {ours:.2f} s ({cpu['frontdesk']:.2f} s CPU), {ro:.0f} MB; "
      f"hugo {hugo:.2f} s ({cpu['hugo']:.2f} s CPU), {rh:.0f} MB; "
      f"ratio time {ours / hugo:.2f}x, CPU {cpu['frontdesk'] / cpu['hugo']:.2f}x, memory {ro / rh:.3f}x")
if "frontdesk-before" in r:
    b = r["frontdesk-before"]["median"]
    print(f"{sys.argv[6]}: cold frontdesk-before {b:.2f} s ({cpu['frontdesk-before']:.2f} s CPU): "
          f"ratio time {b / hugo:.2f}x, CPU {cpu['frontdesk-before'] / cpu['hugo']:.2f}x")
print(f"{sys.argv[6]}: warm frontdesk (one post edited) {w:.2f} s, {rw:.0f} MB: {w / hugo:.3f}x Hugo's full build")
PY
}

for corpus in ${CORPORA:-gen code}; do
  for place in ${PLACES:-disk shm}; do
    case $place in
      disk) run disk "$work" "$corpus" ;;
      shm)
        if [ -d /dev/shm ]; then run shm "$shm" "$corpus"; rm -rf "$shm"
        else echo "no /dev/shm: RAM-disk run skipped"; fi ;;
    esac
  done
done
