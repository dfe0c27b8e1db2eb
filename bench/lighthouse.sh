#!/usr/bin/env bash
# A post of 9 phone photos (12 megapixels: 5 landscape 4032x3024, 4 portrait 3024x4032,
# written by examples/gen-photos.rs) on a phone: Lighthouse's mobile performance score and
# LCP, and what a 375 px phone at 3x downloads when the reader scrolls through the whole
# post (bench/page-weight.mjs in headless Chromium), with a full-page screenshot.
#
#   bench/lighthouse.sh [FRONTDESK_BINARY ...]   # default target/release/frontdesk
#
# Each binary builds the same site into its own folder, served by `python3 -m http.server`
# (no compression, as a plain static host). Lighthouse is installed with npm into
# LIGHTHOUSE_DIR (default bench/out/lighthouse-npm, git-ignored), never into the repo's
# tracked files. Environment: CHROME_PATH (default /usr/bin/chromium), PORT (8765),
# BENCH_DIR (bench/out), RUNS (Lighthouse runs per binary, the median is reported; 3).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$PWD/bench/out}/nine-photos
lh_dir=${LIGHTHOUSE_DIR:-$PWD/bench/out/lighthouse-npm}
port=${PORT:-8765}
runs=${RUNS:-3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$PWD/target/release/frontdesk")

if [ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$lh_dir"
  (cd "$lh_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12 >/dev/null)
fi
lighthouse="$lh_dir/node_modules/.bin/lighthouse"
export NODE_PATH="$lh_dir/node_modules"
echo "Lighthouse $("$lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null | head -1)"

gen="$PWD/target/release/examples/gen-photos"
[ -x "$gen" ] || cargo build --release --quiet --example gen-photos
site="$work/site"
if [ ! -f "$site/posts/nine/index.md" ]; then
  rm -rf "$work/land" "$work/port" "$site"
  "$gen" --count 5 --seed 3 "$work/land"
  "$gen" --count 4 --seed 4 --width 3024 --height 4032 "$work/port"
  mkdir -p "$site/posts/nine"
  cp "$work/land/site.yaml" "$site/"
  {
    printf -- '---\ntitle: "A day at the market: nine photos"\ndate: 2024-03-01\n---\n\n'
    printf 'We set up the stall at seven. Here is the day in pictures.\n\n'
    n=0
    for i in 0 1 2 3 4; do
      for kind in land port; do
        [ "$kind" = port ] && [ "$i" = 4 ] && continue
        n=$((n + 1))
        cp "$work/$kind/posts/photo-000$i/photo.jpg" "$site/posts/nine/photo-$n.jpg"
        printf '![Market photo %d](photo-%d.jpg)\n\nThe %s photo %d of the day, with a few words about it.\n\n' "$n" "$n" "$kind" "$n"
      done
    done
  } > "$site/posts/nine/index.md"
  rm -rf "$work/land" "$work/port"
fi

k=0
for bin in "${bins[@]}"; do
  k=$((k + 1))
  label=bin$k
  out="$work/out-$label"
  rm -rf "$out" "$site/.frontdesk"
  "$bin" build "$site" --out "$out" >/dev/null
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  sleep 1
  url="http://127.0.0.1:$port/blog/nine/"
  echo "== $bin ($label): $url"
  for r in $(seq "$runs"); do
    "$lighthouse" "$url" --only-categories=performance --form-factor=mobile \
      --chrome-flags="--headless --no-sandbox" --output=json --quiet \
      --output-path="$work/lighthouse-$label-$r.json"
  done
  node bench/page-weight.mjs "$url" 375x812x3 "$work/screenshot-$label.png" > "$work/weight-$label.json"
  kill "$server"
  wait "$server" 2>/dev/null || true
  trap - EXIT
  python3 - "$work" "$label" "$runs" <<'PY'
import json, sys, statistics
work, label, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
reps = [json.load(open(f"{work}/lighthouse-{label}-{r}.json")) for r in range(1, runs + 1)]
def audit(rep, name):
    return rep["audits"][name]["numericValue"]
scores = [round(rep["categories"]["performance"]["score"] * 100) for rep in reps]
mid = sorted(range(runs), key=lambda i: scores[i])[runs // 2]
rep = reps[mid]
s = rep["configSettings"]["screenEmulation"]
print(f"lighthouse {rep['lighthouseVersion']} mobile ({s['width']}x{s['height']} at {s['deviceScaleFactor']}x, "
      f"{rep['configSettings']['throttlingMethod']} throttling): performance {scores} (median {scores[mid]}), "
      f"LCP {audit(rep, 'largest-contentful-paint') / 1000:.2f} s, FCP {audit(rep, 'first-contentful-paint') / 1000:.2f} s, "
      f"TBT {audit(rep, 'total-blocking-time'):.0f} ms, CLS {audit(rep, 'cumulative-layout-shift'):.3f}, "
      f"bytes on load {audit(rep, 'total-byte-weight') / 1e6:.3f} MB")
for a in rep["audits"].values():
    if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("numeric", "binary", "metricSavings"):
        print(f"  below 0.9: {a['id']}: {a['title']} ({a.get('displayValue', '')})")
w = json.load(open(f"{work}/weight-{label}.json"))
print(f"375 px at 3x, scrolled through: {w['bytes'] / 1e6:.3f} MB in {w['requests']} requests, "
      f"images {w['image_bytes'] / 1e6:.3f} MB: " + ", ".join(f"{u.rsplit('/', 1)[-1]}" for u, _ in w["images"]))
for i in w["shown"]:
    print(f"  shown {i['src'].rsplit('/', 1)[-1]}: natural {i['natural'][0]}x{i['natural'][1]}, box {i['box'][0]}x{i['box'][1]}")
print(f"screenshot: {work}/screenshot-{label}.png")
PY
done
