// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A stand-in for the game API: serves the original response shape
/// (`{"code":0,"msg":"Succeed","data":{"records":[...]}}`, newest draw first) or another one
/// (`Options.shape`) with a rolling window of draws, publishes a new draw every `period`, and takes switches that tests use:
///
/// - `POST /control/fault?mode=500|403|malformed|slow|empty|reset|shuffled|repeated|none[&count=N][&delay=15s]`
/// - `POST /control/refuse?agent=<text>`: HTTP 403 to every User-Agent containing `text` (empty: nobody)
/// - `POST /control/draw`: publish a draw now (answers it as JSON)
/// - `GET /control/stats`: requests served, in all and by User-Agent, and the latest issue
/// - `POST /control/reset-stats`
package struct GameSimulator: Service {
    /// How the simulator is set up.
    package struct Options: Sendable {
        /// Address to listen on.
        package var host = "127.0.0.1"
        /// Port; 0 picks a free one.
        package var port = 8080
        /// Time between draws; zero publishes only on `POST /control/draw`.
        package var period: Duration = .seconds(5)
        /// The path of the draws endpoint.
        package var path = "/api/draws"
        /// Draws in the window.
        package var window = 10
        /// The first issue number.
        package var firstIssue: Int64 = 1000
        /// Seed of the result generator.
        package var seed: UInt64 = 42
        /// The response shape of the draws endpoint.
        package var shape: SimulatorShape = .original

        /// Defaults: 127.0.0.1:8080, a draw every 5 s.
        package init() {}
    }

    /// The game's state, which tests drive directly too.
    package let state: SimulatorState
    private let options: Options
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// A simulator; `onListening` gets the bound port once it accepts connections.
    package init(options: Options, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.options = options
        self.state = SimulatorState(firstIssue: options.firstIssue, window: options.window, seed: options.seed)
        self.logger = logger
        self.onListening = onListening
    }

    package func run() async throws {
        let app = Application(
            router: SimulatorRoutes.router(state: state, path: options.path, shape: options.shape),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { [onListening, options] channel in await onListening(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await app.run() }
            if options.period > .zero {
                group.addTask { [state, options, logger] in
                    try? await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            try await Task.sleep(for: options.period)
                            let draw = state.publish()
                            logger.debug("Published draw \(draw.issue): \(draw.value) \(draw.colors)")
                        }
                    }
                }
            }
        }
    }
}

extension GameSimulator: CustomStringConvertible {
    /// `GameSimulator(host:port)`, for service logs.
    package var description: String { "GameSimulator(\(options.host):\(options.port))" }
}
