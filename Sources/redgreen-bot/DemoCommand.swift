// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import BotSupport
import Foundation
import GameSimulator
import Logging
import ServiceLifecycle

/// `redgreen-bot demo`: the whole fleet in one process, with no set-up.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a simulated game and a bot for every locale in one process, printing each draw in every language.",
        discussion: "The English bot (or the first locale) is the master; the others read its snapshot from an in-memory store."
    )

    @Option(help: "Stop after every bot has posted this many draws (default: run until Ctrl-C).") var draws: Int?
    @Option(help: "Time between simulated draws.") var period = DurationArgument(.seconds(3))
    @Option(help: "Directory of locale files.") var localesDir = "Locales"
    @Option(help: "The master's locale.") var master = "en"
    @Option(help: "Each bot shows times in the time_zone of <config-dir>/<locale>.yaml when that file exists (UTC otherwise).")
    var configDir = "Config"
    @Option(help: "Where the trend picture of the draws so far is written after every draw.")
    var trendOut = (NSTemporaryDirectory() as NSString).appendingPathComponent("redgreen-demo-trend.png")
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let draws, draws < 1 { throw ValidationError("--draws must be at least 1") }
        if period.value <= .zero { throw ValidationError("--period must be positive") }
    }

    func run() async throws {
        try logging.bootstrap(default: .warning)
        let codes = (try? LocaleBundle.availableCodes(in: localesDir)) ?? []
        guard !codes.isEmpty else {
            throw exitForBadFile(FileError(.unreadable, file: localesDir, key: "", "no locale files (*.yaml) found"))
        }
        let masterCode = codes.contains(master) ? master : codes[0]
        let logger = Logger(label: "[DEMO]")

        var options = GameSimulator.Options()
        options.port = 0
        options.period = period.value
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let simulator = GameSimulator(options: options, logger: Logger(label: "[SIM]")) { port in
            portSink.yield(port)
            portSink.finish()
        }
        let fleet = try DemoFleet(
            codes: codes, masterCode: masterCode, localesDir: localesDir, configDir: configDir, drawsWanted: draws, ports: ports,
            period: period.value,
            trendOut: trendOut
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: simulator),
                    .init(service: fleet, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch let error as FileError {
            throw exitForBadFile(error)
        }
    }
}
