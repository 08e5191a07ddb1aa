// SPDX-License-Identifier: Apache-2.0
/// One bot's summary counts as it shares them in Redis, in the hash
/// `redgreen:stats:<game>:<locale>`, for `redgreen-bot status`: the counts of its last summary
/// interval, written at the end of each interval with an expiry of a few intervals, so the hash
/// of a bot that stopped goes away.
package struct BotStats: Sendable, Equatable {
    /// The bot's locale.
    package var locale: String
    /// `master` or `reader`.
    package var role: String
    /// The length of the interval counted.
    package var intervalMillis: Int64
    /// When it was written, in wall-clock milliseconds.
    package var updatedMillis: Int64
    /// The counts.
    package var counts: SummaryCounts
    /// A master's leadership when it was written (`leader`, `standby, could lead (…)`,
    /// `standby, cannot lead: …`); nil for a reader.
    package var lead: String?

    /// Creates stats.
    package init(locale: String, role: String, intervalMillis: Int64, updatedMillis: Int64, counts: SummaryCounts, lead: String? = nil) {
        self.locale = locale
        self.role = role
        self.intervalMillis = intervalMillis
        self.updatedMillis = updatedMillis
        self.counts = counts
        self.lead = lead
    }

    /// The hash's fields and values, for `HSET`.
    package var fields: [(String, String)] {
        var fields: [(String, String)] = [
            ("role", role), ("interval_ms", String(intervalMillis)), ("updated_ms", String(updatedMillis)),
            ("reads", String(counts.reads)), ("hits", String(counts.hits)), ("fallbacks", String(counts.fallbacks)),
            ("failed_fallbacks", String(counts.failedFallbacks)), ("writes", String(counts.writes)),
            ("failed_writes", String(counts.failedWrites)), ("upstream_failures", String(counts.upstreamFailures)),
            ("posts", String(counts.posts)), ("failed_posts", String(counts.failedPosts)),
            ("last_issue", counts.lastIssue.map(String.init) ?? ""),
        ]
        if let lead { fields.append(("lead", lead)) }
        return fields
    }

    /// Reads the hash of `locale` (as `HGETALL` gives it); nil when it is not one of ours.
    package init?(locale: String, fields: [String: String]) {
        guard let role = fields["role"], let interval = fields["interval_ms"].flatMap({ Int64($0) }),
            let updated = fields["updated_ms"].flatMap({ Int64($0) })
        else { return nil }
        func count(_ name: String) -> Int { fields[name].flatMap { Int($0) } ?? 0 }
        var counts = SummaryCounts()
        counts.reads = count("reads")
        counts.hits = count("hits")
        counts.fallbacks = count("fallbacks")
        counts.failedFallbacks = count("failed_fallbacks")
        counts.writes = count("writes")
        counts.failedWrites = count("failed_writes")
        counts.upstreamFailures = count("upstream_failures")
        counts.posts = count("posts")
        counts.failedPosts = count("failed_posts")
        counts.lastIssue = fields["last_issue"].flatMap { Int64($0) }
        let lead = fields["lead"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(locale: locale, role: role, intervalMillis: interval, updatedMillis: updated, counts: counts, lead: lead)
    }
}
