// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Synchronization

/// A game API that answers from a script: each call takes the next result (the last repeats).
package final class ScriptedGameAPI: GameAPI {
    private let state: Mutex<(script: [Result<DrawFeed, UpstreamError>], calls: Int)>

    /// A script of answers.
    package init(_ script: [Result<DrawFeed, UpstreamError>]) {
        state = Mutex((script, 0))
    }

    package func fetchDraws() async throws -> DrawFeed {
        let result: Result<DrawFeed, UpstreamError> = state.withLock { state in
            state.calls += 1
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
        return try result.get()
    }

    /// Appends answers.
    package func append(_ results: [Result<DrawFeed, UpstreamError>]) {
        state.withLock { $0.script += results }
    }

    /// Calls made so far.
    package var calls: Int { state.withLock { $0.calls } }
}
