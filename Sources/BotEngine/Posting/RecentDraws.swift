// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Synchronization

/// The latest results a bot has seen in its feeds (the snapshots it reads, the master's polls),
/// for the trend picture and the live board: no extra request and no extra Redis read. Kept in
/// memory; each feed comes extended with the fleet's draw history (`SharedHistory`), so a bot that
/// starts has as many as the history holds, and without one, the game API's window, growing as
/// draws come.
final class RecentDraws: Sendable {
    private let keep: Int
    private let seen = Mutex<[Int64: Draw]>([:])

    /// Keeps at least the newest `keep` results (none when 0).
    init(keep: Int) {
        self.keep = keep
    }

    /// Remembers the results of `feed` (ascending by issue), keeping the newest.
    func remember(_ feed: [Draw]) {
        guard keep > 0 else { return }
        seen.withLock { seen in
            // A feed extended with the draw history may hold far more than the pictures need.
            for draw in feed.suffix(keep) { seen[draw.issue] = draw }
            if seen.count > keep * 2 {
                let cut = seen.keys.sorted().dropLast(keep)
                for issue in cut { seen.removeValue(forKey: issue) }
            }
        }
    }

    /// The results remembered up to `issue`, in no order.
    func window(upTo issue: Int64) -> [Draw] {
        seen.withLock { seen in seen.values.filter { $0.issue <= issue } }
    }
}
