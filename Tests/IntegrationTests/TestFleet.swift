import BotEngine
import BotEngineTesting
import Logging
import TestHarness

/// The four bots of the original fleet in the test process, with real Redis, real HTTP to the
/// simulator and a recording sink each; tests drive their polls one at a time.
struct TestFleet {
    let master: MasterService
    let readers: [String: ReaderService]
    let sinks: [String: RecordingSink]
    private let workers: WorkerTasks
    static let readerCodes = ["vi", "ja", "id"]

    /// `redisURLs` gives a bot its own Redis URL (with its ACL user), by locale.
    init(
        redisURL: String, upstreamURL: String, wallClock: any WallClock = SystemWallClock(), upstreamTimeout: Duration = .seconds(10),
        redisURLs: [String: String] = [:]
    ) throws {
        var sinks: [String: RecordingSink] = [:]
        var readers: [String: ReaderService] = [:]
        var master: MasterService?
        for code in ["en"] + Self.readerCodes {
            var config = BotConfig(locale: code, role: code == "en" ? .master : .reader, upstreamURL: upstreamURL)
            config.localesDirectory = RepoPaths.locales
            config.redis.url = redisURLs[code] ?? redisURL
            config.redis.timeout = .seconds(5)
            config.upstream.timeout = upstreamTimeout
            config.upstream.connectTimeout = .seconds(1)
            config.upstream.retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(50), maxDelay: .milliseconds(400))
            let sink = RecordingSink(name: code)
            var parts = BotAssembly.Parts()
            parts.sinks = [sink]
            parts.wallClock = wallClock
            parts.makeLogger = { label in
                var logger = Logger(label: label)
                logger.logLevel = .warning
                return logger
            }
            let bot = try BotAssembly.make(config: config, parts: parts)
            sinks[code] = sink
            if let service = bot.service as? MasterService { master = service }
            if let service = bot.service as? ReaderService { readers[code] = service }
        }
        self.master = master!
        self.readers = readers
        self.sinks = sinks
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

    var all: [String] { ["en"] + Self.readerCodes }
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
