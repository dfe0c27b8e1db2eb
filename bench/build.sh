#!/usr/bin/env bash
# Full-build benchmark: frontdesk against Hugo on the same generated corpus, in one run,
# alternating, and prints the ratio. Usage: bench/build.sh [POSTS] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-10000}
gen=${GEN_SITE:-../shared/bench/gen_site.py}
work=${BENCH_DIR:-/tmp/frontdesk-bench}
mkdir -p "$work"

need=()
command -v hugo >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
if ((${#need[@]})); then
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get update -qq
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get install -y -qq "${need[@]}"
fi
cargo build --release --quiet

ours="$work/ours$posts" hugo_site="$work/hugo$posts"
[ -d "$ours" ] || python3 "$gen" --posts "$posts" --flavor ours "$ours"
[ -d "$hugo_site" ] || python3 "$gen" --posts "$posts" --flavor hugo "$hugo_site"

bin="$PWD/target/release/frontdesk"
hyperfine -w 1 -r "${RUNS:-5}" --export-json "$work/build-$posts.json" \
  "$bin build $ours --out $work/out-ours" \
  "hugo --quiet -s $hugo_site -d $work/out-hugo"

python3 - "$work/build-$posts.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, hugo = r[0]["median"], r[1]["median"]
print(f"frontdesk {ours:.2f} s, hugo {hugo:.2f} s (medians): frontdesk takes {ours / hugo:.2f}x Hugo's time")
PY
for which in "$bin build $ours --out $work/out-ours" "hugo --quiet -s $hugo_site -d $work/out-hugo"; do
  /usr/bin/time -v $which 2>&1 >/dev/null | awk -v w="${which%% *}" '/Maximum resident/ {printf "%s peak RSS: %.0f MB\n", w, $6/1024}'
done
