// SPDX-License-Identifier: Apache-2.0
import BotSupport

/// Decides which draws of a feed are new for one bot: a pure state machine, tested without I/O.
///
/// The first feed a bot sees yields only its latest draw (a bot that starts does not replay the
/// window). After that, every draw with an issue above the last one posted is new, oldest first;
/// when more than `maxCatchUp` are new at once, the selection is a `digest`: all of them go out as
/// one message (`messages.digest`) rather than one each, and none is dropped. An issue at or below
/// the last posted one is never posted again. A tracker that resumes after a restart (`lastIssue`)
/// takes every draw of its first feed above the resume point: a bot killed and restarted, once or
/// many times, loses no draw the game API still returns. Draws between the last posted one and the
/// feed's oldest (the feed no longer holds them: the bot was away longer than the game API's
/// window) are reported as `missing`, after a restart and while running alike.
///
/// A game whose numbering went back (a reset, or one absurd issue such as 9223372036854775807
/// posted before the game went back to its real numbers) would otherwise silence the bot for good.
/// So a feed whose newest issue is below the last posted one is watched: nothing is posted from it,
/// and the selection says so (`heldBack`), until its newest issue has risen `confirmations` times,
/// as a live game's does and a frozen copy of an old window's does not. Then the tracker follows
/// it (`followed`): it posts the feed's draws above the highest issue it remembers posting at or
/// below the feed's newest (after an absurd issue, the last real one; after a reset, none: the
/// whole feed), as a digest past `maxCatchUp`. A feed back at or above the last posted issue ends the watch.
/// (The delivery ledger still skips any draw it has marked sent.)
package struct DrawTracker: Sendable, Equatable {
    /// The highest issue handed out for posting, if any.
    package private(set) var lastIssue: Int64?
    /// The most draws posted one message each from one feed; more go out as one digest.
    package let maxCatchUp: Int
    /// How many new draws a numbering below the last posted issue must show before it is followed.
    package let confirmations: Int
    /// The lower numbering being watched, if feeds are below the last posted issue.
    package private(set) var behind: Behind?
    /// The issues handed out most recently, ascending (at most `recentLimit`): where a followed
    /// numbering takes up again.
    private var recent: [Int64]
    private static let recentLimit = 64
    /// A tracker that has posted nothing yet (or resumes after `lastIssue`: its first feed posts
    /// every draw above it).
    package init(maxCatchUp: Int, lastIssue: Int64? = nil, confirmations: Int = 2) {
        self.maxCatchUp = max(1, maxCatchUp)
        self.lastIssue = lastIssue
        self.confirmations = max(1, confirmations)
        self.recent = lastIssue.map { [$0] } ?? []
    }

    /// Feeds below the last posted issue, as watched so far.
    package struct Behind: Sendable, Equatable {
        /// The newest issue of the first feed seen below: the first draw of the lower numbering.
        package var first: Int64
        /// The newest issue seen in it since.
        package var newest: Int64
        /// How many times that newest issue rose.
        package var advances: Int

        /// A watch of a lower numbering.
        package init(first: Int64, newest: Int64, advances: Int) {
            self.first = first
            self.newest = newest
            self.advances = advances
        }
    }

    /// A numbering that went back, once followed.
    package struct Rewind: Sendable, Equatable {
        /// The last issue posted before it.
        package var from: Int64
        /// The newest issue of the lower numbering, when it was followed.
        package var to: Int64
        /// The issue posting resumes after: the highest one posted before, at or below `to`, or
        /// just below the lower numbering's oldest draw in the feed.
        package var resumePoint: Int64

        /// A numbering followed back from `from` to `to`, posting after `resumePoint`.
        package init(from: Int64, to: Int64, resumePoint: Int64) {
            self.from = from
            self.to = to
            self.resumePoint = resumePoint
        }
    }

    /// What to post from a feed, and whether it goes out as one digest.
    package struct Selection: Sendable, Equatable {
        /// Draws to post, ascending by issue.
        package var draws: [Draw]
        /// Whether `draws` are more than `maxCatchUp`: posted as one digest message covering all
        /// of them, not one message each.
        package var digest = false
        /// The issues between the last posted one (after a restart, the resume point) and the
        /// feed's oldest draw: draws the game API no longer returns, so never posted.
        package var missing: ClosedRange<Int64>? = nil
        /// Set when the feed is below the last posted issue and nothing is posted from it yet.
        package var heldBack: Behind? = nil
        /// Set when this feed confirmed a lower numbering, which the tracker now follows.
        package var followed: Rewind? = nil
    }

    /// Takes the new draws of `draws` (ascending by issue) and remembers them as handed out.
    package mutating func select(from draws: [Draw]) -> Selection {
        guard let lastIssue else {
            let latest = draws.last.map { [$0] } ?? []
            remember(latest)
            return Selection(draws: latest)
        }
        guard let newest = draws.last?.issue, newest < lastIssue else {
            behind = nil
            var selection = take(draws.filter { $0.issue > lastIssue })
            if let oldest = draws.first?.issue, oldest > Int64.min, lastIssue < oldest - 1 {
                selection.missing = (lastIssue + 1)...(oldest - 1)
            }
            return selection
        }
        var watch = behind ?? Behind(first: newest, newest: newest, advances: 0)
        if newest < watch.first {
            watch = Behind(first: newest, newest: newest, advances: 0)  // went back once more
        } else if newest > watch.newest {
            watch.newest = newest
            watch.advances += 1
        }
        guard watch.advances >= confirmations else {
            behind = watch
            return Selection(draws: [], heldBack: watch)
        }
        behind = nil
        let anchor = recent.last { $0 <= newest }
        let fresh = anchor.map { anchor in draws.filter { $0.issue > anchor } } ?? draws
        let resumePoint = anchor ?? fresh.first.map { $0.issue == .min ? .min : $0.issue - 1 } ?? newest
        self.lastIssue = resumePoint
        var selection = take(fresh)
        selection.followed = Rewind(from: lastIssue, to: newest, resumePoint: resumePoint)
        return selection
    }

    private mutating func take(_ fresh: [Draw]) -> Selection {
        remember(fresh)
        return Selection(draws: fresh, digest: fresh.count > maxCatchUp)
    }

    private mutating func remember(_ chosen: [Draw]) {
        guard let newest = chosen.last else { return }
        lastIssue = newest.issue
        recent = Array((recent.filter { $0 < chosen[0].issue } + chosen.map(\.issue)).suffix(Self.recentLimit))
    }
}
