// SPDX-License-Identifier: Apache-2.0
import BotEngine

/// Runs the sink workers of `posters` while `body` runs, for tests that drive polls one at a
/// time; `settle` in the body waits until every handed-out post is delivered.
package func withRunningPosters<T: Sendable>(
    _ posters: [DrawPoster], _ body: @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        for poster in posters {
            group.addTask {
                await poster.run(); return nil
            }
        }
        let result = try await body()
        group.cancelAll()
        return result
    }
}
