// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotSupport
import BotTelemetry
internal import CGlobalExecutor
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `redgreen-bot run --config Config/vi.yaml`: runs one bot until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one bot from its config file.",
        discussion: """
            REDIS_URL and REDGREEN_UPSTREAM_URL override redis.url and upstream.url. A bad config exits with status 2. \
            SIGHUP reloads the bot's locale file; metrics.listen serves /metrics, /healthz and /readyz.
            """
    )

    @Option(name: .shortAndLong, help: "The bot's YAML config file.")
    var config: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .info)
        let settings: BotConfig
        let bot: Bot
        var registry: PrometheusCollectorRegistry?
        do {
            settings = try BotConfig.load(path: config)
            // Before the bot is made, so that its metrics are kept from its first one.
            if settings.metrics.listen != nil { registry = MetricsBootstrap.prometheus() }
            bot = try BotAssembly.make(config: settings)
        } catch {
            throw exitForBadFile(error)
        }
        bot.logger.info("Starting \(bot.bundle.displayName) bot (\(bot.config.role.rawValue)) from \(config)")
        bot.logger.debug(
            "Swift's global executor: \(redgreen_global_executor_installed() ? "the bot's own threads" : "libdispatch's worker pool (REDGREEN_DISPATCH_EXECUTOR=1)")"
        )
        let reloads = LocaleReloadService(
            reloader: LocaleReloader(renderer: bot.renderer, directory: settings.localesDirectory),
            signals: await UnixSignalsSequence(trapping: .sighup), logPrefix: bot.bundle.logPrefix, logger: bot.logger
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: bot.service, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: bot.summary),
            .init(service: reloads),
        ]
        if let address = settings.metrics.listen, let registry {
            services.append(.init(service: Self.telemetry(of: bot, at: address, registry: registry, peerToken: settings.shared.peerToken)))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: bot.logger)
        )
        do {
            try await group.run()
        } catch {
            bot.logger.critical("Stopped: \(error)")
            throw ExitCode(1)
        }
        bot.logger.info("Stopped")
    }

    /// The bot's /metrics, /healthz, /readyz and /snapshot server at `address`, logging at warning
    /// and above but for the line that says where it serves.
    private static func telemetry(
        of bot: Bot, at address: ListenAddress, registry: PrometheusCollectorRegistry, peerToken: Secret?
    ) -> TelemetryServer {
        var quiet = bot.logger
        quiet.logLevel = max(quiet.logLevel, .warning)
        let monitor = bot.monitor
        let logger = bot.logger
        return TelemetryServer(
            address: address, registry: registry, readiness: { monitor.readiness() }, logger: quiet, snapshots: bot.servedSnapshot,
            peerToken: peerToken
        ) { port in
            let url = "http://\(ListenAddress(host: address.host, port: port))"
            logger.info("Serving metrics at \(url)/metrics, health at \(url)/healthz and \(url)/readyz")
        }
    }
}
