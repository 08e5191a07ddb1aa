// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// When draws appear in the game API, learned from the lease holder's own polls: a pure value,
/// tested without I/O.
///
/// Each new draw is bracketed by the last poll that did not see it (its start) and the first that
/// did (its answer): it appeared in between (a ``Sighting``). Projected onto the next issue by the
/// draw period (or, when the API stamps each draw with its time, as a publication lag behind that
/// stamp), the brackets of the last draws overlap in a window that shrinks draw after draw as the
/// schedule polls inside it. A bracket that overlaps none of the others is a draw the game published
/// late (a hiccup): it is set aside while the older ones agree, and taken as the new phase once the
/// next draw agrees with it.
package struct PublicationPhase: Sendable, Equatable {
    /// One new draw and the polls around it; times in milliseconds since 1970.
    package struct Sighting: Sendable, Equatable {
        /// The draw's issue.
        package var issue: Int64
        /// The start of the last poll that did not see it.
        package var after: Int64
        /// The answer of the first poll that did.
        package var by: Int64
        /// The draw's own time, when the API gives one.
        package var stamp: Int64?

        /// A sighting of `issue`, which appeared after `after` and by `by`.
        package init(issue: Int64, after: Int64, by: Int64, stamp: Int64? = nil) {
            self.issue = issue
            self.after = after
            self.by = max(after, by)
            self.stamp = stamp
        }
    }

    /// How far (ms) each draw widens the expected window towards earlier.
    package static let drift: Int64 = 1
    /// How far (ms) after its window a draw may still be missing and the window be wrong, not the game late.
    static let jitter: Int64 = 40
    /// How many sightings it keeps.
    static let kept = 8
    /// The last sightings, oldest first, ascending by issue, each narrowed to the window the
    /// earlier ones expected for it.
    package private(set) var sightings: [Sighting] = []
    /// The last sightings as the polls bracketed them, and the last narrow ones of those (from
    /// polls inside the window): the period is learned from these, never from what it taught.
    private var brackets: [Sighting] = []
    private var narrowBrackets: [Sighting] = []
    /// A bracket this narrow (ms) is kept among the narrow ones.
    static let narrow: Int64 = 300
    /// How many draws in a row were already there when the first poll inside their window went out
    /// (none missed inside it): the window's start was never checked, and may be sliding later.
    private var seenFirst: Int64 = 0
    /// From the third such draw in a row, how far (ms a draw) the window widens towards earlier on
    /// top of ``periodError``, doubling each draw up to ``longestSlide``.
    static let firstSlide: Int64 = 10
    static let longestSlide: Int64 = 80
    /// The period learned before a ``restart()``.
    private var earlierPeriod: Int64?

    /// Nothing learned yet.
    package init() {}

    /// Learns from a new draw's sighting; one not above the last sighting's issue is ignored.
    /// `period`, when known, narrows the sighting to the window the earlier ones expected for it
    /// (when they overlap), so that it keeps what they taught when they are dropped; that window is
    /// first widened towards earlier by ``drift`` and by how far the period may be off, so that a
    /// game that publishes earlier and earlier (or a period learned a little long) is noticed: the
    /// window grows past ``PollSchedule/precision`` now and then, and is polled inside again.
    package mutating func record(_ sighting: Sighting, period: Int64? = nil) {
        if let last = sightings.last, sighting.issue <= last.issue { return }
        brackets.append(sighting)
        if sighting.by - sighting.after <= Self.narrow { narrowBrackets.append(sighting) }
        Self.keep(&brackets)
        if narrowBrackets.count > 2 * Self.kept { narrowBrackets.removeFirst() }
        var narrowed = sighting
        if let period, let expected = window(next: sighting.issue, period: period, latest: sighting.issue, stamp: sighting.stamp) {
            let after = max(sighting.after, expected.lowerBound)
            let by = min(sighting.by, expected.upperBound)
            // A period a little long whose error the brackets under-state (the game's phase moved
            // between them) slides the window later draw after draw, each draw seen by its first poll.
            let seenByFirst = sighting.after < expected.lowerBound && sighting.by <= expected.upperBound
            seenFirst = seenByFirst ? seenFirst + 1 : 0
            if sighting.after >= expected.upperBound {
                // Still missing at the window's end, but not by much: the window is wrong (a period
                // a little off narrowed it onto too early a moment), not the game late. Start again
                // from this draw (a late draw is set aside by `window`).
                if sighting.after - expected.upperBound <= Self.jitter { sightings.removeAll() }
            } else if after <= by {
                (narrowed.after, narrowed.by) = (after, by)
            }
        }
        sightings.append(narrowed)
        Self.keep(&sightings)
    }

    private static func keep(_ list: inout [Sighting]) {
        if list.count > kept { list.removeFirst(list.count - kept) }
    }

    /// The draw period from the sightings alone: from their stamps when they have them, else from
    /// the brackets (each pair bounds the period; the bounds are intersected, newest first).
    package var period: Int64? {
        let pairs = zip(brackets, brackets.dropFirst())
        let stamped = pairs.compactMap { a, b -> Double? in
            guard let sa = a.stamp, let sb = b.stamp, sb > sa else { return nil }
            return (Double(sb) - Double(sa)) / (Double(b.issue) - Double(a.issue))
        }
        if !stamped.isEmpty { return Self.millis(Self.lowerMedian(stamped)) }
        if let narrow = narrowPeriod() { return narrow }
        return earlierPeriod ?? bracketedPeriod()
    }

    /// The period the narrow brackets tell: each pair of them estimates it, within half their
    /// widths over the issues between them; of the estimates that agree with the median of all (a
    /// late draw's do not), the most precise. Nil with fewer than three narrow brackets.
    private func narrowPeriod() -> Int64? {
        narrowEstimate().map { Self.millis($0.value) }
    }

    /// The estimate ``narrowPeriod()`` takes, with how far it may be off per draw.
    private func narrowEstimate() -> (value: Double, error: Double)? {
        guard narrowBrackets.count >= 3 else { return nil }
        var estimates: [(value: Double, error: Double)] = []
        for (index, later) in narrowBrackets.enumerated() {
            for earlier in narrowBrackets.prefix(index) {
                let issues = Double(later.issue) - Double(earlier.issue)
                let middles = (Double(later.after) + Double(later.by)) / 2 - (Double(earlier.after) + Double(earlier.by)) / 2
                let widths = Double(later.by - later.after) + Double(earlier.by - earlier.after)
                estimates.append((middles / issues, widths / 2 / issues))
            }
        }
        let median = Self.lowerMedian(estimates.map(\.value))
        let agreeing = estimates.filter { abs($0.value - median) <= $0.error + 5 }
        guard let best = agreeing.min(by: { $0.error < $1.error }), best.value > 0 else { return nil }
        return best
    }

    /// How far (ms a draw) the window may be sliding later: see ``seenFirst``.
    var slide: Int64 {
        seenFirst < 3 ? 0 : min(Self.longestSlide, Self.firstSlide << min(16, seenFirst - 3))
    }

    /// How far the period learned from brackets may be off, per draw (ms): the error of the
    /// estimate it is taken from (the smallest of all pairs' under-stated it: 11 ms for a period
    /// 20 ms long); zero when the draws' own times tell it.
    var periodError: Int64 {
        if brackets.contains(where: { $0.stamp != nil }) { return 0 }
        if let best = narrowEstimate() { return Self.millis(best.error.rounded(.up)) }
        // Learned from wide brackets alone: off by up to half the range they bound (taken as
        // exact, such a period narrowed the window onto the wrong moment, draw after draw).
        guard narrowPeriod() == nil, earlierPeriod == nil, let range = bracketedPeriodRange() else { return 0 }
        return Self.millis(((range.upperBound - range.lowerBound) / 2).rounded(.up))
    }

    /// The period the brackets bound: each pair of sightings bounds it. All pairs when they agree;
    /// else all but those of one sighting (a late draw), newest first; else the narrowest bounds
    /// first, each that disagrees with those before it left out.
    private func bracketedPeriod() -> Int64? {
        bracketedPeriodRange().map { Self.millis(($0.lowerBound + $0.upperBound) / 2) }
    }

    /// The range of periods the brackets bound (``bracketedPeriod()`` is its middle).
    private func bracketedPeriodRange() -> ClosedRange<Double>? {
        var byIssue: [Int64: Sighting] = [:]
        for bracket in brackets + narrowBrackets { byIssue[bracket.issue] = bracket }
        let known = byIssue.values.sorted { $0.issue < $1.issue }
        var bounds: [(range: ClosedRange<Double>, later: Int, earlier: Int)] = []
        for (index, later) in known.enumerated() {
            for (other, earlier) in known.prefix(index).enumerated() {
                let issues = Double(later.issue) - Double(earlier.issue)
                let low = (Double(later.after) - Double(earlier.by)) / issues
                let high = (Double(later.by) - Double(earlier.after)) / issues
                if high > 0 { bounds.append((max(0, low)...high, index, other)) }
            }
        }
        guard bounds.count >= 3 else { return nil }
        func intersection(_ ranges: [ClosedRange<Double>]) -> ClosedRange<Double>? {
            var range = 0...Double.infinity
            for bound in ranges {
                let low = max(range.lowerBound, bound.lowerBound)
                let high = min(range.upperBound, bound.upperBound)
                guard low <= high else { return nil }
                range = low...high
            }
            return range
        }
        var found = intersection(bounds.map(\.range))
        for left in known.indices.reversed() where found == nil && bounds.count >= 6 {
            found = intersection(bounds.filter { $0.later != left && $0.earlier != left }.map(\.range))
        }
        if found == nil {
            var range = 0...Double.infinity
            for bound in bounds.map(\.range).sorted(by: { $0.upperBound - $0.lowerBound < $1.upperBound - $1.lowerBound }) {
                let low = max(range.lowerBound, bound.lowerBound)
                let high = min(range.upperBound, bound.upperBound)
                if low <= high { range = low...high }
            }
            found = range
        }
        return found
    }

    /// Forgets the sightings (the game paused: its draws come at another moment now), keeping the
    /// period they taught until new ones teach it again.
    package mutating func restart() {
        earlierPeriod = period
        seenFirst = 0
        sightings.removeAll()
        brackets.removeAll()
        narrowBrackets.removeAll()
    }

    /// When issue `next` should appear (from its earliest to its latest moment), given the draw
    /// `period` and, when the API stamps draws, the `stamp` of the latest draw (issue `latest`).
    /// Nil before the first sighting.
    package func window(next: Int64, period: Int64, latest: Int64, stamp: Int64?) -> ClosedRange<Int64>? {
        guard !sightings.isEmpty, period > 0 else { return nil }
        let predictedStamp = stamp.map { Double($0) + Double(period) * (Double(next) - Double(latest)) }
        // Each draw back widens a sighting's projection towards earlier by the drift and how far the period may be off.
        let widening = Double(Self.drift + periodError + slide)
        func projected(_ s: Sighting) -> ClosedRange<Double> {
            let shift: Double
            if let predictedStamp, let own = s.stamp {
                shift = predictedStamp - Double(own)
            } else {
                shift = Double(period) * (Double(next) - Double(s.issue))
            }
            let low = Double(s.after) + shift - widening * max(0, Double(next) - Double(s.issue))
            return min(low, Double(s.by) + shift)...(Double(s.by) + shift)
        }
        func agreeing(from anchor: Int) -> (range: ClosedRange<Double>, used: Int) {
            var range = projected(sightings[anchor])
            var used = 1
            for index in sightings.indices.prefix(anchor).reversed() {
                let other = projected(sightings[index])
                let low = max(range.lowerBound, other.lowerBound)
                let high = min(range.upperBound, other.upperBound)
                guard low <= high else { continue }
                range = low...high
                used += 1
            }
            return (range, used)
        }
        var best = agreeing(from: sightings.count - 1)
        // A newest bracket that no older one agrees with is a late draw, while the older ones agree.
        if best.used == 1 && sightings.count >= 3 {
            let older = agreeing(from: sightings.count - 2)
            if older.used >= 2 { best = older }
        }
        return Self.millis(best.range.lowerBound)...max(Self.millis(best.range.lowerBound), Self.millis(best.range.upperBound))
    }

    /// The draw period from a feed's own stamps: the lower median of the gaps between consecutive
    /// stamped draws (per issue), at least two of them; nil when the feed does not tell.
    package static func period(of draws: [Draw]) -> Int64? {
        let stamped = draws.compactMap { draw in draw.timeMillis.map { (draw.issue, $0) } }
        let gaps = zip(stamped, stamped.dropFirst()).compactMap { a, b -> Double? in
            guard b.0 > a.0, b.1 > a.1 else { return nil }
            return (Double(b.1) - Double(a.1)) / (Double(b.0) - Double(a.0))
        }
        guard gaps.count >= 2 else { return nil }
        return millis(lowerMedian(gaps))
    }

    static func lowerMedian(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }

    /// `value` rounded to whole milliseconds, within Int64 (the stamps may be anything a game API sends).
    static func millis(_ value: Double) -> Int64 {
        guard value.isFinite else { return value > 0 ? Int64.max / 4 : Int64.min / 4 }
        return Int64(min(max(value.rounded(), Double(Int64.min / 4)), Double(Int64.max / 4)))
    }
}
