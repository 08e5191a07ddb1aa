// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Logging
import TestHarness

/// A master (`en`) and readers of one game in the test process, each configured from YAML as an
/// operator writes it (so presets resolve from the shipped `Config/presets`) and assembled as
/// `run` assembles it, with real Redis, real HTTP to the simulator and a recording sink each;
/// tests drive their polls one at a time.
struct TestFleet {
    let master: MasterService
    let readers: [String: ReaderService]
    let sinks: [String: RecordingSink]
    let configs: [String: BotConfig]
    let readerCodes: [String]
    private let workers: WorkerTasks
    /// The readers of the original fleet.
    static let readerCodes = ["vi", "ja", "id"]

    /// `top` is added at the top level of each config (`game_type: RG1M`), `upstream` inside its
    /// `upstream` block (`  preset: list`); `redisURLs` gives a bot its own Redis URL (with its ACL
    /// user), by locale; `logs` keeps every bot's log lines (else only warnings are printed).
    /// `lease` is long: the fixture drives polls by hand and runs no lease renewal, so a lease that
    /// lapsed while a loaded machine ran the test would have the master's writes refused.
    /// `moreSinks` adds sinks to a bot, by locale. `freshness` is long too (the default 10 s is less
    /// than a shared machine can stall between the master's write and a reader's read).
    init(
        redisURL: String, upstreamURL: String, top: String = "", upstream: String = "", readerCodes: [String] = TestFleet.readerCodes,
        upstreamTimeout: String = "10s", redisURLs: [String: String] = [:], wallClock: any WallClock = SystemWallClock(), logs: LogRecorder? = nil,
        lease: String = "10m", moreSinks: [String: [any MessageSink]] = [:], freshness: String = "2m"
    ) throws {
        var sinks: [String: RecordingSink] = [:]
        var readers: [String: ReaderService] = [:]
        var configs: [String: BotConfig] = [:]
        var master: MasterService?
        for code in ["en"] + readerCodes {
            var file = TestBotConfig(code: code, role: code == "en" ? "master" : "reader")
            file.top = top
            file.upstreamURL = upstreamURL
            file.pollInterval = nil
            file.upstreamTimeout = upstreamTimeout
            file.lease = lease
            file.freshness = freshness
            file.upstream = "  connect_timeout: 1s\n" + TestBotConfig.retry(attempts: 5, base: "50ms", max: "400ms") + "\n" + upstream
            // A password in the URL (an ACL user's) goes where a config keeps it: in the environment.
            var url = URLComponents(string: redisURLs[code] ?? redisURL)!
            let password = url.password
            url.password = nil
            file.redis = "  url: \(url.string!)" + (password == nil ? "" : "\n  password_env: TEST_REDIS_PASSWORD")
            file.sinks = ""
            let config = try file.parse(
                asFile: RepoPaths.config + "/\(code)-fleet-test.yaml", environment: password.map { ["TEST_REDIS_PASSWORD": $0] } ?? [:])
            let sink = RecordingSink(name: code)
            let bot = try TestBot(config: config).with {
                $0.parts.sinks = [sink] + (moreSinks[code] ?? [])
                $0.parts.wallClock = wallClock
                $0.parts.makeLogger = { label in
                    if let logs { return logs.logger(label: label) }
                    var logger = Logger(label: label)
                    logger.logLevel = .warning
                    return logger
                }
            }.bot()
            sinks[code] = sink
            configs[code] = config
            switch bot.role {
            case .master(let service): master = service
            case .reader(let service): readers[code] = service
            }
        }
        self.master = master!
        self.readers = readers
        self.sinks = sinks
        self.configs = configs
        self.readerCodes = readerCodes
        self.workers = WorkerTasks([master!.poster] + readers.values.map(\.poster))
    }

    /// Polls the master once and waits for its posts.
    func pollMaster() async {
        await master.pollOnce()
        await master.poster.idle()
    }

    /// Waits until every bot's posts are delivered.
    func settle() async {
        await master.poster.idle()
        for reader in readers.values { await reader.poster.idle() }
    }

    /// Polls every reader once; returns where each found its draws.
    @discardableResult
    func pollReaders() async -> [String: ReaderService.Source] {
        var sources: [String: ReaderService.Source] = [:]
        for (code, reader) in readers { sources[code] = await reader.pollOnce() }
        await settle()
        return sources
    }

    /// The master polls once, then every reader; returns where each reader found its draws.
    @discardableResult
    func round() async -> [String: ReaderService.Source] {
        await master.pollOnce()
        return await pollReaders()
    }

    /// Polls the master and the readers, as their loops would, until every reader reads from the
    /// store, for up to `attempts` rounds (a bot that saw Redis fail waits out its reconnect
    /// backoff, up to 5 s, before it writes or reads there again).
    func pollReadersUntilStore(attempts: Int = 120) async -> Bool {
        for _ in 0..<attempts {
            await pollMaster()
            if await pollReaders().values.allSatisfy({ $0 == .store }) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    var all: [String] { ["en"] + readerCodes }
    func posts(_ code: String) -> [Post] { sinks[code]!.posts }
    func issues(_ code: String) -> [Int64] { sinks[code]!.issues }
}

/// The sink workers of a test fleet, running until the fleet is dropped.
final class WorkerTasks: Sendable {
    private let tasks: [Task<Void, Never>]
    init(_ posters: [DrawPoster]) {
        tasks = posters.map { poster in Task { await poster.run() } }
    }
    deinit {
        for task in tasks { task.cancel() }
    }
}
