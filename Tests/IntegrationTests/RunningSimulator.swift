// SPDX-License-Identifier: Apache-2.0
import GameSimulator
import Logging
import ServiceLifecycle

/// The game simulator running in the test process on a free loopback port.
final class RunningSimulator: Sendable {
    let simulator: GameSimulator
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts a simulator; a zero `period` publishes draws only when the test says.
    static func start(
        period: Duration = .zero, window: Int = 10, shape: SimulatorShape = .original, firstIssue: Int64 = 1000, seed: UInt64 = 42
    ) async throws -> RunningSimulator {
        var options = GameSimulator.Options()
        options.port = 0
        options.period = period
        options.window = window
        options.shape = shape
        options.firstIssue = firstIssue
        options.seed = seed
        let quiet = Logger(label: "sim") { _ in SwiftLogNoOpLogHandler() }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let simulator = GameSimulator(options: options, logger: quiet) { port in
            sink.yield(port)
            sink.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [simulator], logger: quiet))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw SimulatorDidNotStart() }
        return RunningSimulator(simulator: simulator, port: port, group: group, task: task)
    }

    private init(simulator: GameSimulator, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.simulator = simulator
        self.port = port
        self.group = group
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)/api/draws" }
    var state: SimulatorState { simulator.state }
    var latestIssue: Int64 { state.draws.last!.issue }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    struct SimulatorDidNotStart: Error {}
}
