// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import GameSimulator
import Logging
import ServiceLifecycle

/// `redgreen-bot simulate`: a stand-in game API for local runs and tests.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated game API with a rolling window of draws.",
        discussion: """
            GET /api/draws answers in the original shape, or with --shape list as {"code":0,"data":{"list":[{"issueNumber":"…","number":"7"}]}} \
            (no colour names), or with --shape untimed as the original records without their time. Test switches: POST /control/fault?mode=500|403|malformed|slow|empty|reset|shuffled|repeated|none \
            [&count=N][&delay=15s], POST /control/refuse?agent=<User-Agent part>, POST /control/draw, GET /control/stats, POST /control/reset-stats.
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Time between draws (0s: only on POST /control/draw).") var period = DurationArgument(.seconds(5))
    @Option(help: "Draws in the API's window.") var window = 10
    @Option(help: "The first issue number.") var firstIssue: Int64 = 1000
    @Option(help: "Seed of the result generator.") var seed: UInt64 = 42
    @Option(help: "Response shape: original (data.records with colour names), list (data.list, numbers only) or untimed (original, no time).")
    var shape: SimulatorShape = .original
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .info)
        let logger = Logger(label: "[SIM]")
        var options = GameSimulator.Options()
        options.host = host
        options.port = port
        options.period = period.value
        options.window = window
        options.firstIssue = firstIssue
        options.seed = seed
        options.shape = shape
        let simulator = GameSimulator(options: options, logger: logger) { [host] port in
            logger.info("Simulated game API on http://\(host):\(port)/api/draws (\(shape.rawValue) shape)")
        }
        let group = ServiceGroup(configuration: .init(services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
