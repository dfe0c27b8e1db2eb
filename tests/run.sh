#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests, then the browser quality gate
# (Nu HTML Checker, feeds, axe-core, layout, keyboard form, live reload, links, images: CLS, srcset, og:image).
# Installs what the tests need when it is missing; never skips a test.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# The vCard test reads contact.vcf back with Python's vobject (Debian's python3-vobject).
/usr/bin/python3 -c 'import vobject' >/dev/null 2>&1 || need+=(python3-vobject)
# The events tests read the .ics files back with Python's icalendar (Debian's python3-icalendar).
/usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1 || need+=(python3-icalendar)
# The Jekyll converter (bench/to-frontdesk.py, run by tests/real_sites.rs) reads YAML.
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || need+=(python3-yaml)
if ((${#need[@]})); then
  echo "tests/run.sh: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# The browser suite's own packages (playwright-core drives the system Chromium; no browser download).
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

cargo build --release --locked --bins --examples
cargo test --release --locked
(cd tests/browser && FRONTDESK_BIN="$PWD/../../target/release/frontdesk" npm test)
