#!/usr/bin/env bash
# Two languages against one (issue 24's speed bound): a cold build of a bilingual site of
# POSTS posts (half in English in posts/, half in French in fr/posts/, each French post
# the translation of an English one) against a cold build of a one-language site of
# POSTS posts, and Hugo 0.111 on that one-language corpus, alternating in one run
# (hyperfine), on disk and on a RAM disk (/dev/shm). Prints the time and CPU ratios.
#
#   bench/bilingual.sh [POSTS]        # default 10000
#
# Environment: RUNS (default 5), BENCH_DIR (default bench/out), SHM_DIR (default
# /dev/shm/frontdesk-bilingual), PLACES (default "disk shm").
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-10000}
half=$((posts / 2))
work=${BENCH_DIR:-$PWD/bench/out}
shm=${SHM_DIR:-/dev/shm/frontdesk-bilingual}

. bench/tools.sh
gen="$PWD/target/release/examples/gen-site"

run() { # run LABEL DIR
  local label=$1 dir=$2
  mkdir -p "$dir"
  local one="$dir/one$posts" two="$dir/two$posts" hugo_site="$dir/hugo-one$posts"
  [ -d "$one" ] || "$gen" --posts "$posts" --flavor ours "$one" >/dev/null
  [ -d "$hugo_site" ] || "$gen" --posts "$posts" --flavor hugo "$hugo_site" >/dev/null
  if [ ! -d "$two" ]; then
    "$gen" --posts "$half" --flavor ours "$two" >/dev/null
    sed -i -E 's/^language: .*$//' "$two/site.yaml"
    echo "languages: [en, fr]" >> "$two/site.yaml"
    mkdir -p "$two/fr"
    cp -r "$two/posts" "$two/fr/posts"
    # The French side: its own titles (and so its own pages and feeds).
    find "$two/fr/posts" -name '*.md' -exec sed -i -E '0,/^title: /s/^title: "?([^"]*)"?$/title: "FR \1"/' {} +
  fi
  echo "== $posts posts: one language vs two ($half + $half), output on $label ($dir)"
  hyperfine -w 1 -r "${RUNS:-5}" --export-json "$dir/bilingual$posts.json" \
    --prepare "rm -rf $dir/out-one $dir/out-two $dir/out-hugo $one/.frontdesk $two/.frontdesk" \
    -n one-language "$bin build $one --out $dir/out-one" \
    -n two-languages "$bin build $two --out $dir/out-two" \
    -n hugo "hugo --quiet -s $hugo_site -d $dir/out-hugo"
  # hyperfine's --prepare removed the outputs before the last run: build each once more to count.
  rm -rf "$dir/out-one" "$dir/out-two" "$one/.frontdesk" "$two/.frontdesk"
  "$bin" build "$one" --out "$dir/out-one" >/dev/null
  "$bin" build "$two" --out "$dir/out-two" >/dev/null
  echo "pages: one language $(find "$dir/out-one" -name '*.html' | wc -l), two languages $(find "$dir/out-two" -name '*.html' | wc -l)"
  python3 - "$dir/bilingual$posts.json" "$label" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t = {k: v["median"] for k, v in r.items()}
cpu = {k: v["user"] + v["system"] for k, v in r.items()}
print(f"{sys.argv[2]}: one language {t['one-language']:.2f} s ({cpu['one-language']:.2f} s CPU), "
      f"two languages {t['two-languages']:.2f} s ({cpu['two-languages']:.2f} s CPU), "
      f"hugo {t['hugo']:.2f} s; two/one: time {t['two-languages'] / t['one-language']:.2f}x, "
      f"CPU {cpu['two-languages'] / cpu['one-language']:.2f}x (bound: 1.1x); "
      f"two languages / hugo: {t['two-languages'] / t['hugo']:.2f}x")
PY
}

for place in ${PLACES:-disk shm}; do
  case $place in
    disk) run disk "$work" ;;
    shm)
      if [ -d /dev/shm ]; then run shm "$shm"; rm -rf "$shm"
      else echo "no /dev/shm: RAM-disk run skipped"; fi ;;
  esac
done
