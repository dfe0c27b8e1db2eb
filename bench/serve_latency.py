#!/usr/bin/env python3
"""Edit-to-browser latency of `frontdesk serve`.

Starts serve on a generated site, rewrites one post's title, 20 times, and prints the
median time from just before the file is written to the first response that shows the
change: debounce, rebuild and serving included. Two clients:

- `--client poll` (default): fetches the page again and again until it shows the change.
  On a 2-core machine this client takes a core from the rebuild while it spins.
- `--client tab`: what an open browser tab does: waits on the live-reload stream for the
  reload event, then fetches the page once.

    python3 bench/serve_latency.py --posts 1000 [--client tab]
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--client", choices=["poll", "tab"], default="poll")
    ap.add_argument("--gen", default=os.path.join(ROOT, "target", "release", "examples", "gen-site"),
                    help="the corpus generator (examples/gen-site.rs, built here)")
    args = ap.parse_args()
    binary = os.path.join(ROOT, "target", "release", "frontdesk")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bins", "--examples"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="fd-serve-bench-")
    site = os.path.join(work, "site")
    subprocess.run([args.gen, "--posts", str(args.posts), site], check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([binary, "serve", site, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        base = None
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if m:
                base = m.group(0)
                break
        if base is None:
            sys.exit("serve did not start")
        post = os.path.join(site, "posts", "post-00000.md")
        url = base + "blog/post-00000/"
        text = open(post, encoding="utf-8").read()
        events = None
        if args.client == "tab":
            host, port = base.split("//")[1].rstrip("/").split(":")
            events = http.client.HTTPConnection(host, int(port), timeout=10)
            events.request("GET", "/__frontdesk/events", headers={"Accept": "text/event-stream"})
            events = events.getresponse()
            wait_for_reload(events)  # the first event names the generation served now
        times = []
        for i in range(args.runs):
            marker = f"Latency probe {i} {time.time_ns()}"
            new = re.sub(r"(?m)^title: .*$", f'title: "{marker}"', text, count=1)
            start = time.perf_counter()
            with open(post, "w", encoding="utf-8") as f:
                f.write(new)
            deadline = start + 10
            while True:
                if events is not None:
                    wait_for_reload(events)
                body = urllib.request.urlopen(url).read().decode()
                if marker in body:
                    times.append((time.perf_counter() - start) * 1000)
                    break
                if time.perf_counter() > deadline:
                    sys.exit(f"run {i}: change not visible after 10 s")
            time.sleep(0.2)
        ordered = sorted(times)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        rss_kb = 0
        with open(f"/proc/{proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss_kb = int(line.split()[1])
        print(f"{args.posts} posts, client {args.client}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
              f"min {min(times):.1f} ms, max {max(times):.1f} ms over {len(times)} edits; "
              f"serve holds {rss_kb / 1024:.0f} MB")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def wait_for_reload(stream):
    """Reads the live-reload stream up to the end of the next reload (`gen`) event."""
    event = None
    while True:
        line = stream.fp.readline()
        if not line:
            sys.exit("the live-reload stream closed")
        line = line.decode().rstrip("\r\n")
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line == "" and event is not None:
            if event == "gen":
                return
            event = None


if __name__ == "__main__":
    main()
