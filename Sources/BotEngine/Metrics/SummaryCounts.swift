// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// What a bot did over one summary interval, for its summary log line and its stats hash in
/// Redis: a plain value, counted by `BotMonitor`.
package struct SummaryCounts: Sendable, Equatable {
    /// Reader polls that read Redis.
    package var reads = 0
    /// Of those, the ones that found a fresh snapshot.
    package var hits = 0
    /// Reader polls that went to the game API because Redis could not serve.
    package var fallbacks = 0
    /// Of those, the ones where the game API failed too.
    package var failedFallbacks = 0
    /// Master snapshot writes that succeeded.
    package var writes = 0
    /// Master snapshot writes that failed.
    package var failedWrites = 0
    /// Master polls whose game API request failed (after its retries).
    package var upstreamFailures = 0
    /// Deliveries to a sink that succeeded (one per draw and sink).
    package var posts = 0
    /// Deliveries given up on.
    package var failedPosts = 0
    /// The highest issue delivered so far (not reset between intervals).
    package var lastIssue: Int64?

    /// Nothing counted yet.
    package init() {}

    /// Counts one poll outcome.
    package mutating func record(_ outcome: PollOutcome) {
        switch outcome {
        case .freshRead:
            reads += 1
            hits += 1
        case .fallback(_, let failure):
            reads += 1
            fallbacks += 1
            if failure != nil { failedFallbacks += 1 }
        case .masterWrite(let failure):
            if failure == nil { writes += 1 } else { failedWrites += 1 }
        case .upstreamFailed:
            upstreamFailures += 1
        }
    }

    /// Counts one delivery of `issue`.
    package mutating func recordDelivery(issue: Int64, sent: Bool) {
        if sent {
            posts += 1
            lastIssue = max(lastIssue ?? issue, issue)
        } else {
            failedPosts += 1
        }
    }

    /// The counts of a new interval: zero, keeping the last issue.
    package func nextInterval() -> SummaryCounts {
        var next = SummaryCounts()
        next.lastIssue = lastIssue
        return next
    }

    /// The Redis hit rate in whole percent (rounded down, so 100% means every read hit), or nil
    /// without reads.
    package var hitRatePercent: Int? {
        guard reads > 0, hits >= 0 else { return nil }
        let (scaled, overflow) = hits.multipliedReportingOverflow(by: 100)
        // Counts read back from Redis may be anything; past Int's range, the rate in Double.
        return overflow ? Int(exactly: (Double(hits) * 100 / Double(reads)).rounded(.down)) : scaled / reads
    }

    /// The summary line of a bot of `role` over `interval`, without the log prefix:
    /// `Summary (5m): Redis hit rate 98% (294/300), 6 fallbacks, 150 posts, last draw 12345`.
    package func line(role: BotConfig.Role, interval: Duration) -> String {
        var parts: [String] = []
        switch role {
        case .reader:
            let rate = hitRatePercent.map { "\($0)%" } ?? "n/a"
            parts.append("Redis hit rate \(rate) (\(hits)/\(reads))")
            parts.append(Self.count(fallbacks, "fallback"))
            if failedFallbacks > 0 { parts.append("\(failedFallbacks) of them failed") }
        case .master:
            parts.append(Self.count(writes, "Redis write"))
            if failedWrites > 0 { parts.append(Self.count(failedWrites, "failed write")) }
            if upstreamFailures > 0 { parts.append(Self.count(upstreamFailures, "failed game API poll")) }
        }
        parts.append(Self.count(posts, "post"))
        if failedPosts > 0 { parts.append(Self.count(failedPosts, "failed post")) }
        parts.append(lastIssue.map { "last draw \($0)" } ?? "no draw posted yet")
        return "Summary (\(DurationText.format(interval))): " + parts.joined(separator: ", ")
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
