#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make chaos: a fleet on one machine whose bots are killed with SIGKILL at random moments, and
what each locale's sinks posted, draw by draw.

A real redis-server and the simulator; a master (en), a standby master (vi) and two readers (ja,
id), each its own `redgreen-bot run` process with three sinks: Telegram, Discord and a webhook, all
on fake servers in this script that record every message they take. Draws are forced every
--draw-period (3 s). Meanwhile a random bot is SIGKILLed every few seconds and started again: at a
random moment, in the middle of a post (the fake server takes the message, then the bot is killed
before it answers), or while the bot waits out a 429 (the fake server answers one, then the bot is
killed during its retry_after). Once the draws are done and the fleet has settled, it prints per
locale and sink the draws posted, the gaps (draws never posted) and the duplicates, and how many of
those the bots logged as the at-least-once case (a post cut in flight, posted again by the
restarted bot). Target: no gap; a duplicate only where a post was cut in flight, each logged.

Exit status 1 when a gap or an unexplained duplicate is found. Standard library only; reuses
Benchmarks/fleet.py. Usage: Benchmarks/chaos.py --bin .build/release/redgreen-bot [--draws 200]
(or CHAOS_DRAWS=30 for a short run)."""
import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet  # noqa: E402  (the fleet benchmark's Redis client, ports and processes)

SINKS = ["telegram", "discord", "webhook"]
BOTS = [("master", "en", "master"), ("standby", "vi", "master"), ("reader-ja", "ja", "reader"), ("reader-id", "id", "reader")]
AT_LEAST_ONCE = re.compile(r"Draw (\d+) was being posted to (\S+) by this bot's earlier run .*posted again \(at least once\)")


def issue_of(text):
    """The draw's issue in a rendered message: the first number after the game's type on its first line."""
    line = text.splitlines()[0] if text else ""
    m = re.search(r"\d+", line.replace("RG5M", ""))
    return int(m.group(0)) if m else None


# A catch-up digest's list item (`issue · value · colours`), after a right-to-left line's marks.
DIGEST_ITEM = re.compile(r"^[\u200f\u2066\u2068]*(\d+)\u2069? · ", re.M)


def issues_of(text):
    """The draws a rendered message stands for: a catch-up digest's (or one part's) listed issues,
    else the one draw's issue."""
    items = [int(m.group(1)) for m in DIGEST_ITEM.finditer(text or "")]
    return items or [issue_of(text)]


class ChatServers:
    """Fake Telegram, Discord and webhook endpoints on one port, recording (locale, sink, issue) of
    every message they take. `on_message` may kill the bot before the answer goes out; `rate_limit`
    answers the next message of a locale's sink with 429."""

    def __init__(self):
        self.records = []
        self.lock = threading.Lock()
        self.kill_on_next = set()  # (locale, sink): kill the bot once it has sent the message
        self.limit_next = set()  # (locale, sink): answer 429 with retry_after 3
        self.limited = []  # (locale, sink, monotonic time) of each 429 sent
        self.on_kill = None
        servers = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                path = self.path.split("?", 1)[0]
                parts = path.strip("/").split("/")
                try:
                    record = json.loads(body)
                except ValueError:
                    record = {}
                if parts[0].startswith("bot") and parts[-1] == "sendMessage":
                    sink, locale = "telegram", str(record.get("chat_id", "@chaos_?"))[len("@chaos_"):]
                    issues, ok = issues_of(record.get("text", "")), b'{"ok":true,"result":{"message_id":1}}'
                    limited = b'{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}'
                elif parts[:2] == ["api", "webhooks"]:
                    sink, locale = "discord", parts[-1]
                    issues, ok = issues_of(record.get("content", "")), b'{"id":"1","channel_id":"1"}'
                    limited = b'{"message":"You are being rate limited.","retry_after":3,"global":false}'
                else:
                    sink, locale = "webhook", parts[-1]
                    issues, ok, limited = record.get("covers") or [record.get("issue")], b"ok", b"slow down"
                key = (locale, sink)
                with servers.lock:
                    if key in servers.limit_next:
                        servers.limit_next.discard(key)
                        servers.limited.append((locale, sink, time.monotonic()))
                        return self.answer(429, limited, retry_after=True)
                    for issue in issues:
                        servers.records.append((locale, sink, int(issue) if issue is not None else None))
                    kill = key in servers.kill_on_next
                    servers.kill_on_next.discard(key)
                if kill and servers.on_kill:
                    servers.on_kill(locale, f"in the middle of a post to {sink}")
                    return
                self.answer(200, ok)

            def answer(self, status, body, retry_after=False):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if retry_after:
                    self.send_header("Retry-After", "3")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a connection of a killed bot, reset

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return list(self.records)


class ChaosBot(fleet.Bot):
    """A bot of the chaos fleet: the fleet benchmark's, with three sinks on the fake chat servers and
    a log kept across its restarts."""

    def __init__(self, ident, locale, role, tmp, args, ports):
        super().__init__(ident, locale, role, tmp, args, ports)
        self.log.close()
        base = f"http://127.0.0.1:{ports['chat']}"
        with open(self.config, "a") as f:
            f.write(f"""  - type: telegram
    token_env: CHAOS_TELEGRAM_TOKEN
    chat_id: "@chaos_{locale}"
    api_base_url: {base}
  - type: discord
    webhook_url_env: CHAOS_DISCORD_WEBHOOK_{locale.upper()}
  - type: webhook
    url: {base}/hook/{locale}
""")
        text = open(self.config).read()
        # fleet.Bot's own webhook sink posts to its collector: this fleet's three sinks replace it.
        text = re.sub(r"sinks:\n  - type: webhook\n    name: bench-\S+\n    url: \S+\n", "sinks:\n", text)
        with open(self.config, "w") as f:
            f.write(text + "delivery:\n  claim_ttl: 120s\n")
        self.env = dict(os.environ, CHAOS_TELEGRAM_TOKEN=f"{abs(hash(locale)) % 10**9}:chaos",
                        **{f"CHAOS_DISCORD_WEBHOOK_{locale.upper()}": f"{base}/api/webhooks/1/{locale}"})
        self.log_path = os.path.join(tmp, f"{ident}.log")
        self.log = open(self.log_path, "a")
        self.kills = 0

    def start(self, binary):
        self.spawned_ms = fleet.now_ms()
        self.process = subprocess.Popen([binary, "run", "--config", self.config], stdout=self.log, stderr=subprocess.STDOUT, env=self.env)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/release/redgreen-bot")
    parser.add_argument("--draws", type=int, default=int(os.environ.get("CHAOS_DRAWS", "200")))
    parser.add_argument("--draw-period", type=float, default=3.0)
    parser.add_argument("--poll-interval", default="500ms")
    parser.add_argument("--kill-every", type=float, default=6.0, help="mean seconds between kills")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CHAOS_SEED", str(int(time.time())))))
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="redgreen-chaos-")
    print(f"chaos: {args.draws} draws every {args.draw_period:g}s, a kill every ~{args.kill_every:g}s, seed {args.seed}, logs in {tmp}", flush=True)

    chat = ChatServers()
    # fleet.Bot writes a sink to the benchmark's collector, which ChaosBot replaces: "collector" is unused.
    ports = {"redis": fleet.free_port(), "sim": fleet.free_port(), "chat": chat.port, "collector": chat.port}
    redis = fleet.RedisServer(ports["redis"], tmp)
    bots = {locale: ChaosBot(ident, locale, role, tmp, args, ports) for ident, locale, role in BOTS}
    sim_url = f"http://127.0.0.1:{ports['sim']}"
    sim = None
    lock = threading.Lock()
    closing = threading.Event()
    kills = []  # (locale, how)

    def kill(locale, how):
        bot = bots[locale]
        with lock:
            if closing.is_set() or bot.process.poll() is not None:
                return
            bot.process.send_signal(signal.SIGKILL)
            bot.process.wait()
            bot.kills += 1
            kills.append((locale, how))
        # Started again after a moment, on a thread of its own (the fake server's thread may be the caller).
        threading.Timer(rng.uniform(0.2, 2.0), restart, args=(locale,)).start()

    def restart(locale):
        with lock:
            if not closing.is_set():
                bots[locale].start(args.bin)

    chat.on_kill = kill
    try:
        redis.start()
        sim = fleet.start_simulator(args.bin, ports["sim"])
        for bot in bots.values():
            bot.start(args.bin)
            bot.wait_ready(timeout=60)
        draws = []
        stop = threading.Event()

        def chaos():
            while not stop.wait(rng.expovariate(1 / args.kill_every)):
                locale = rng.choice(list(bots))
                sink = rng.choice(SINKS)
                how = rng.choice(["random", "mid-post", "rate-limit"])
                if how == "random":
                    kill(locale, "at a random moment")
                elif how == "mid-post":
                    with chat.lock:
                        chat.kill_on_next.add((locale, sink))
                else:
                    with chat.lock:
                        chat.limit_next.add((locale, sink))
                    # Killed while it waits out the 429's retry_after (3 s), once the 429 went out.
                    for _ in range(100):
                        if stop.wait(0.1):
                            return
                        with chat.lock:
                            if (locale, sink) not in chat.limit_next:
                                break
                    else:
                        continue
                    if not stop.wait(rng.uniform(0.3, 2.5)):
                        kill(locale, f"waiting out a 429 of {sink}")

        killer = threading.Thread(target=chaos, daemon=True)
        killer.start()
        next_at = time.monotonic()
        for i in range(args.draws):
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            draws.append(int(json.loads(fleet.http("POST", sim_url + "/control/draw")[1])["issue"]))
            next_at += args.draw_period
            if (i + 1) % 25 == 0:
                print(f"  {i + 1} draws, {len(kills)} kills so far", flush=True)
        stop.set()
        killer.join()
        with chat.lock:
            chat.kill_on_next.clear()
            chat.limit_next.clear()
        time.sleep(2.5)  # a restart scheduled by the last kill
        with lock:
            for locale, bot in bots.items():
                if bot.process.poll() is not None:
                    bot.start(args.bin)
        # Settle: every locale's every sink has the last draw, or 90 s.
        last = draws[-1]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            seen = {(loc, s) for loc, s, issue in chat.snapshot() if issue == last}
            if all((loc, s) in seen for loc in bots for s in SINKS):
                break
            time.sleep(0.5)
        time.sleep(args.draw_period)
    finally:
        closing.set()
        for bot in bots.values():
            with lock:
                bot.stop()
        if sim:
            sim.terminate()
            sim.wait()
        if redis.process:
            redis.kill()
        chat.server.shutdown()

    # What was posted, against the draws forced (from the first one on).
    logged = {}
    for bot in bots.values():
        with open(bot.log_path, errors="replace") as f:
            for m in AT_LEAST_ONCE.finditer(f.read()):
                key = (bot.locale, m.group(2), int(m.group(1)))
                logged[key] = logged.get(key, 0) + 1
    records = chat.snapshot()
    counts = {}
    for locale, sink, issue in records:
        counts.setdefault((locale, sink), {}).setdefault(issue, 0)
        counts[(locale, sink)][issue] += 1
    expected = set(draws)
    by_how = {}
    for _, how in kills:
        kind = "mid-post" if how.startswith("in the middle") else "rate-limit wait" if how.startswith("waiting") else "random"
        by_how[kind] = by_how.get(kind, 0) + 1
    print(f"\n{len(draws)} draws ({draws[0]}–{draws[-1]}), {len(kills)} SIGKILLs: "
          + ", ".join(f"{n} {k}" for k, n in sorted(by_how.items()))
          + "; by bot: " + ", ".join(f"{b.locale} {b.kills}" for b in bots.values()))
    print(f"{'locale':6} {'sink':9} {'posted':>6} {'gaps':>5} {'dups':>5} {'logged':>6}  gap issues / unexplained duplicates")
    failed = False
    totals = [0, 0, 0, 0]
    for locale in bots:
        for sink in SINKS:
            got = counts.get((locale, sink), {})
            gaps = sorted(expected - set(got))
            dups = {i: n - 1 for i, n in got.items() if n > 1 and i is not None}
            explained = {i: min(n, logged.get((locale, sink, i), 0)) for i, n in dups.items()}
            unexplained = sorted(i for i, n in dups.items() if n > explained[i])
            posted = sum(1 for i in got if i in expected)
            line = f"{locale:6} {sink:9} {posted:6} {len(gaps):5} {sum(dups.values()):5} {sum(explained.values()):6}"
            if gaps or unexplained:
                failed = True
                line += f"  gaps {gaps[:20]}{'…' if len(gaps) > 20 else ''} unexplained {unexplained[:20]}"
            print(line)
            for k, v in enumerate([posted, len(gaps), sum(dups.values()), sum(explained.values())]):
                totals[k] += v
    print(f"{'all':16} {totals[0]:6} {totals[1]:5} {totals[2]:5} {totals[3]:6}")
    print("result: " + ("FAILED (a gap, or a duplicate no bot logged as cut in flight)" if failed else "ok: no gap; every duplicate logged as cut in flight"))
    if not args.keep and not failed:
        subprocess.run(["rm", "-rf", tmp])
    else:
        print(f"logs kept in {tmp}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
