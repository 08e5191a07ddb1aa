import ArgumentParser
import BotEngine
import Logging
import ServiceLifecycle

/// `redgreen-bot run --config Config/vi.yaml`: runs one bot until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one bot from its config file.",
        discussion: "REDIS_URL and REDGREEN_UPSTREAM_URL override redis.url and upstream.url. A bad config exits with status 2."
    )

    @Option(name: .shortAndLong, help: "The bot's YAML config file.")
    var config: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .info)
        let bot: Bot
        do {
            bot = try BotAssembly.make(config: BotConfig.load(path: config))
        } catch {
            throw exitForBadFile(error)
        }
        bot.logger.info("Starting \(bot.bundle.displayName) bot (\(bot.config.role.rawValue)) from \(config)")
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: bot.service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: bot.logger
            )
        )
        try await group.run()
        bot.logger.info("Stopped")
    }
}
