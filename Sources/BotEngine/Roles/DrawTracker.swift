/// Decides which draws of a feed are new for one bot: a pure state machine, tested without I/O.
///
/// The first feed a bot sees yields only its latest draw (a bot that starts does not replay the
/// window). After that, every draw with an issue above the last one posted is new, oldest first;
/// when more than `maxCatchUp` are new at once, only the newest `maxCatchUp` are posted and the
/// rest are reported as skipped. An issue at or below the last posted one is never posted again.
public struct DrawTracker: Sendable, Equatable {
    /// The highest issue handed out for posting, if any.
    public private(set) var lastIssue: Int64?
    /// The most draws posted from one feed.
    public let maxCatchUp: Int

    /// A tracker that has posted nothing yet.
    public init(maxCatchUp: Int, lastIssue: Int64? = nil) {
        self.maxCatchUp = max(1, maxCatchUp)
        self.lastIssue = lastIssue
    }

    /// What to post from a feed, and how many new draws were skipped over the cap.
    public struct Selection: Sendable, Equatable {
        /// Draws to post, ascending by issue.
        public var draws: [Draw]
        /// New draws left out because of `maxCatchUp`.
        public var skipped: Int
    }

    /// Takes the new draws of `draws` (ascending by issue) and remembers them as handed out.
    public mutating func select(from draws: [Draw]) -> Selection {
        let fresh: [Draw]
        if let lastIssue {
            fresh = draws.filter { $0.issue > lastIssue }
        } else {
            fresh = draws.last.map { [$0] } ?? []
        }
        let chosen = Array(fresh.suffix(maxCatchUp))
        if let newest = chosen.last { lastIssue = newest.issue }
        return Selection(draws: chosen, skipped: fresh.count - chosen.count)
    }
}
