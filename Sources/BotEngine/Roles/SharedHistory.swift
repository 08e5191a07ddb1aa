// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging
import Synchronization

/// The fleet's draw history as one bot knows it: the draws of the store's history (a Redis
/// stream the lease holder appends each draw to), read incrementally (only the entries after the
/// last one it has), and of every feed it is given, ascending, at most `keep` (`shared.history`).
///
/// It puts before each feed the draws it remembers older than the feed's oldest, so that the
/// poster sees one longer feed: streaks count up to the history's length, the trend picture and
/// the board start full, and a bot that was away posts every draw it missed that the history
/// still holds (through the same "new draws" path as any feed). Without a history (a master of
/// the original design, Redis down) a feed stays the game API's window, and the bot says so once.
final class SharedHistory: Sendable {
    private struct State {
        /// Ascending by issue, each issue once, at most `keep`.
        var draws: [Draw] = []
        /// The id of the newest entry read from the store.
        var lastID: String?
        /// The newest issue read from the store: an entry after `lastID` that is not newer means
        /// the stream started again (deleted, and refilled by the lease holder's next write).
        var lastIssue: Int64?
        /// The newest issue of the feeds the store was asked for: it is asked at most once per new
        /// draw, whatever it answered (a master of the original design writes no history).
        var askedFor: Int64?
        /// Whether the next new draw's feed asks the store even if it joins the draws held: at
        /// start, and after the store failed or the subscription (re)connected, when what was
        /// written meanwhile is unknown. Cleared by a read that answered.
        var mustRead = true
        var condition = ConditionLog()
    }

    private let keep: Int
    private let store: any SnapshotStore
    private let key: String
    private let logger: Logger
    private let state = Mutex(State())

    /// A history of at most `keep` draws, read from `store`'s history (named `key` in logs).
    init(keep: Int, store: any SnapshotStore, key: String, logger: Logger) {
        self.keep = max(1, keep)
        self.store = store
        self.key = key
        self.logger = logger
    }

    /// `feed` (ascending by issue) with the remembered draws older than its oldest before it; with
    /// `readStore`, first reads the store's entries after the last one read, when `feed`'s newest
    /// draw is newer than that of any feed the store was asked for (so at most once per new draw)
    /// and the store may hold draws this history lacks: at start, after ``readAgain()``, or when
    /// `feed` does not join the draws held (a gap between them). A feed that joins them (a healthy
    /// bot's every draw) asks nothing: the store holds nothing older that it lacks.
    /// `extra` (a peer's recent history) is remembered too.
    func extend(_ feed: [Draw], readStore: Bool = true, extra: [Draw] = []) async -> [Draw] {
        if readStore, state.withLock({ state in Self.ask(&state, feed) }) {
            await read()
        }
        return state.withLock { state in
            Self.absorb(extra, into: &state.draws, keep: keep)
            Self.absorb(feed, into: &state.draws, keep: keep)
            guard let oldest = feed.first?.issue else { return feed }
            return state.draws.prefix { $0.issue < oldest } + feed
        }
    }

    /// Has the next new draw's feed read the store whatever it joins: what the store was written
    /// while this bot could not follow it (the store failed, the subscription was lost) is unknown.
    func readAgain() {
        state.withLock { $0.mustRead = true }
    }

    /// The newest `count` draws remembered, ascending.
    func recent(_ count: Int) -> [Draw] {
        state.withLock { Array($0.draws.suffix(count)) }
    }

    private func read() async {
        let after = state.withLock { $0.lastID }
        let read: HistoryRead?
        do {
            read = try await store.history(after: after, count: keep)
        } catch is CancellationError {
            return
        } catch {
            state.withLock { $0.mustRead = true }
            report("failed", "Could not read the draw history \(key) (\(error)); streaks, pictures and catch-up use the game API's window", .warning)
            return
        }
        state.withLock { $0.mustRead = false }
        // A store that keeps no history (memory): the feeds are the history, nothing to say.
        guard let read else { return }
        if let refused = read.refused { logger.warning("Left out of the draw history: \(refused)") }
        let entries = read.entries
        guard let newest = entries.last else {
            if after == nil {
                let message = "No draw history in Redis (\(key)): a master of the original design? "
                report("none", message + "Streaks, pictures and catch-up use the game API's window", .info)
            }
            return
        }
        let startedAgain = state.withLock { state in
            let startedAgain = after != nil && entries[0].draw.issue <= state.lastIssue ?? .max
            // As many as asked for: older entries may be missing in between; start again from these.
            if entries.count >= keep { state.draws = [] }
            Self.absorb(entries.map(\.draw), into: &state.draws, keep: keep)
            state.lastID = newest.id
            state.lastIssue = max(state.lastIssue ?? newest.draw.issue, newest.draw.issue)
            return startedAgain
        }
        if startedAgain {
            let message = "The draw history \(key) started again (deleted?): read \(entries.count) draws up to draw \(newest.draw.issue); "
            report("restarted", message + "the draws it no longer holds stay as this bot remembers them", .warning)
        } else {
            let message = "Draw history read from Redis (\(key)): \(entries.count) draws, up to draw \(newest.draw.issue)"
            report("ok", message, after == nil ? .info : .debug)
        }
    }

    /// Whether to ask the store for `feed`: only when its newest draw is newer than any asked for
    /// (then remembered in `askedFor`), and the store must be read or `feed` leaves a gap after
    /// the draws held (its oldest is newer than their newest).
    private static func ask(_ state: inout State, _ feed: [Draw]) -> Bool {
        guard let newest = feed.last?.issue, let oldest = feed.first?.issue, newest > state.askedFor ?? .min else { return false }
        let gap = oldest > state.draws.last?.issue ?? .min
        guard state.mustRead || gap else { return false }
        state.askedFor = newest
        return true
    }

    private func report(_ condition: String, _ message: String, _ level: Logger.Level) {
        state.withLock { $0.condition.report(condition, message: message, level: level, to: logger) }
    }

    /// Adds `new` (ascending) to `draws` (ascending, each issue once; a draw already there is
    /// replaced), keeping the newest `keep`.
    static func absorb(_ new: [Draw], into draws: inout [Draw], keep: Int) {
        for draw in new {
            if let last = draws.last, last.issue >= draw.issue {
                let index = draws.partitionIndex { $0.issue >= draw.issue }
                if index < draws.count, draws[index].issue == draw.issue {
                    draws[index] = draw
                } else {
                    draws.insert(draw, at: index)
                }
            } else {
                draws.append(draw)
            }
        }
        if draws.count > keep { draws.removeFirst(draws.count - keep) }
    }
}

extension Array {
    /// The index of the first element for which `belongs` holds, in an array where it holds for a
    /// suffix (binary search); `count` when for none.
    fileprivate func partitionIndex(where belongs: (Element) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
