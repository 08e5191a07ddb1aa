// SPDX-License-Identifier: Apache-2.0
import BotStore

/// A test ledger that hands every call to `base` but those it implements itself.
protocol ForwardingDeliveryLedger: DeliveryLedger {
    associatedtype Base: DeliveryLedger
    var base: Base { get }
}

extension ForwardingDeliveryLedger {
    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try await base.claim(key, ttl: ttl, owner: owner)
    }
    func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try await base.takeOver(key, from: holder, ttl: ttl, owner: owner)
    }
    func markSent(_ key: LedgerKey, retention: Duration) async throws { try await base.markSent(key, retention: retention) }
    func release(_ key: LedgerKey, retention: Duration) async throws { try await base.release(key, retention: retention) }
    func abandon(_ key: LedgerKey) async throws { try await base.abandon(key) }
    func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        try await base.rewind(locale: locale, sinks: sinks, to: issue, retention: retention)
    }
    func resumePoint(locale: String, sinks: [String]) async throws -> Int64? { try await base.resumePoint(locale: locale, sinks: sinks) }
}
