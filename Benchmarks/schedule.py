#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Measures schedule-aware polling against fixed polling: one master, the simulator and a real
redis-server on loopback. For each mode it runs DRAWS draws of PERIOD seconds and reports the game
API requests per draw and the delay from a draw's publication to the master's post.

Usage: Benchmarks/schedule.py [path/to/redgreen-bot] (defaults to the debug build)."""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/redgreen-bot"
PERIOD, DRAWS, POLL = 5, 8, "2s"

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(url):
    return json.load(urllib.request.urlopen(url, timeout=5))

def run(mode):
    tmp = tempfile.mkdtemp()
    rport, sport = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL)
    sim = subprocess.Popen([BIN, "simulate", "--port", str(sport), "--period", f"{PERIOD}s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    cfg = os.path.join(tmp, "en.yaml")
    with open(cfg, "w") as f:
        f.write(f"""locale: en
locales_dir: {os.path.abspath('Locales')}
role: master
upstream:
  url: http://127.0.0.1:{sport}/api/draws
  poll_interval: {POLL}
  schedule: {mode}
redis:
  url: redis://127.0.0.1:{rport}
delivery:
  ledger: memory
sinks:
  - type: console
    format: json
""")
    out = open(os.path.join(tmp, "out"), "w")
    bot = subprocess.Popen([BIN, "run", "--config", cfg], stdout=out, stderr=subprocess.DEVNULL)
    # Let it learn the period over a few draws, then count from a clean slate.
    time.sleep(PERIOD * 4)
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{sport}/control/reset-stats", method="POST"), timeout=5)
    start_issue = get(f"http://127.0.0.1:{sport}/control/stats")["latest_issue"]
    time.sleep(PERIOD * DRAWS)
    stats = get(f"http://127.0.0.1:{sport}/control/stats")
    draws = {r["issue"]: r["time"] for r in get(f"http://127.0.0.1:{sport}/api/draws")["data"]["records"]}
    bot.terminate(); bot.wait(); sim.terminate(); sim.wait(); redis.terminate(); redis.wait()
    posts = [json.loads(l) for l in open(os.path.join(tmp, "out")) if l.startswith("{")]
    delays = sorted(p["posted_at_ms"] - draws[p["issue"]] for p in posts if p["issue"] > start_issue and p["issue"] in draws)
    published = stats["latest_issue"] - start_issue
    requests = stats["requests"]  # only GET /api/draws is counted, and only the master calls it
    return {"mode": mode, "draws": published, "requests": requests,
            "requests_per_draw": round(requests / max(published, 1), 1),
            "delay_ms_median": delays[len(delays) // 2] if delays else None, "delay_ms_max": delays[-1] if delays else None}

if __name__ == "__main__":
    results = [run("fixed"), run("adaptive")]
    print(json.dumps(results, indent=1))
