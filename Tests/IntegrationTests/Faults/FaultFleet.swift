// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// A fleet of real `redgreen-bot` processes for one fault scenario: a password-protected
/// redis-server, the simulator in this process, a lease-holding master (`en`), optionally a
/// standby master (`vi`), and readers, each posting to the console sink as JSON lines.
///
/// A bot that is restarted keeps its earlier runs, so that the posts of all runs of a locale can
/// be checked together: every draw published since the fleet settled, exactly once.
final class FaultFleet: @unchecked Sendable {
    static let password = "fault-suite-password"
    static let snapshotKey = "fivem_red_green_shared_data"
    static let channel = "redgreen:updates:RG5M"

    /// What the fleet's bots are told; the scenario's bounds follow from these.
    struct Options {
        var standby = false
        var readers = ["ja", "id"]
        var masterPoll = "300ms"
        var readerPoll = "1s"
        /// The masters' `shared.lease`: the default, 8 s. A 4 s lease, renewed every 1.3 s, lapsed
        /// under a loaded make test (a stall of 2.7 s) and let the standby take over in a healthy fleet.
        var lease = "8s"
        /// The readers' `shared.freshness`: long enough that a reader slowed by a loaded machine
        /// still finds a planted or a healthy snapshot fresh when it reads it (the stale scenarios
        /// are far older). Masters keep the default, which paces their schedule.
        var readerFreshness = "30s"
        /// `shared.handover_after` of the masters; nil: the default.
        var handoverAfter: String?
        // Timeouts no healthy request reaches on a loaded machine, so that only the faults time out.
        var upstreamTimeout = "3s"
        var redisTimeout = "3s"
        /// The master serves its snapshot on a metrics port it advertises (`shared.advertise`),
        /// guarded by a token every bot has (`shared.peer_token_env`).
        var advertise = false
        /// Sink items added after the console sink, by locale (a Telegram sink on a fake server).
        var chatSinks: [String: String] = [:]
        /// Top-level blocks added to every bot's config (`delivery:`).
        var extra = ""
        /// Top-level blocks added to one bot's config, by locale (`metrics:`).
        var extraFor: [String: String] = [:]
    }

    static let peerToken = "fault-suite-peer-token"
    /// The bot token of `chatSinks`' Telegram sinks (`token_env: FAULT_TG_TOKEN`).
    static let telegramToken = "424242:FAULT-token-not-real"

    let options: Options
    let redis: RedisServerProcess
    let sim: RunningSimulator
    let admin: RedisClient
    private let dir: String
    private let binary: String
    private(set) var runs: [String: [ChildProcess]] = [:]
    /// The first draw every bot must post: the latest one when the fleet had settled.
    private(set) var first: Int64 = 0
    /// The metrics port the master listens on, when it advertises it.
    private(set) var masterPort: Int?

    var codes: [String] { ["en"] + (options.standby ? ["vi"] : []) + options.readers }
    func current(_ code: String) -> ChildProcess { runs[code]!.last! }

    /// Starts everything and waits until every bot has posted the current draw.
    static func start(_ options: Options = Options(), window: Int = 10) async throws -> FaultFleet {
        let fleet = try await FaultFleet(options: options, window: window)
        _ = try fleet.launch("en", role: "master")
        #expect(await fleet.current("en").waitFor(timeout: .seconds(30)) { $0.stderr.contains("Took the lease") }, "\(fleet.current("en").stderr)")
        if options.standby { _ = try fleet.launch("vi", role: "master") }
        for code in options.readers { _ = try fleet.launch(code, role: "reader") }
        fleet.first = fleet.sim.latestIssue
        try await fleet.expectEveryonePosts(fleet.first, within: .seconds(30))
        return fleet
    }

    private init(options: Options, window: Int) async throws {
        self.options = options
        binary = try BotBinary.require()
        redis = try RedisServerProcess.start(extraArguments: ["--requirepass", Self.password])
        sim = try await RunningSimulator.start(window: window)
        dir = try BotBinary.temporaryDirectory()
        var quiet = Logger(label: "fault-admin")
        quiet.logLevel = .critical
        admin = RedisClient(
            configuration: RedisConfiguration(
                endpoint: RedisEndpoint(host: "127.0.0.1", port: redis.port, password: Self.password),
                connectTimeout: .seconds(2), commandTimeout: .seconds(5), reconnectBackoffMin: .milliseconds(10),
                reconnectBackoffMax: .milliseconds(200)),
            logger: quiet)
    }

    /// Starts (or restarts) the bot for `code`.
    @discardableResult
    func launch(_ code: String, role: String) throws -> ChildProcess {
        var config = TestBotConfig(code: code, role: role)
        config.pollInterval = role == "master" ? options.masterPoll : options.readerPoll
        config.upstreamTimeout = options.upstreamTimeout
        config.upstream = "  connect_timeout: 1s\n" + TestBotConfig.retry(attempts: 3)
        config.redis = "  url: redis://127.0.0.1:1\n  password_env: FAULT_REDIS_PASSWORD"
        config.redisTimeout = options.redisTimeout
        config.lease = options.lease
        config.freshness = role == "reader" ? options.readerFreshness : nil
        config.handoverAfter = options.handoverAfter
        if let chat = options.chatSinks[code] { config.sinks += "\n" + chat }
        var extra = [options.extra, options.extraFor[code] ?? ""].filter { !$0.isEmpty }
        if options.advertise {
            config.shared = ["  peer_token_env: FAULT_PEER_TOKEN"]
            if role == "master" {
                let port = try masterPort ?? FreePort.next()
                masterPort = port
                config.shared.append("  advertise: http://127.0.0.1:\(port)")
                extra.append("metrics:\n  listen: 127.0.0.1:\(port)")
            }
        }
        config.extra = extra.joined(separator: "\n")
        let path = try config.write(in: dir)
        let env = [
            "REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url, "FAULT_REDIS_PASSWORD": Self.password, "FAULT_PEER_TOKEN": Self.peerToken,
            "FAULT_TG_TOKEN": Self.telegramToken,
        ]
        let child = try ChildProcess(binary, ["run", "--config", path], environment: env)
        runs[code, default: []].append(child)
        return child
    }

    /// Publishes a draw now and returns its issue.
    @discardableResult
    func publish() -> Int64 {
        sim.state.publish()
        return sim.latestIssue
    }

    /// The issues `code` posted, over all its runs, in the order posted (each issue a digest
    /// covers, oldest first).
    func posted(_ code: String) -> [Int64] {
        runs[code, default: []].flatMap { MultiProcessTests.posts($0) }.flatMap { $0.covers ?? [$0.issue] }
    }

    /// Waits until every running bot (but those in `except`) has posted `issue`; fails the test
    /// naming the bots that did not within `bound`. Returns how long it took.
    @discardableResult
    func expectEveryonePosts(
        _ issue: Int64, within bound: Duration, _ what: String = "", except: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Duration {
        let start = ContinuousClock.now
        var missing: [String] = []
        for code in codes where !except.contains(code) {
            let child = current(code)
            let ok = await child.waitFor(timeout: bound - (ContinuousClock.now - start)) { _ in self.posted(code).contains(issue) }
            if !ok { missing.append(code) }
        }
        let took = ContinuousClock.now - start
        #expect(
            missing.isEmpty,
            "\(what) draw \(issue) not posted within \(bound) by \(missing): \(missing.map { "\($0):\n\(current($0).stderr.suffix(3000))" }.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        return took
    }

    /// Stops the fleet and checks what every scenario promises: no bot crashed, each stops
    /// cleanly on SIGTERM, and each locale posted every draw from `first` to the latest exactly once
    /// (or, for a game whose numbering went back, exactly the issues `expected`, in that order).
    /// Bots in `stopped` were stopped by the scenario: only the others are checked.
    func finish(expected: [Int64]? = nil, stopped: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) async {
        let last = sim.latestIssue
        let codes = self.codes.filter { !stopped.contains($0) }
        for code in codes {
            #expect(
                current(code).isRunning, "\(code) is not running (crashed?): \(current(code).stderr.suffix(3000))", sourceLocation: sourceLocation)
        }
        for code in codes {
            current(code).signal(SIGTERM)
            let status = await current(code).waitForExit(timeout: ChildProcess.stopDeadline)
            let stacks = status == nil ? "\nits threads:\n" + current(code).threadStacks() : ""
            #expect(
                status == 0,
                "\(code) did not exit 0 after SIGTERM (status \(String(describing: status))): \(current(code).stderr.suffix(4000))\(stacks)",
                sourceLocation: sourceLocation)
        }
        for code in codes {
            let issues = posted(code)
            if let expected {
                #expect(issues == expected, "\(code) posted \(issues), expected \(expected)", sourceLocation: sourceLocation)
                continue
            }
            let expected = Array(first...last)
            #expect(issues.sorted() == expected, "\(code) posted \(issues), expected each of \(expected) once", sourceLocation: sourceLocation)
            #expect(issues == issues.sorted(), "\(code) posted out of order: \(issues)", sourceLocation: sourceLocation)
        }
        await admin.disconnect()
        await sim.stop()
        redis.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Sends one command as the test's own admin client.
    @discardableResult
    func redisCommand(_ arguments: String...) async throws -> RedisReply {
        try await admin.send(arguments)
    }

    /// Writes `payload` as the shared snapshot (with `ttlMillis` expiry) and announces it, as a
    /// master would, once the key is seen to hold it.
    ///
    /// A master frozen with SIGSTOP a moment earlier may have sent its last write (one `EVAL`,
    /// every poll) just before it stopped, and Redis may run that write after this `SET`: when
    /// both arrive before its next wait for events (a loaded machine), it serves the connection it
    /// served last time first, the test's, and the write lands over the planted payload. The readers would then
    /// read the master's fresh snapshot, not fall back, and miss the draw published while the
    /// master is frozen until that snapshot turns stale (`shared.freshness` plus the standby's
    /// grace). So the payload is read back, and planted again if a late write replaced it: a
    /// frozen master sends nothing more.
    func plant(_ payload: String, ttlMillis: Int = 300_000) async throws {
        for _ in 0..<10 {
            try await redisCommand("SET", Self.snapshotKey, payload, "PX", String(ttlMillis))
            if try await storedSnapshot() == payload { break }
        }
        #expect(try await storedSnapshot() == payload, "a write kept replacing the planted payload")
        try await redisCommand("PUBLISH", Self.channel, "999999999")
    }

    /// The snapshot the master last wrote, as text.
    func storedSnapshot() async throws -> String {
        guard case .bulk(let bytes) = try await redisCommand("GET", Self.snapshotKey) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension FaultFleet {
    /// Publishes draws until one round has only the lease holder calling the game API: the
    /// readers are back on the shared snapshot. Fails the test if that does not happen within `bound`.
    func expectBackOnTheSnapshot(within bound: Duration, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + bound
        var agents: [String: Int] = [:]
        while ContinuousClock.now < deadline {
            sim.state.resetCounts()
            let issue = publish()
            try await expectEveryonePosts(issue, within: .seconds(30), "back on the snapshot,", sourceLocation: sourceLocation)
            agents = pollers()
            if agents.keys.allSatisfy({ $0.contains("; master)") }) { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record("readers still call the game API \(bound) after the fault cleared: \(agents)", sourceLocation: sourceLocation)
    }

    /// Requests to the game API since the counts were last reset, by User-Agent, without the
    /// probes of standing-by masters (`(vi; master; probe)`).
    func pollers() -> [String: Int] {
        sim.state.requestCounts.byUserAgent.filter { !$0.key.contains("; probe)") }
    }

    /// Prints how long recovery took (the draw published during the fault posted by every bot,
    /// or the lease taken over), for the fault matrix of docs/testing.md.
    func report(_ scenario: String, recovered: Duration) {
        let seconds = recovered.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))
        print("fault-suite: \(scenario): recovered in \(seconds)")
    }
}
