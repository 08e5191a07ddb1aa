// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Synchronization

/// The latest results a bot has seen in its feeds (the snapshots it reads, the master's polls),
/// for the trend picture and the live board: no extra request and no extra Redis read. Kept in
/// memory, so after a start they are the game API's window and grow as draws come.
final class RecentDraws: Sendable {
    private let keep: Int
    private let seen = Mutex<[Int64: Draw]>([:])

    /// Keeps at least the newest `keep` results (none when 0).
    init(keep: Int) {
        self.keep = keep
    }

    /// Remembers the results of `feed`, keeping the newest.
    func remember(_ feed: [Draw]) {
        guard keep > 0 else { return }
        seen.withLock { seen in
            for draw in feed { seen[draw.issue] = draw }
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
