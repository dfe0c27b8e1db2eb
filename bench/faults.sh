#!/usr/bin/env bash
# The reliability sweep's pathological posts at full size, timed with the release binary.
# Each was quadratic before (30 s to minutes); each must now take about a second.
#
#   bench/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bins
bin="$PWD/target/release/frontdesk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

site() { # site NAME FRONT BODY-FILE
  mkdir -p "$work/$1/posts"
  printf 'title: Faults\nbase_url: https://faults.example/\n' >"$work/$1/site.yaml"
  { printf -- '---\ntitle: P\ndate: 2024-01-01\n%s---\n' "$2"; cat "$3"; } >"$work/$1/posts/p.md"
}

python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
n = 10_000
open(f"{w}/foot.md", "w").write("".join(f"Text[^{i}].\n\n" for i in range(n)) + "".join(f"[^{i}]: Note {i}.\n" for i in range(n)))
open(f"{w}/head.md", "w").write("## Same\n\ntext\n\n" * n)
open(f"{w}/code.md", "w").write("```rust\n" + "".join(f"let x{i} = {i}; // line {i}\n" for i in range(170_000)) + "```\n")
open(f"{w}/line.md", "w").write("```rust\n" + "x" * 5_000_000 + "\n```\n")
open(f"{w}/tags.txt", "w").write("tags: [" + ", ".join(f"t{i}" for i in range(10_000)) + "]\n")
open(f"{w}/empty.md", "w").write("Hi\n")
PY
site footnotes "" "$work/foot.md"
site headings "" "$work/head.md"
site code-5mb "" "$work/code.md"
site one-5mb-line "" "$work/line.md"
site tags-10k "$(cat "$work/tags.txt")" "$work/empty.md"

for s in footnotes headings code-5mb one-5mb-line tags-10k; do
  printf '%-14s ' "$s"
  /usr/bin/time -f '%e s, %M KB peak' "$bin" build "$work/$s" --no-cache 2>&1 >/dev/null | tail -1
done
