#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Measures a whole fleet on one machine: a real redis-server, the simulator, a master, a standby
master and N readers, each its own `redgreen-bot run` process, posting through the webhook sink into
a collector (an HTTP server in this script) that timestamps every post when it arrives.

For each N it runs, in order: start (one bot at a time, spawn to /readyz 200), a warm-up in which
the master learns the draw period, a healthy phase, an idle window without draws, a phase in which
the lease holder is killed with SIGKILL (the standby takes over), and a phase in which redis-server
is killed with SIGKILL and restarted. Draws are forced by this script (the simulator runs with
--period 0s and gets POST /control/draw every --draw-period), so every phase has a known number of
draws and the idle window really has none.

By default N = 4 runs a second time against the simulator's untimed shape (the original API's
records, with no draw time: the master learns when draws appear from its own polls). CPU is read
from /proc/<pid>/task/*/schedstat, in nanoseconds (see CpuSampler).

Writes Benchmarks/results/fleet.json and fleet.md (see docs/performance.md). Standard library
only. Usage: Benchmarks/fleet.py --bin .build/release/redgreen-bot [--n 4 32 128] [...]"""
import argparse
import json
import os
import platform
import re
import signal
import socket
import socketserver
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

# The kernel's receive time of a socket's data, in nanoseconds (Linux; Python names no constant for it).
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
GAME = "RG5M"
SNAPSHOT_KEY = "fivem_red_green_shared_data"
LOCALES = ["en", "vi", "ja", "id", "th"]


def now_ms():
    return time.time() * 1000.0


_taken = set()


def free_port():
    """A loopback port free now, below Linux's ephemeral range (32768 and up) so that no outgoing
    connection of a bot takes it before its owner binds it, and never handed out twice."""
    for port in range(20000 + os.getpid() % 4000, 32768):
        if port in _taken:
            continue
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        _taken.add(port)
        return port
    raise RuntimeError("no free port below 32768")


def pct(values, p):
    """The p-th percentile by nearest rank (p in 0...100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(values):
    if not values:
        return {"count": 0, "p50": None, "p99": None, "max": None}
    return {"count": len(values), "p50": round(pct(values, 50), 1), "p99": round(pct(values, 99), 1), "max": round(max(values), 1)}


# --- Redis, the few commands this script needs (RESP over a socket) -----------------------------


class Redis:
    """A minimal RESP client. `sent` counts the commands this script sent, so that they can be
    taken out of the server's totals."""

    sent = 0
    lock = threading.Lock()

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(parts))
        with Redis.lock:
            Redis.sent += 1

    def read(self):
        line = self.file.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)
            return data[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)

    def cmd(self, *args):
        self.send(*args)
        return self.read()

    def info(self, section):
        text = self.cmd("INFO", section).decode()
        out = {}
        for line in text.splitlines():
            if ":" in line and not line.startswith("#"):
                k, v = line.split(":", 1)
                out[k] = v
        return out


def command_calls(conn):
    """Calls per command since the server started (INFO commandstats)."""
    calls = {}
    for key, value in conn.info("commandstats").items():
        m = re.search(r"calls=(\d+)", value)
        if key.startswith("cmdstat_") and m:
            calls[key[len("cmdstat_") :]] = int(m.group(1))
    return calls


class CommandMonitor(threading.Thread):
    """Counts the commands of each client connection with MONITOR (by its address, `127.0.0.1:54321`);
    the commands a script runs (`lua`) count for the client whose EVAL ran them, as the server's own
    totals count them."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.conn = Redis(port, timeout=None)
        self.counts = {}

    def run(self):
        last = None
        try:
            self.conn.cmd("MONITOR")
            while True:
                line = self.conn.read()
                m = re.match(r"[0-9.]+ \[\d+ ([^\]]+)\]", line if isinstance(line, str) else "")
                if not m:
                    continue
                client = last if m.group(1) == "lua" else m.group(1)
                last = client
                if client:
                    self.counts[client] = self.counts.get(client, 0) + 1
        except (OSError, ConnectionError, RuntimeError, ValueError):
            pass

    def finish(self):
        """Stops and returns the counts by client port."""
        self.conn.close()
        self.join(timeout=5)
        return {int(addr.rsplit(":", 1)[1]): n for addr, n in self.counts.items() if ":" in addr}


def pid_by_local_port(pids):
    """The local TCP port of each socket the processes `pids` hold, mapped to its process."""
    pid_by_inode = {}
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                pid_by_inode[target[len("socket:["):-1]] = pid
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[9] in pid_by_inode:
                        ports[int(fields[1].rsplit(":", 1)[1], 16)] = pid_by_inode[fields[9]]
        except OSError:
            pass
    return ports


class SnapshotWatcher(threading.Thread):
    """Subscribes to the update channel and notes, per issue, when the first snapshot holding it
    was written (the snapshot's own `timestamp`, the master's wall clock on this machine)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.first_write = {}
        self.stop = False

    def run(self):
        while not self.stop:
            sub = get = None
            try:
                sub, get = Redis(self.port, timeout=None), Redis(self.port)
                sub.cmd("SUBSCRIBE", f"redgreen:updates:{GAME}")
                while not self.stop:
                    message = sub.read()
                    if not isinstance(message, list) or message[0] != b"message":
                        continue
                    raw = get.cmd("GET", SNAPSHOT_KEY)
                    if raw is None:
                        continue
                    snap = json.loads(raw)
                    issue = int(snap["processed_data"]["issue_number"])
                    self.first_write.setdefault(issue, float(snap["timestamp"]))
            except (OSError, ConnectionError, RuntimeError, ValueError, KeyError):
                time.sleep(0.2)
            finally:
                for c in (sub, get):
                    if c:
                        c.close()


# --- The collector ------------------------------------------------------------------------------


class Collector:
    """An HTTP server on 127.0.0.1 that records every POST /post/<bot> with its arrival time: the
    kernel's receive time of the request's first bytes (SO_TIMESTAMPNS), not when a Python thread got
    round to it. Stamped in a handler thread, 33 posts at once arrived up to the GIL's switch interval
    (5 ms) apart each, and the collector's own delays counted as the bots' skew."""

    def __init__(self):
        self.posts = []
        self.lock = threading.Lock()
        collector = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                sock = self.request
                sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
                pending, arrived = b"", None
                while True:  # keep-alive, as libcurl reuses its connection
                    try:
                        data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(16))
                    except OSError:
                        return
                    if not data:
                        return
                    if not pending:
                        arrived = now_ms()
                        for level, kind, value in ancillary:
                            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                                seconds, nanoseconds = struct.unpack("qq", value[:16])
                                arrived = seconds * 1000.0 + nanoseconds / 1e6
                    pending += data
                    while b"\r\n\r\n" in pending:
                        head, _, rest = pending.partition(b"\r\n\r\n")
                        lines = head.decode("latin-1").split("\r\n")
                        length = next((int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:")), 0)
                        if len(rest) < length:
                            break
                        body, pending = rest[:length], rest[length:]
                        collector.take(lines[0].split(" ")[1], body, arrived)
                        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                        arrived = now_ms()  # a request pipelined behind this one (libcurl does not)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 256

            def server_bind(self):
                # Inherited by each accepted connection, so that its first request is stamped too.
                self.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
                super().server_bind()

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, path, body, arrived):
        bot = path.rsplit("/", 1)[-1]
        try:
            record = json.loads(body)
            # A catch-up digest stands for every draw it covers ("covers"; "issue" is the newest).
            with self.lock:
                for issue in record.get("covers") or [record["issue"]]:
                    self.posts.append(
                        {"bot": bot, "locale": record["locale"], "issue": int(issue),
                         "arrived_ms": arrived, "posted_at_ms": float(record["posted_at_ms"])})
        except (ValueError, KeyError):
            pass

    def snapshot(self):
        with self.lock:
            return list(self.posts)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- Processes ----------------------------------------------------------------------------------


def proc_memory_kib(pid):
    """VmRSS, RssAnon and RssFile from /proc/<pid>/status, and from /proc/<pid>/smaps_rollup Pss
    (shared pages divided among the processes that map them) and Private (Private_Clean +
    Private_Dirty: pages no other process maps, what stopping this one would free), in KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in ("VmRSS", "RssAnon", "RssFile"):
                    out[key] = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    out["Pss"] = int(line.split()[1])
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    out["Private"] = out.get("Private", 0) + int(line.split()[1])
    except OSError:
        pass
    return out


class CpuSampler(threading.Thread):
    """CPU time of processes in seconds, to the nanosecond: the first field of
    /proc/<pid>/task/<tid>/schedstat (time on a CPU, ns), summed over every thread the process
    had. The Swift runtime's worker threads come and go, and a thread that ended takes its time
    out of /proc: this thread reads every thread of every watched process once a second and keeps
    each thread's last value, so a thread that ends loses only what it ran in its last second
    (the workers end after idling). Before issue 29: utime + stime of /proc/<pid>/stat, in 10 ms
    ticks."""

    def __init__(self):
        super().__init__(daemon=True)
        self.lock = threading.Lock()
        self.pids = set()
        self.seen = {}  # (pid, tid) -> ns

    def watch(self, pid):
        with self.lock:
            self.pids.add(pid)

    def sample(self, pid):
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return False
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    value = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            with self.lock:
                self.seen[(pid, tid)] = max(value, self.seen.get((pid, tid), 0))
        return True

    def run(self):
        while True:
            with self.lock:
                pids = list(self.pids)
            for pid in pids:
                self.sample(pid)
            time.sleep(1.0)

    def seconds(self, pid):
        """The process's CPU seconds so far; None once it is gone."""
        if not self.sample(pid):
            return None
        with self.lock:
            return sum(v for (p, _), v in self.seen.items() if p == pid) / 1e9


CPU = CpuSampler()


def proc_cpu_seconds(pid):
    return CPU.seconds(pid)


def http(method, url, timeout=5.0):
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def start_simulator(binary, port, shape="original", timeout=10.0):
    """Starts `redgreen-bot simulate` on `port` (draws only when asked) and returns its process once
    it answers."""
    sim = subprocess.Popen([binary, "simulate", "--port", str(port), "--period", "0s", "--shape", shape],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while True:
        try:
            http("GET", f"http://127.0.0.1:{port}/control/stats")
            return sim
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                sim.kill()
                raise
            time.sleep(0.02)


class Bot:
    def __init__(self, ident, locale, role, tmp, args, ports, metrics=True):
        self.ident, self.locale, self.role = ident, locale, role
        self.metrics_port = free_port() if metrics else None
        listen = f"metrics:\n  listen: 127.0.0.1:{self.metrics_port}\n" if metrics else ""
        # A master advertises its metrics port: while Redis is down readers take its snapshot there
        # (GET /snapshot) instead of calling the game API.
        shared = f"shared:\n  advertise: http://127.0.0.1:{self.metrics_port}\n" if metrics and role == "master" else ""
        self.config = os.path.join(tmp, f"{ident}.yaml")
        zone = time_zone_of(locale)
        with open(self.config, "w") as f:
            f.write(f"""locale: {locale}
locales_dir: {os.path.abspath('Locales')}
role: {role}
time_zone: {zone}
upstream:
  url: http://127.0.0.1:{ports['sim']}/api/draws
  poll_interval: {args.poll_interval}
redis:
  url: redis://127.0.0.1:{ports['redis']}
{listen}{shared}sinks:
  - type: webhook
    name: bench-{ident}
    url: http://127.0.0.1:{ports['collector']}/post/{ident}
""")
        self.log = open(os.path.join(tmp, f"{ident}.log"), "w")
        self.process = None
        self.spawned_ms = self.ready_ms = self.killed_ms = self.start_to_ready_ms = None

    def start(self, binary):
        self.spawned_ms = now_ms()
        self.process = subprocess.Popen([binary, "run", "--config", self.config], stdout=self.log, stderr=subprocess.STDOUT)
        CPU.watch(self.process.pid)

    def wait_ready(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"bot {self.ident} exited with {self.process.returncode}; see {self.log.name}")
            try:
                status, _ = http("GET", f"http://127.0.0.1:{self.metrics_port}/readyz", timeout=1.0)
                if status == 200:
                    self.ready_ms = now_ms()
                    return self.ready_ms - self.spawned_ms
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.005)
        raise RuntimeError(f"bot {self.ident} not ready after {timeout}s; see {self.log.name}")

    def kill(self):
        self.killed_ms = now_ms()
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def time_zone_of(locale):
    try:
        with open(os.path.join("Config", f"{locale}.yaml")) as f:
            m = re.search(r"^time_zone:\s*(\S+)", f.read(), re.M)
            return m.group(1) if m else "UTC"
    except OSError:
        return "UTC"


class RedisServer:
    def __init__(self, port, tmp):
        self.port, self.tmp, self.process = port, tmp, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxclients", "10000", "--dir", self.tmp],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                c = Redis(self.port)
                c.cmd("PING")
                c.close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait()


# --- One run ------------------------------------------------------------------------------------


class Fleet:
    def __init__(self, n, args, shape="original"):
        self.n, self.args, self.shape = n, args, shape
        self.tmp = tempfile.mkdtemp(prefix=f"redgreen-fleet-{n}-")
        self.ports = {"redis": free_port(), "sim": free_port()}
        self.redis = RedisServer(self.ports["redis"], self.tmp)
        self.collector = Collector()
        self.ports["collector"] = self.collector.port
        self.sim = None
        self.bots = []
        self.draws = []  # {"issue", "time_ms", "phase"}
        self.phases = {}

    def sim_url(self, path):
        return f"http://127.0.0.1:{self.ports['sim']}{path}"

    def start(self):
        self.redis.start()
        self.prefill_history(self.args.history_prefill)
        self.sim = start_simulator(self.args.bin, self.ports["sim"], self.shape)
        self.watcher = SnapshotWatcher(self.ports["redis"])
        self.watcher.start()
        self.bots.append(Bot("master", "en", "master", self.tmp, self.args, self.ports))
        self.bots.append(Bot("standby", "vi", "master", self.tmp, self.args, self.ports))
        for i in range(self.n):
            locale = LOCALES[i % len(LOCALES)]
            self.bots.append(Bot(f"r{i:03d}", locale, "reader", self.tmp, self.args, self.ports))
        # One at a time, so that each start-to-ready is the bot's own and not a queue on 2 cores.
        for bot in self.bots:
            bot.start(self.args.bin)
            bot.start_to_ready_ms = bot.wait_ready()
        # One more reader without metrics.listen, to show what the metrics endpoint costs in memory.
        bare = Bot("bare", LOCALES[self.n % len(LOCALES)], "reader", self.tmp, self.args, self.ports, metrics=False)
        bare.start(self.args.bin)
        self.bots.append(bare)
        time.sleep(1.0)

    def force_draws(self, count, phase, before_each=None):
        period = self.args.draw_period
        # The game keeps its rhythm across phases (as a real game's clock does): the first draw of a
        # phase falls on the next beat after the last phase's last draw, not whenever this script is
        # ready. Should the bookkeeping between phases have passed that beat, the phase starts now
        # (never a skipped beat: a draw missing from a regular game sets off the master's burst).
        now = time.monotonic()
        beat = getattr(self, "beat", None)
        next_at = now if beat is None or now > beat + period else beat + period
        for i in range(count):
            if before_each:
                before_each(i)
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            _, body = http("POST", self.sim_url("/control/draw"))
            draw = json.loads(body)
            self.draws.append({"issue": int(draw["issue"]), "time_ms": float(draw["time"]), "phase": phase})
            self.beat = next_at
            next_at += period
        # Let the last draw of the phase arrive (posts take well under a second) before the phase
        # ends, leaving half a period for the bookkeeping before the next beat.
        time.sleep(period / 2)

    def sim_stats(self):
        return json.loads(http("GET", self.sim_url("/control/stats"))[1])

    def reset_sim_stats(self):
        http("POST", self.sim_url("/control/reset-stats"))

    def upstream_phase(self, name, run):
        self.reset_sim_stats()
        before = len(self.draws)
        started = now_ms()
        run()
        stats = self.sim_stats()
        draws = len(self.draws) - before
        # A standing-by master's probes ("(vi; master; probe)") are neither the holder's polls nor a reader's.
        by_role = {"master": 0, "probe": 0, "reader": 0}
        for agent, count in stats["by_user_agent"].items():
            by_role["master" if "; master)" in agent else "probe" if "; probe)" in agent else "reader"] += count
        self.phases[name] = {
            "draws": draws, "seconds": round((now_ms() - started) / 1000, 1),
            "upstream_requests": stats["requests"],
            "upstream_requests_per_draw": round(stats["requests"] / max(draws, 1), 2),
            "upstream_requests_by_role": by_role,
            "upstream_requests_by_user_agent": stats["by_user_agent"],
        }

    def live_bots(self):
        return [b for b in self.bots if b.process.poll() is None]

    def redis_counts(self, conn):
        """The server's command total (which leaves out the INFO that reads it), calls per command
        and clients; three commands of this script's own."""
        total = int(conn.info("stats")["total_commands_processed"])
        clients = int(conn.info("clients")["connected_clients"])
        return total, command_calls(conn), clients

    def prefill_history(self, count):
        """Appends `count` draws older than the simulator's first (issues below 1000) to the draw
        history, as a fleet that has run for a while has: every bot then extends each feed with
        up to `shared.history` draws, the cost per draw of a full history."""
        if count <= 0:
            return
        conn = Redis(self.ports["redis"])
        start = int(time.time() * 1000) - count * 60_000
        for i, issue in enumerate(range(1000 - count, 1000)):
            red = issue % 3 != 0
            draw = json.dumps({"colors": ["Red" if red else "Green"], "issue": issue,
                               "time_ms": start + i * 60_000, "value": "002" if red else "001"}, separators=(",", ":"))
            conn.cmd("XADD", f"redgreen:history:{GAME}", "*", "issue", str(issue), "draw", draw)
        conn.close()

    def history_memory(self, conn):
        """The draw history stream of the game (issue 28): its entries and its Redis memory
        (MEMORY USAGE, every entry sampled), in all and per entry."""
        key = f"redgreen:history:{GAME}"
        entries = conn.cmd("XLEN", key) or 0
        used = conn.cmd("MEMORY", "USAGE", key, "SAMPLES", "0") or 0
        return {"key": key, "entries": entries, "memory_bytes": used,
                "bytes_per_entry": round(used / entries, 1) if entries else None}

    def run(self):
        a = self.args
        started = now_ms()
        self.start()
        print(f"  N={self.n}: {len(self.bots)} bots ready in {(now_ms() - started) / 1000:.1f}s", flush=True)
        self.force_draws(a.warmup_draws, "warmup")

        # Healthy: Redis command rates and connections from its counters, our own commands taken out.
        conn = Redis(self.ports["redis"])
        sent0 = Redis.sent
        total0, calls0, _ = self.redis_counts(conn)
        t0 = time.monotonic()
        busy0 = {b.ident: proc_cpu_seconds(b.process.pid) for b in self.bots}
        self.upstream_phase("healthy", lambda: self.force_draws(a.healthy_draws, "healthy"))
        busy1 = {b.ident: proc_cpu_seconds(b.process.pid) for b in self.bots}
        cpu_ms_per_draw = {k: (busy1[k] - busy0[k]) * 1000 / a.healthy_draws for k in busy0 if busy0[k] is not None and busy1[k] is not None}
        minutes = (time.monotonic() - t0) / 60
        own = Redis.sent - sent0 - 3  # this script's commands counted in the delta (see redis_counts)
        total1, calls1, clients = self.redis_counts(conn)
        bots = len(self.live_bots())
        redis_healthy = {
            "commands_per_bot_per_minute": round((total1 - total0 - own) / bots / minutes, 1),
            "by_command_per_bot_per_minute": {
                k: round((v - calls0.get(k, 0)) / bots / minutes, 1)
                for k, v in sorted(calls1.items()) if v - calls0.get(k, 0) > 0 and k not in ("info",)},
            "connections_per_bot": round((clients - 3) / bots, 2),  # less this script's three
            "history": self.history_memory(conn),
        }
        rss = {b.ident: proc_memory_kib(b.process.pid) for b in self.bots}

        dead = [b.ident for b in self.bots if b.process.poll() is not None]
        if dead:
            raise RuntimeError(f"bots exited during the healthy phase: {', '.join(dead)}; see their logs in {self.tmp}")

        # Idle: no draws. The first --idle-settle-seconds are not measured: the master looks for the
        # draw it expected with a short burst, then polls a silent game less and less often; what an
        # hour of silence costs is what follows.
        time.sleep(a.idle_settle_seconds)
        cpu0 = {b.ident: proc_cpu_seconds(b.process.pid) for b in self.bots}
        sent0 = Redis.sent
        total0, _, _ = self.redis_counts(conn)
        monitor = CommandMonitor(self.redis.port)
        monitor.start()
        t0 = time.monotonic()
        self.reset_sim_stats()
        time.sleep(a.idle_seconds)
        idle_s = time.monotonic() - t0
        by_port = monitor.finish()
        bot_of_pid = {b.process.pid: b for b in self.bots}
        idle_by_bot = {b.ident: 0 for b in self.bots}
        for port, pid in pid_by_local_port(bot_of_pid).items():
            idle_by_bot[bot_of_pid[pid].ident] += by_port.get(port, 0)
        idle_by_bot = {k: round(v / (idle_s / 60), 1) for k, v in idle_by_bot.items()}
        total1, _, _ = self.redis_counts(conn)
        idle_requests = self.sim_stats()["requests"]
        cpu1 = {b.ident: proc_cpu_seconds(b.process.pid) for b in self.bots}
        cpu_per_hour = {k: (cpu1[k] - cpu0[k]) / idle_s * 3600 for k in cpu0}
        # Less this script's own commands: the counts' three, and MONITOR with the idle phase's other ones.
        redis_idle_per_bot_minute = round((total1 - total0 - (Redis.sent - sent0 - 3)) / len(self.bots) / (idle_s / 60), 1)
        redis_idle_per_bot_minute = {"all_bots": redis_idle_per_bot_minute, "by_bot": idle_by_bot}
        conn.close()

        # Master killed: SIGKILL the lease holder; the standby takes over.
        # The lease holder is the master whose User-Agent the game API saw in the healthy phase.
        agents = self.phases["healthy"]["upstream_requests_by_user_agent"]
        masters = [b for b in self.bots if b.role == "master"]
        holder = max(masters, key=lambda b: sum(c for ag, c in agents.items() if f"({b.locale}; master)" in ag))
        self.killed_master = holder.ident
        self.upstream_phase("master_killed", lambda: self.force_draws(
            a.failover_draws, "master_killed", before_each=lambda i: holder.kill() if i == 0 else None))

        # Redis killed: SIGKILL redis-server, draws go on, then it is restarted on the same port.
        def redis_phase(i):
            if i == 0:
                self.redis_killed_ms = now_ms()
                self.redis.kill()
            elif i == a.redis_down_draws:
                self.redis.start()
                self.redis_restarted_ms = now_ms()

        self.upstream_phase("redis_killed", lambda: self.force_draws(
            a.redis_down_draws + a.redis_up_draws, "redis_killed", before_each=redis_phase))
        time.sleep(a.draw_period)
        self.cpu_ms_per_draw = cpu_ms_per_draw
        return self.report(rss, cpu_per_hour, idle_requests, idle_s, redis_healthy, redis_idle_per_bot_minute)

    def report(self, rss, cpu_per_hour, idle_requests, idle_s, redis_healthy, redis_idle):
        posts = self.collector.snapshot()
        draw_time = {d["issue"]: d["time_ms"] for d in self.draws}
        phase_of = {d["issue"]: d["phase"] for d in self.draws}
        measured = [d for d in self.draws if d["phase"] != "warmup"]
        by_bot_issue = {}
        for p in posts:
            by_bot_issue.setdefault((p["bot"], p["issue"]), []).append(p)
        duplicates = sum(len(v) - 1 for v in by_bot_issue.values() if len(v) > 1)
        duplicate_examples = [{"bot": k[0], "issue": k[1], "count": len(v)} for k, v in by_bot_issue.items() if len(v) > 1][:10]

        # Coverage: each bot is expected to post every measured draw published while it ran (the
        # killed master: draws published up to a second before its kill).
        coverage = {}
        missing_examples = []
        for bot in self.bots:
            expected = [d["issue"] for d in measured
                        if bot.killed_ms is None or d["time_ms"] < bot.killed_ms - 1000]
            got = sum(1 for i in expected if (bot.ident, i) in by_bot_issue)
            c = coverage.setdefault(bot.locale, {"expected": 0, "posted": 0})
            c["expected"] += len(expected)
            c["posted"] += got
            for i in expected:
                if (bot.ident, i) not in by_bot_issue and len(missing_examples) < 10:
                    missing_examples.append({"bot": bot.ident, "issue": i, "phase": phase_of[i]})
        for c in coverage.values():
            c["percent"] = round(100.0 * c["posted"] / max(c["expected"], 1), 2)
        total_expected = sum(c["expected"] for c in coverage.values())
        total_posted = sum(c["posted"] for c in coverage.values())

        def latency_and_skew(phase):
            lat, lat_readers, snap_lat, skew, skew_posted = [], [], [], [], []
            issues = {d["issue"] for d in self.draws if d["phase"] == phase}
            per_issue = {}
            for p in posts:
                if p["issue"] in issues and len(by_bot_issue[(p["bot"], p["issue"])]) >= 1:
                    per_issue.setdefault(p["issue"], []).append(p)
            for issue, ps in per_issue.items():
                first = {}
                for p in ps:  # the first post of each bot only
                    if p["bot"] not in first or p["arrived_ms"] < first[p["bot"]]["arrived_ms"]:
                        first[p["bot"]] = p
                for p in first.values():
                    lat.append(p["arrived_ms"] - draw_time[issue])
                    if p["bot"].startswith("r"):
                        lat_readers.append(p["arrived_ms"] - draw_time[issue])
                        if phase == "healthy" and issue in self.watcher.first_write:
                            snap_lat.append(p["arrived_ms"] - self.watcher.first_write[issue])
                if len(first) > 1:
                    arr = [p["arrived_ms"] for p in first.values()]
                    pst = [p["posted_at_ms"] for p in first.values()]
                    skew.append(max(arr) - min(arr))
                    skew_posted.append(max(pst) - min(pst))
            writes = [self.watcher.first_write[i] - draw_time[i] for i in issues if phase == "healthy" and i in self.watcher.first_write]
            return {
                "draw_to_snapshot_write_ms": summary(writes),
                "draw_to_post_ms": summary(lat),
                "draw_to_reader_post_ms": summary(lat_readers),
                "snapshot_write_to_reader_post_ms": summary(snap_lat),
                "skew_ms": summary(skew),
                "skew_by_bot_posted_at_ms": summary(skew_posted),
            }

        readers = [b for b in self.bots if b.role == "reader" and b.metrics_port]

        def mib(bots, key):
            return [rss[b.ident][key] / 1024 for b in bots if key in rss[b.ident]]

        def med_max(values):
            return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)} if values else None

        masters = [b for b in self.bots if b.role == "master"]
        reader_rss, master_rss = mib(readers, "VmRSS"), mib(masters, "VmRSS")
        bare = [b for b in self.bots if b.ident == "bare"]
        reader_cpu = [cpu_per_hour[b.ident] for b in readers]
        master_cpu = [cpu_per_hour[b.ident] for b in self.bots if b.role == "master"]
        ready = [b.start_to_ready_ms for b in self.bots if b.start_to_ready_ms is not None]
        ready_readers = [b.start_to_ready_ms for b in readers]
        idle_draws_hour = 3600 / idle_s
        return {
            "n_readers": self.n,
            "api_shape": self.shape,
            "bots": len(self.bots),
            "draws_published": len(measured),
            "draws_by_phase": {p: sum(1 for d in measured if d["phase"] == p) for p in ("healthy", "master_killed", "redis_killed")},
            "posts_received": len(posts),
            "coverage_percent": round(100.0 * total_posted / max(total_expected, 1), 2),
            "coverage_by_locale": coverage,
            "missing_examples": missing_examples,
            "duplicates": duplicates,
            "duplicate_examples": duplicate_examples,
            "latency_and_skew": {p: latency_and_skew(p) for p in ("healthy", "master_killed", "redis_killed")},
            "upstream": self.phases,
            "idle": {"seconds": round(idle_s, 1), "upstream_requests": idle_requests,
                     "upstream_requests_per_hour": round(idle_requests * idle_draws_hour)},
            "redis": dict(redis_healthy, idle_commands_per_bot_per_minute=redis_idle["all_bots"],
                          idle_commands_per_minute_by_bot=redis_idle["by_bot"],
                          idle_commands_per_reader_per_minute=med_max([redis_idle["by_bot"][b.ident] for b in readers]),
                          idle_commands_per_master_per_minute=med_max([redis_idle["by_bot"][b.ident] for b in masters])),
            "rss_mib": {"reader_median": round(statistics.median(reader_rss), 1), "reader_max": round(max(reader_rss), 1),
                        "master_median": round(statistics.median(master_rss), 1), "master_max": round(max(master_rss), 1)},
            "memory_detail_mib": {
                role: {key: med_max(mib(group, key)) for key in ("VmRSS", "RssAnon", "RssFile", "Pss", "Private")}
                for role, group in (("reader", readers), ("master", masters), ("reader_without_metrics", bare))},
            "cpu_seconds_per_hour_idle": {
                "reader_median": round(statistics.median(reader_cpu), 1), "reader_max": round(max(reader_cpu), 1),
                "master_max": round(max(master_cpu), 1)},
            "cpu_ms_per_draw_healthy": {
                "reader_median": round(statistics.median([self.cpu_ms_per_draw[b.ident] for b in readers]), 2),
                "master": round(self.cpu_ms_per_draw.get(self.bots[0].ident, 0), 2),
                "all_bots_total": round(sum(self.cpu_ms_per_draw.values()), 1)},
            "start_to_ready_ms": {"all": summary(ready), "readers": summary(ready_readers),
                                  "master": round(self.bots[0].start_to_ready_ms, 1)},
        }

    def close(self):
        self.watcher.stop = True
        for bot in self.bots:
            if bot.process and bot.process.poll() is None:
                bot.process.terminate()
        for bot in self.bots:
            bot.stop()
        if self.sim:
            self.sim.terminate()
            self.sim.wait()
        try:
            self.redis.kill()
        except Exception:
            pass
        self.collector.close()


# --- Output -------------------------------------------------------------------------------------


def machine():
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except Exception:
            return None

    mem_kib = None
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    os_name = None
    try:
        with open("/etc/os-release") as f:
            m = re.search(r'^PRETTY_NAME="?([^"\n]*)', f.read(), re.M)
            os_name = m.group(1) if m else None
    except OSError:
        pass
    return {
        "cores": os.cpu_count(), "memory_gib": round(mem_kib / 1024 / 1024, 1) if mem_kib else None,
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None),
        "os": os_name, "kernel": platform.release(),
        "swift": first_line(["swift", "--version"]), "redis": first_line(["redis-server", "--version"]),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": first_line(["git", "rev-parse", "--short", "HEAD"]),
        "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }


def fmt(v, unit=""):
    return "–" if v is None else f"{v:g}{unit}"


def markdown(result):
    runs = result["runs"]
    a = result["settings"]
    label = lambda r: f"N = {r['n_readers']}" + ("" if r.get("api_shape", "original") == "original" else f", {r['api_shape']} API")
    head = "| figure | target | " + " | ".join(label(r) for r in runs) + " |"
    lines = [head, "|---|---|" + "---|" * len(runs)]

    def row(name, target, cell):
        lines.append(f"| {name} | {target} | " + " | ".join(cell(r) for r in runs) + " |")

    def trio(s):
        return f"{fmt(s['p50'])} / {fmt(s['p99'])} / {fmt(s['max'])}"

    h = lambda r: r["latency_and_skew"]["healthy"]
    row("bots: master, standby, N readers, 1 reader without metrics", "", lambda r: str(r["bots"]))
    row("draws published (healthy / master killed / Redis killed)", "",
        lambda r: f"{r['draws_published']} ({r['draws_by_phase']['healthy']} / {r['draws_by_phase']['master_killed']} / {r['draws_by_phase']['redis_killed']})")
    row("coverage, all bots", "100%", lambda r: fmt(r["coverage_percent"], "%"))
    row("coverage by locale", "100%", lambda r: ", ".join(f"{k} {fmt(v['percent'], '%')}" for k, v in sorted(r["coverage_by_locale"].items())))
    row("duplicate posts", "0", lambda r: str(r["duplicates"]))
    row("draw → post, ms, p50 / p99 / max (healthy)", "", lambda r: trio(h(r)["draw_to_post_ms"]))
    row("draw → master's snapshot write, ms, p50 / p99 / max (healthy)", "",
        lambda r: trio(h(r).get("draw_to_snapshot_write_ms") or {"p50": None, "p99": None, "max": None}))
    row("snapshot write → reader's post, ms, p50 / p99 / max (healthy)", "", lambda r: trio(h(r)["snapshot_write_to_reader_post_ms"]))
    row("skew per draw (last post − first), ms, p50 / p99 / max (healthy)", "p99 ≤ 20 (N = 32), ≤ 100 (N = 128)", lambda r: trio(h(r)["skew_ms"]))
    row("skew by the bots' own posted_at, ms, p50 / p99 / max (healthy)", "", lambda r: trio(h(r)["skew_by_bot_posted_at_ms"]))
    for phase, label in (("healthy", "healthy"), ("master_killed", "master killed"), ("redis_killed", "Redis killed")):
        row(f"game API requests per draw, {label}", "independent of N",
            lambda r, p=phase: f"{fmt(r['upstream'][p]['upstream_requests_per_draw'])} (readers {r['upstream'][p]['upstream_requests_by_role']['reader']})")
    row("Redis commands per bot per minute (healthy / idle)", "",
        lambda r: f"{fmt(r['redis']['commands_per_bot_per_minute'])} / {fmt(r['redis']['idle_commands_per_bot_per_minute'])}")
    row("Redis commands per idle reader per minute, median / max; per master, max", "≤ 20",
        lambda r: "–" if "idle_commands_per_reader_per_minute" not in r["redis"] else
        f"{fmt(r['redis']['idle_commands_per_reader_per_minute']['median'])} / {fmt(r['redis']['idle_commands_per_reader_per_minute']['max'])}; "
        f"{fmt(r['redis']['idle_commands_per_master_per_minute']['max'])}")
    row("Redis connections per bot", "", lambda r: fmt(r["redis"]["connections_per_bot"]))
    row("Redis memory of the draw history per game, bytes (entries; bytes per entry)", "",
        lambda r: "–" if "history" not in r["redis"] else
        f"{fmt(r['redis']['history']['memory_bytes'])} ({fmt(r['redis']['history']['entries'])}; {fmt(r['redis']['history']['bytes_per_entry'])})")
    row("resident memory per reader, MiB, median / max", "≤ 15", lambda r: f"{fmt(r['rss_mib']['reader_median'])} / {fmt(r['rss_mib']['reader_max'])}")
    d = lambda r, role, key: (r["memory_detail_mib"][role] or {}).get(key) or {"median": None, "max": None}
    row("… of it private (Private_Clean + Private_Dirty), reader, MiB, median / max", "",
        lambda r: f"{fmt(d(r, 'reader', 'Private')['median'])} / {fmt(d(r, 'reader', 'Private')['max'])}")
    row("… of it anonymous (RssAnon), reader, MiB, median / max", "",
        lambda r: f"{fmt(d(r, 'reader', 'RssAnon')['median'])} / {fmt(d(r, 'reader', 'RssAnon')['max'])}")
    row("proportional share (Pss), reader, MiB, median / max", "",
        lambda r: f"{fmt(d(r, 'reader', 'Pss')['median'])} / {fmt(d(r, 'reader', 'Pss')['max'])}")
    row("resident memory of a reader without metrics.listen, MiB (private)", "",
        lambda r: f"{fmt(d(r, 'reader_without_metrics', 'VmRSS')['max'])} ({fmt(d(r, 'reader_without_metrics', 'RssAnon')['max'])})")
    row("resident memory per master, MiB, median / max", "", lambda r: f"{fmt(r['rss_mib']['master_median'])} / {fmt(r['rss_mib']['master_max'])}")
    row("CPU s per hour idle, reader median / max; master", "",
        lambda r: f"{fmt(r['cpu_seconds_per_hour_idle']['reader_median'])} / {fmt(r['cpu_seconds_per_hour_idle']['reader_max'])}; {fmt(r['cpu_seconds_per_hour_idle']['master_max'])}")
    row("CPU ms per draw (healthy): reader median; master; all bots together", "",
        lambda r: "–" if "cpu_ms_per_draw_healthy" not in r else
        f"{fmt(r['cpu_ms_per_draw_healthy']['reader_median'])}; {fmt(r['cpu_ms_per_draw_healthy']['master'])}; {fmt(r['cpu_ms_per_draw_healthy']['all_bots_total'])}")
    row("start → ready, ms, p50 / p99 / max (all bots)", "≤ 200", lambda r: trio(r["start_to_ready_ms"]["all"]))
    m = result["machine"]
    lines.append("")
    lines.append(f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}, kernel {m['kernel']}; "
                 f"{m['swift']}; {m['redis']}; load average at start {m['load_average_at_start']}; commit {m['commit']}; {m['date_utc']} UTC.")
    lines.append(f"Settings: draw period {a['draw_period']} s (forced), {a['warmup_draws']} warm-up draws, "
                 f"{a['healthy_draws']} healthy, idle {a['idle_seconds']} s (after {a.get('idle_settle_seconds', 0)} s unmeasured), {a['failover_draws']} after the master's kill, "
                 f"{a['redis_down_draws']} with Redis down and {a['redis_up_draws']} after its restart; poll interval {a['poll_interval']}; "
                 f"CPU from /proc/<pid>/task/*/schedstat (ns), every thread sampled once a second.")
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=".build/release/redgreen-bot")
    p.add_argument("--n", type=int, nargs="+", default=[4, 32, 128], help="reader counts, one run each")
    p.add_argument("--untimed-n", type=int, nargs="*", default=[4],
                   help="reader counts to run again against the simulator's untimed shape (the original API: no draw times)")
    p.add_argument("--draw-period", type=float, default=2.0, help="seconds between forced draws")
    p.add_argument("--poll-interval", default="2s")
    p.add_argument("--warmup-draws", type=int, default=8)
    p.add_argument("--healthy-draws", type=int, default=50)
    p.add_argument("--idle-seconds", type=float, default=60.0, help="the measured idle window")
    p.add_argument("--idle-settle-seconds", type=float, default=20.0,
                   help="seconds without draws before the idle window (not measured)")
    p.add_argument("--failover-draws", type=int, default=10)
    p.add_argument("--redis-down-draws", type=int, default=5)
    p.add_argument("--redis-up-draws", type=int, default=5)
    p.add_argument("--history-prefill", type=int, default=0,
                   help="draws (issues below the simulator's first) put in the draw history before the bots start")
    p.add_argument("--out", default="Benchmarks/results")
    args = p.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"fleet.py: {args.bin} is not an executable (make bench builds it)")
    CPU.start()
    result = {"machine": machine(), "settings": {k: v for k, v in vars(args).items() if k not in ("bin", "out")}, "runs": []}
    os.makedirs(args.out, exist_ok=True)
    for n, shape in [(n, "original") for n in args.n] + [(n, "untimed") for n in args.untimed_n]:
        fleet = Fleet(n, args, shape)
        try:
            result["runs"].append(fleet.run())
        finally:
            fleet.close()
        r = result["runs"][-1]
        print(f"  N={n} ({shape} API): coverage {r['coverage_percent']}%, duplicates {r['duplicates']}, "
              f"skew p99 {r['latency_and_skew']['healthy']['skew_ms']['p99']} ms (bot logs in {fleet.tmp})", flush=True)
        # Written after each N, so that a run stopped part way keeps what it measured.
        with open(os.path.join(args.out, "fleet.json"), "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
            f.write("\n")
        with open(os.path.join(args.out, "fleet.md"), "w") as f:
            f.write(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
