// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// The game API: one request for the current draws, validated.
package protocol GameAPI: Sendable {
    /// Makes one request, with no retry. Throws `UpstreamError` (or `CancellationError`).
    func fetchDraws() async throws -> DrawFeed
}
