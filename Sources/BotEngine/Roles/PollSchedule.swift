/// When the lease holder polls next: a pure state machine, tested without I/O.
///
/// It learns the draw period from the draws it sees (their own time when the API gives one, else
/// when they were seen), or takes `draw_period` from config. Between draws it waits until just
/// before the next one is due, but never longer than half the freshness window, so the snapshot
/// it rewrites never goes stale; from then until the draw shows up it polls every `burst`.
/// Without a period, or when a draw is later than the burst window, it polls every `pollInterval`.
public struct PollSchedule: Sendable, Equatable {
    let pollInterval: Int64
    let burst: Int64
    let freshness: Int64
    let configuredPeriod: Int64?
    let lead: Int64
    let window: Int64
    private var seen: [Int64] = []

    /// A schedule; durations in milliseconds.
    public init(pollIntervalMillis: Int64, burstMillis: Int64, freshnessMillis: Int64, drawPeriodMillis: Int64? = nil) {
        self.pollInterval = pollIntervalMillis
        self.burst = max(10, burstMillis)
        self.freshness = freshnessMillis
        self.configuredPeriod = drawPeriodMillis
        // One poll a burst step before the draw is due, the next just after it (50 ms after the
        // due moment, so a draw published right on time is not missed by a hair).
        self.lead = max(self.burst - 50, 0)
        self.window = max(pollIntervalMillis, 2000)
    }

    /// The draw period: configured, or the median of the last intervals between new draws.
    public var period: Int64? {
        if let configuredPeriod { return configuredPeriod }
        guard seen.count >= 3 else { return nil }
        let gaps = zip(seen.dropFirst(), seen).map { $0 - $1 }.sorted()
        return gaps[gaps.count / 2]
    }

    /// A new draw was seen at `millis`.
    public mutating func sawNewDraw(atMillis millis: Int64) {
        seen.append(millis)
        if seen.count > 8 { seen.removeFirst(seen.count - 8) }
    }

    /// How long to wait before the next poll, at `now`.
    public func nextDelay(nowMillis now: Int64) -> Int64 {
        guard let period, period > 0, let last = seen.last else { return pollInterval }
        let longest = max(freshness / 2, burst)
        let due = last + period
        if now < due - lead { return min(longest, due - lead - now) }
        if now <= due + window { return burst }
        return pollInterval
    }
}
