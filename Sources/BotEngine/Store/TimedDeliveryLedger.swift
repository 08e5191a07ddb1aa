// SPDX-License-Identifier: Apache-2.0
import BotStore
/// A delivery ledger that times each operation of the ledger it wraps into
/// `redgreen_redis_command_duration_seconds{operation="claim|mark_sent|release|abandon|rewind|resume_point|migrate"}`.
package struct TimedDeliveryLedger: DeliveryLedger {
    /// The ledger timed.
    package let base: any DeliveryLedger
    private let metrics: BotMetrics

    /// Times `base` into `metrics`.
    package init(_ base: any DeliveryLedger, metrics: BotMetrics) {
        self.base = base
        self.metrics = metrics
    }

    package func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try await metrics.timingRedis("claim") { try await base.claim(key, ttl: ttl, owner: owner) }
    }

    package func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try await metrics.timingRedis("claim") { try await base.takeOver(key, from: holder, ttl: ttl, owner: owner) }
    }

    package func markSent(_ key: LedgerKey, retention: Duration) async throws {
        try await metrics.timingRedis("mark_sent") { try await base.markSent(key, retention: retention) }
    }

    package func release(_ key: LedgerKey, retention: Duration) async throws {
        try await metrics.timingRedis("release") { try await base.release(key, retention: retention) }
    }

    package func abandon(_ key: LedgerKey) async throws {
        try await metrics.timingRedis("abandon") { try await base.abandon(key) }
    }

    package func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        try await metrics.timingRedis("rewind") { try await base.rewind(locale: locale, sinks: sinks, to: issue, retention: retention) }
    }

    package func migrate(locale: String, sinks: [String], retention: Duration) async throws -> Int {
        try await metrics.timingRedis("migrate") { try await base.migrate(locale: locale, sinks: sinks, retention: retention) }
    }

    package func resumePoint(locale: String, sinks: [String]) async throws -> Int64? {
        try await metrics.timingRedis("resume_point") { try await base.resumePoint(locale: locale, sinks: sinks) }
    }
}
