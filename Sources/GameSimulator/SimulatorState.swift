// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// The simulated game: its rolling window of draws, the fault it is playing, and what it was asked.
package final class SimulatorState: Sendable {
    struct State {
        var draws: [SimulatedDraw] = []
        var nextIssue: Int64
        var random: SplitMix64
        var fault: SimulatorFault = .none
        var faultRemaining: Int?
        var slowDelay: Duration = .seconds(15)
        var requests = 0
        var requestsByAgent: [String: Int] = [:]
        var refusedAgent: String?
    }

    private let state: Mutex<State>
    /// How many draws the API returns.
    package let window: Int

    /// A game that starts at `firstIssue` with `window` draws already published.
    package init(firstIssue: Int64 = 1000, window: Int = 10, seed: UInt64 = 42) {
        self.window = max(1, window)
        self.state = Mutex(State(nextIssue: firstIssue, random: SplitMix64(seed: seed)))
        for _ in 0..<self.window { publish() }
    }

    /// Publishes the next draw now and returns it.
    @discardableResult
    package func publish() -> SimulatedDraw {
        publish(issue: nil)
    }

    /// Publishes a draw numbered `issue` now (a game API that returns one absurd record, such as
    /// 9223372036854775807), without moving the numbering of the next `publish()`; nil: the next
    /// issue. `value` (its colours follow from its last digit) is random when nil.
    @discardableResult
    package func publish(issue: Int64?, value chosen: String? = nil) -> SimulatedDraw {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return state.withLock { state in
            let random = String(format: "%03d", Int(state.random.next() % 1000))
            let value = chosen ?? random
            let number = issue ?? state.nextIssue
            let draw = SimulatedDraw(issue: number, value: value, colors: SimulatedDraw.colors(for: value), publishedAtMillis: now)
            if issue == nil { state.nextIssue += 1 }
            state.draws.append(draw)
            if state.draws.count > window { state.draws.removeFirst(state.draws.count - window) }
            return draw
        }
    }

    /// Takes the draw numbered `issue` out of the window: the game API back to its real records.
    package func withdraw(issue: Int64) {
        state.withLock { $0.draws.removeAll { $0.issue == issue } }
    }

    /// The draws in the window, oldest first.
    package var draws: [SimulatedDraw] { state.withLock { $0.draws } }

    /// Plays `fault` for the next `count` requests (all of them when nil); `.none` clears it.
    package func setFault(_ fault: SimulatorFault, count: Int? = nil, delay: Duration? = nil) {
        state.withLock { state in
            state.fault = fault
            state.faultRemaining = fault == .none ? nil : count
            if let delay { state.slowDelay = delay }
        }
    }

    /// Refuses, with HTTP 403, every request whose User-Agent contains `agent` (as a game API that
    /// blocks one client), whatever fault the others get; nil or empty: refuses nobody.
    package func refuse(userAgentContaining agent: String?) {
        state.withLock { $0.refusedAgent = agent?.isEmpty == true ? nil : agent }
    }

    /// Counts a request by `userAgent` and returns the fault to play for it, with the delay.
    func admit(userAgent: String) -> (SimulatorFault, Duration, [SimulatedDraw]) {
        state.withLock { state in
            state.requests += 1
            state.requestsByAgent[userAgent, default: 0] += 1
            if let refused = state.refusedAgent, userAgent.contains(refused) { return (.forbidden, .zero, []) }
            let fault = state.fault
            if fault != .none, let remaining = state.faultRemaining {
                if remaining <= 1 {
                    state.fault = .none
                    state.faultRemaining = nil
                } else {
                    state.faultRemaining = remaining - 1
                }
            }
            return (fault, state.slowDelay, state.draws)
        }
    }

    /// Requests served so far, in all and by User-Agent.
    package var requestCounts: (total: Int, byUserAgent: [String: Int]) {
        state.withLock { ($0.requests, $0.requestsByAgent) }
    }

    /// Forgets the request counts.
    package func resetCounts() {
        state.withLock { state in
            state.requests = 0
            state.requestsByAgent = [:]
        }
    }

    /// What `GET /control/stats` answers.
    struct Stats: Encodable {
        var requests: Int
        var byUserAgent: [String: Int]
        var latestIssue: Int64?
        var fault: String

        enum CodingKeys: String, CodingKey {
            case requests, byUserAgent = "by_user_agent", latestIssue = "latest_issue", fault
        }
    }

    var stats: Stats {
        state.withLock { Stats(requests: $0.requests, byUserAgent: $0.requestsByAgent, latestIssue: $0.draws.last?.issue, fault: $0.fault.rawValue) }
    }
}
