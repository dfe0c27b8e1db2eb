# Sourced by the benchmarks: installs what they run (Hugo 0.111 from Debian, hyperfine,
# GNU time) when it is missing, and builds frontdesk and its generators in release mode.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v hugo >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if ((${#need[@]})); then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}"
fi
cargo build --release --quiet --bins --examples
bin="$PWD/target/release/frontdesk"
