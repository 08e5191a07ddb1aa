// SPDX-License-Identifier: Apache-2.0
/// Where a bot shares its summary counts for `redgreen-bot status`: Redis in production.
package protocol StatsRecorder: Sendable {
    /// Writes `stats`, kept for `ttl`.
    func record(_ stats: BotStats, ttl: Duration) async throws
}
