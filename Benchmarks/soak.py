#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make soak: a 4-bot fleet (a master, a standby master and two readers, each posting to a webhook)
for 10,000 draws at a short period, to see whether anything grows with time.

At the start (after a warm-up long enough for every bounded structure to fill: the ledger keeps a
sink's 256 most recent sent issues) and at the end it prints each bot's resident memory and open
descriptors, Redis's memory and key count, and Redis's memory per locale and sink (the delivery
ledger's keys, by MEMORY USAGE); then the change, against a target of flat within 5 %.

Standard library only; reuses Benchmarks/fleet.py. Usage:
Benchmarks/soak.py --bin .build/release/redgreen-bot [--draws 10000] [--draw-period 0.1]
(or SOAK_DRAWS=2000 for a shorter run)."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet  # noqa: E402

BOTS = [("master", "en", "master"), ("standby", "vi", "master"), ("reader-ja", "ja", "reader"), ("reader-id", "id", "reader")]


def descriptors(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def ledger_memory(conn):
    """Bytes of the delivery ledger's keys per (locale, sink), and their count."""
    out = {}
    cursor = b"0"
    while True:
        cursor, keys = conn.cmd("SCAN", cursor, "MATCH", "redgreen:ledger:*", "COUNT", "1000")
        for key in keys:
            parts = key.decode().split(":")  # redgreen:ledger:<locale>:<game>:<sink>:<what>
            if len(parts) < 6:
                continue
            size = conn.cmd("MEMORY", "USAGE", key, "SAMPLES", "0") or 0
            entry = out.setdefault((parts[2], ":".join(parts[4:-1])), [0, 0])
            entry[0] += size
            entry[1] += 1
        if cursor in (b"0", 0, "0"):
            return out


def sample(bots, conn):
    memory = conn.info("memory")
    ledger = ledger_memory(conn)
    return {
        "bots": {b.ident: {"rss_kib": fleet.proc_memory_kib(b.process.pid).get("VmRSS"), "fds": descriptors(b.process.pid)} for b in bots},
        "redis_used_memory": int(memory["used_memory"]),
        "redis_used_memory_dataset": int(memory["used_memory_dataset"]),
        "redis_keys": int(conn.cmd("DBSIZE")),
        "key_names": sorted(k.decode() for k in scan(conn, "*")),
        # Claims live only while a post is in flight: the keys that stay are the rest.
        "redis_claims": sum(1 for _ in scan(conn, "redgreen:ledger:*") if _.rsplit(b":", 1)[-1].isdigit()),
        "ledger": ledger,
    }


def scan(conn, pattern):
    cursor = b"0"
    while True:
        cursor, keys = conn.cmd("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
        yield from keys
        if cursor in (b"0", 0, "0"):
            return


def change(a, b):
    if not a:
        return "n/a"
    return f"{(b - a) * 100.0 / a:+.1f} %"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/release/redgreen-bot")
    parser.add_argument("--draws", type=int, default=int(os.environ.get("SOAK_DRAWS", "10000")))
    parser.add_argument("--warmup", type=int, default=1500, help="draws before the start figures")
    parser.add_argument("--draw-period", type=float, default=float(os.environ.get("SOAK_PERIOD", "0.1")))
    parser.add_argument("--poll-interval", default="50ms")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="redgreen-soak-")
    print(f"soak: {args.warmup} warm-up + {args.draws} draws every {args.draw_period:g}s, 4 bots, logs in {tmp}", flush=True)
    collector = fleet.Collector()
    ports = {"redis": fleet.free_port(), "sim": fleet.free_port(), "collector": collector.port}
    redis = fleet.RedisServer(ports["redis"], tmp)
    redis.start()
    sim = fleet.start_simulator(args.bin, ports["sim"])
    sim_url = f"http://127.0.0.1:{ports['sim']}"
    bots = [fleet.Bot(ident, locale, role, tmp, args, ports) for ident, locale, role in BOTS]
    for bot in bots:
        # The first summary writes each locale's stats hash: within the warm-up, not in the figures.
        with open(bot.config, "a") as f:
            f.write("log:\n  summary_interval: 20s\n")
    try:
        for bot in bots:
            bot.start(args.bin)
            bot.wait_ready(timeout=60)
        conn = fleet.Redis(ports["redis"])

        def force(count, label):
            next_at = time.monotonic()
            for i in range(count):
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                fleet.http("POST", sim_url + "/control/draw")
                next_at += args.draw_period
                if (i + 1) % 1000 == 0:
                    memory = conn.info("memory")
                    print(f"  {label}: {i + 1} draws; redis {int(memory['used_memory']) / 1024:.0f} KiB "
                          f"(dataset {int(memory['used_memory_dataset']) / 1024:.0f} KiB), {conn.cmd('DBSIZE')} keys", flush=True)
            time.sleep(2)

        force(args.warmup, "warm-up")
        start = sample(bots, conn)
        started = time.monotonic()
        force(args.draws, "soak")
        end = sample(bots, conn)
        seconds = time.monotonic() - started
        dead = [b.ident for b in bots if b.process.poll() is not None]
    finally:
        for bot in bots:
            bot.stop()
        sim.terminate()
        redis.kill()
        collector.close()

    posts = collector.snapshot()
    print(f"\n{args.draws} draws in {seconds:.0f}s after {args.warmup} warm-up; {len(posts)} posts collected; bots that died: {dead or 'none'}")
    for bot in bots:
        issues = [p["issue"] for p in posts if p["bot"] == bot.ident]
        # Draws over posting.max_catch_up in one feed go out as one digest (its webhook record's
        # "covers" counts each of them as posted); the bot logs each digest with its count, and by
        # issue the draws gone from the game API's window before it could post them.
        with open(os.path.join(tmp, f"{bot.ident}.log"), errors="replace") as f:
            log = f.read()
        digested = sum(int(m.group(1)) for m in re.finditer(r"Posting draws \S+ \((\d+)\) as one digest", log))
        left = sum(int(m.group(1)) for m in re.finditer(r"\((\d+) draws?\) left the game API's window", log))
        print(f"  {bot.ident}: {len(issues)} posts, {len(set(issues))} draws, {len(issues) - len(set(issues))} twice, "
              f"{digested} in catch-up digests, {left} logged as gone from the game API's window")
    print(f"{'':24} {'start':>12} {'end':>12} {'change':>9}")
    for bot in bots:
        s, e = start["bots"][bot.ident], end["bots"][bot.ident]
        print(f"{bot.ident + ' RSS (KiB)':24} {s['rss_kib']:12} {e['rss_kib']:12} {change(s['rss_kib'], e['rss_kib']):>9}")
        print(f"{bot.ident + ' descriptors':24} {s['fds']:12} {e['fds']:12} {change(s['fds'], e['fds']):>9}")
    print(f"{'redis used_memory (B)':24} {start['redis_used_memory']:12} {end['redis_used_memory']:12} "
          f"{change(start['redis_used_memory'], end['redis_used_memory']):>9}")
    print(f"{'redis used_memory_dataset':24} {start['redis_used_memory_dataset']:12} {end['redis_used_memory_dataset']:12} "
          f"{change(start['redis_used_memory_dataset'], end['redis_used_memory_dataset']):>9}")
    print(f"{'redis keys':24} {start['redis_keys']:12} {end['redis_keys']:12} {change(start['redis_keys'], end['redis_keys']):>9}")
    s_kept, e_kept = start["redis_keys"] - start["redis_claims"], end["redis_keys"] - end["redis_claims"]
    print(f"{'  without claims in flight':24} {s_kept:12} {e_kept:12} {change(s_kept, e_kept):>9}")
    added, gone = sorted(set(end["key_names"]) - set(start["key_names"])), sorted(set(start["key_names"]) - set(end["key_names"]))
    print(f"  keys added: {added[:12] or 'none'}; gone: {gone[:12] or 'none'}")
    print("\nRedis memory per locale and sink (delivery ledger keys, MEMORY USAGE):")
    for key in sorted(set(start["ledger"]) | set(end["ledger"])):
        s, e = start["ledger"].get(key, [0, 0]), end["ledger"].get(key, [0, 0])
        print(f"  {key[0]:4} {key[1]:18} start {s[0]:7} B in {s[1]} keys, end {e[0]:7} B in {e[1]} keys ({change(s[0], e[0])})")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"draws": args.draws, "warmup": args.warmup, "draw_period_s": args.draw_period, "seconds": round(seconds),
                       "start": {**start, "ledger": {f"{k[0]}/{k[1]}": v for k, v in start["ledger"].items()}},
                       "end": {**end, "ledger": {f"{k[0]}/{k[1]}": v for k, v in end["ledger"].items()}}}, f, indent=1)
    subprocess.run(["rm", "-rf", tmp])
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
