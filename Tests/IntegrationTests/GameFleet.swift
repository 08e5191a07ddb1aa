import BotEngine
import BotEngineTesting
import Logging
import TestHarness

/// A master and readers of one game in the test process, each configured from YAML as an
/// operator writes it (so presets resolve from the shipped `Config/presets`), with real Redis,
/// real HTTP to the simulator and a recording sink each; tests drive their polls one at a time.
struct GameFleet {
    let master: MasterService
    let readers: [String: ReaderService]
    let sinks: [String: RecordingSink]
    private let workers: WorkerTasks
    let configs: [String: BotConfig]
    let readerCodes: [String]

    /// `top` is added at the top level of each config (`game_type: RG1M`), `upstream` inside its
    /// `upstream` block (`preset: list`), both already indented for their place.
    init(
        redisURL: String, upstreamURL: String, top: String = "", upstream: String = "", readerCodes: [String] = ["vi", "ja"],
        logs: LogRecorder? = nil
    ) throws {
        var sinks: [String: RecordingSink] = [:]
        var readers: [String: ReaderService] = [:]
        var configs: [String: BotConfig] = [:]
        var master: MasterService?
        for code in ["en"] + readerCodes {
            let yaml = """
                locale: \(code)
                locales_dir: \(RepoPaths.locales)
                role: \(code == "en" ? "master" : "reader")
                \(top)
                upstream:
                  url: \(upstreamURL)
                  timeout: 10s
                  connect_timeout: 1s
                  retry:
                    max_attempts: 3
                    base_delay: 50ms
                    max_delay: 200ms
                \(upstream)
                redis:
                  url: \(redisURL)
                  timeout: 5s

                """
            let config = try BotConfig.parse(yaml: yaml, file: RepoPaths.config + "/\(code)-game-test.yaml")
            let sink = RecordingSink(name: code)
            var parts = BotAssembly.Parts()
            parts.sinks = [sink]
            parts.makeLogger = { label in
                if let logs { return logs.logger(label: label) }
                var logger = Logger(label: label)
                logger.logLevel = .warning
                return logger
            }
            let bot = try BotAssembly.make(config: config, parts: parts)
            sinks[code] = sink
            configs[code] = config
            if let service = bot.service as? MasterService { master = service }
            if let service = bot.service as? ReaderService { readers[code] = service }
        }
        self.master = master!
        self.readers = readers
        self.sinks = sinks
        self.configs = configs
        self.readerCodes = readerCodes
        self.workers = WorkerTasks([master!.poster] + readers.values.map(\.poster))
    }

    /// Waits until every bot's posts are delivered.
    func settle() async {
        await master.poster.idle()
        for reader in readers.values { await reader.poster.idle() }
    }

    /// The master polls once, then every reader; returns where each reader found its draws.
    @discardableResult
    func round() async -> [String: ReaderService.Source] {
        await master.pollOnce()
        var sources: [String: ReaderService.Source] = [:]
        for (code, reader) in readers { sources[code] = await reader.pollOnce() }
        await settle()
        return sources
    }

    var all: [String] { ["en"] + readerCodes }
    func posts(_ code: String) -> [Post] { sinks[code]!.posts }
    func issues(_ code: String) -> [Int64] { sinks[code]!.issues }
}
