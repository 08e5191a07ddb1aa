// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// When the lease holder polls next: a pure state machine, tested without I/O.
///
/// It takes the draw period from `draw_period` in config, else from the draws' own times in the
/// API's answer, else from the draws it sees (``PublicationPhase``); until it has one it polls
/// every `pollInterval`, and every eighth of it for two poll intervals after each new draw its
/// polls bracketed within two intervals (the next draws bracketed closely, the period learned sooner). It learns when each draw appears
/// from the last poll that did not see it and the first that did: while that window is wider than
/// ``precision`` it polls inside it at quarters of it (``precision`` apart at least) until one sees
/// the draw, and once just after it (the window shrinks to a quarter each draw); once learned, it
/// polls once per draw, ``margin`` after the window. The window widens
/// towards earlier draw after draw (the game may drift, the period may be a little off); once a
/// poll inside it has missed the draw and the period is known within ``settledError`` ms a draw, it
/// is polled inside again (just before its learned end) only when it would pass twice the
/// precision, so that a settled master makes about one request a draw. A draw not there
/// by then (the game late) is caught by a short burst whose steps grow from 25 ms to `burst`,
/// for at most `window` (the poll interval, at least 2 s); then every `pollInterval`, the wait
/// growing with the silence (half of it) up to half the freshness window, when that is longer.
/// Between draws it never waits longer than half the freshness window, so the snapshot it
/// rewrites never goes stale. Without a period it polls every `pollInterval`.
package struct PollSchedule: Sendable, Equatable {
    let pollInterval: Int64
    let burst: Int64
    let freshness: Int64
    let configuredPeriod: Int64?
    let window: Int64
    /// A learned window this narrow (ms) is polled once per draw.
    package static let precision: Int64 = 40
    /// How long after the learned window the one poll goes out (ms).
    package static let margin: Int64 = 5
    /// A period known within this (ms a draw) lets a learned window widen to twice the precision.
    static let settledError: Int64 = 4
    /// The first step of the burst after a draw that is late (ms).
    static let firstStep: Int64 = 25
    /// How many parts the polls split a window being learned into.
    static let splits: Int64 = 4
    /// How many times as often as `pollInterval` it polls after a new draw while the period is unknown.
    static let learningPace: Int64 = 8

    /// What it learned about when draws appear.
    package private(set) var phase = PublicationPhase()
    /// The latest draw any poll saw: its issue and its own time, when the API gives one.
    package struct Latest: Sendable, Equatable {
        package var issue: Int64
        package var stamp: Int64?
    }

    /// The latest draw any poll saw.
    package private(set) var latest: Latest?
    /// The start of the last poll that did not see a draw above `latest`.
    private var lastMiss: Int64?
    private var feedPeriod: Int64?
    /// Whether the last poll inside the expected window missed the draw (the window's end is
    /// learned): then the window, widened for drift, is polled inside only once twice the precision.
    private var settled = false

    /// A schedule; durations in milliseconds.
    package init(pollIntervalMillis: Int64, burstMillis: Int64, freshnessMillis: Int64, drawPeriodMillis: Int64? = nil) {
        self.pollInterval = pollIntervalMillis
        self.burst = max(Self.firstStep, burstMillis)
        self.freshness = freshnessMillis
        self.configuredPeriod = drawPeriodMillis
        self.window = max(pollIntervalMillis, 2000)
    }

    /// The draw period: configured, from the API's stamps, or learned from the sightings. A learned
    /// period under `shortestLearnedPeriod` is none: no game draws that often, and draws published
    /// back to back (a test's, a game catching up) would have the master poll in bursts all the time.
    package var period: Int64? {
        if let configuredPeriod { return configuredPeriod }
        guard let learned = feedPeriod ?? phase.period, learned >= Self.shortestLearnedPeriod else { return nil }
        return learned
    }

    /// One second: the shortest draw period the schedule learns.
    package static let shortestLearnedPeriod: Int64 = 1000

    /// A poll that started at `started` was answered at `answered` with `draws` (ascending by
    /// issue, as a ``DrawFeed`` holds them). A failed poll tells nothing: do not report it.
    package mutating func polled(_ draws: [Draw], startedMillis started: Int64, answeredMillis answered: Int64) {
        if let fromFeed = PublicationPhase.period(of: draws) { feedPeriod = fromFeed }
        guard let newest = draws.last else { return }
        if let expected, started >= expected.lowerBound {
            // A miss inside the window settles it; one after it (the draw later than the window:
            // jitter, a hiccup) and a sighting inside it (earlier) unsettle it.
            let missed = latest.map { newest.issue <= $0.issue } ?? false
            let inside = started <= expected.upperBound
            if missed || inside { settled = missed && inside }
        }
        if let latest, newest.issue <= latest.issue {
            lastMiss = started
            return
        }
        // A draw without a time that came after the burst window: the game paused, and its draws
        // may come at another moment now (a lag behind the draws' own times outlasts a pause).
        if newest.timeMillis == nil, let expected, started > expected.upperBound + Self.margin + window { phase.restart() }
        if let lastMiss, latest != nil {
            phase.record(.init(issue: newest.issue, after: lastMiss, by: answered, stamp: newest.timeMillis), period: period)
        }
        latest = Latest(issue: newest.issue, stamp: newest.timeMillis)
        lastMiss = started
    }

    /// When the next draw should appear, from its earliest to its latest moment; nil while the
    /// schedule cannot tell.
    package var expected: ClosedRange<Int64>? {
        guard let period, period > 0, let latest else { return nil }
        return phase.window(next: latest.issue &+ 1, period: period, latest: latest.issue, stamp: latest.stamp)
    }

    /// How long to wait before the next poll goes out, at `now`.
    package func nextDelay(nowMillis now: Int64) -> Int64 {
        guard let expected else {
            // Draws are coming (the last one bracketed by polls two poll intervals apart at most) but their
            // period is not known yet: polls closer together bracket the next ones closer, so the
            // period and the moment they appear are learned in fewer draws.
            if period == nil, let last = phase.sightings.last, last.by - last.after <= 2 * pollInterval, now - last.by < 2 * pollInterval {
                return pollInterval / Self.learningPace
            }
            return pollInterval
        }
        let longest = max(freshness / 2, burst)
        let width = expected.upperBound - expected.lowerBound
        let target = expected.upperBound + Self.margin
        if width > Self.precision {
            // Learned, the window widens towards earlier draw after draw (the game may drift): it is
            // polled inside again, just before its learned end, only once twice as wide.
            let settled = settled && phase.periodError <= Self.settledError
            if !settled {
                // Learning: polls splitting the window into parts, until one sees the draw (into
                // halves when the draws' own times give the period, which needs no narrow brackets).
                let splits = latest?.stamp == nil ? Self.splits : 2
                let step = max(Self.precision, (width + splits - 1) / splits)
                let probe = expected.lowerBound + step * (max(0, now - expected.lowerBound) / step + 1)
                if probe < expected.upperBound { return min(longest, probe - now) }
            } else {
                let probe = expected.upperBound - Self.precision / 2
                let widening = PublicationPhase.drift + phase.periodError
                if width + widening > 2 * Self.precision, now < probe { return min(longest, probe - now) }
            }
        }
        if now < target { return min(longest, target - now) }
        let late = now - target
        if late <= window { return min(burst, max(Self.firstStep, late / 2)) }
        // The burst is over and the draw has not come (the game paused): the longer the silence, the
        // less often it asks, never less often than the poll interval or half the freshness window.
        return max(pollInterval, min(longest, late / 2))
    }
}
