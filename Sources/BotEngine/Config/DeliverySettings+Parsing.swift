// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension DeliverySettings {
    mutating func apply(_ tree: YAMLTree) throws(FileError) {
        let keys = try tree.mapping(allowed: [
            "max_attempts", "base_delay", "max_delay", "max_retry_after", "ledger", "claim_ttl", "retention", "max_age", "lost_chat_retry",
        ])
        if let attempts = keys["max_attempts"] { maxAttempts = try attempts.int(in: 1...20) }
        if let base = keys["base_delay"] { baseDelay = try base.duration() }
        if let max = keys["max_delay"] { maxDelay = try max.duration() }
        if let retry = keys["max_retry_after"] { maxRetryAfter = try retry.duration() }
        if let ledger = keys["ledger"] { self.ledger = LedgerKind(rawValue: try ledger.oneOf(LedgerKind.allCases.map(\.rawValue)))! }
        if let claim = keys["claim_ttl"] { claimTTL = try claim.duration(atLeast: .seconds(1)) }
        if let keep = keys["retention"] { retention = try keep.duration(atLeast: .seconds(60)) }
        if let age = keys["max_age"] { maxAge = try age.duration(atLeast: .seconds(1)) }
        if let retry = keys["lost_chat_retry"] { lostChatRetry = try retry.duration(atLeast: .seconds(1)) }
    }
}
