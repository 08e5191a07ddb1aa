// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// What a reader makes of what the store holds.
package enum SnapshotReading: Sendable, Equatable {
    /// Fresh data: the draws, the data's age, whether it came from the legacy key, and the
    /// snapshot's sequence number (nil from writers of the original design).
    case fresh(DrawFeed, ageMillis: Int64, legacy: Bool, sequence: Int64? = nil)
    /// Data older than the freshness window.
    case stale(ageMillis: Int64)
    /// Nothing under either key.
    case missing
    /// A payload that does not parse or validate: a miss, never a post.
    case corrupt(String)

    /// Judges `stored` at wall-clock time `nowMillis`.
    ///
    /// The primary key's age is `now - timestamp`. The legacy key has no timestamp: its age is
    /// `ttl - remaining TTL`, which holds when the writer used the same `ttl`; a legacy key with
    /// no expiry cannot be judged and counts as stale.
    ///
    /// Both keys' game data are decoded with `mapping`, the game's response mapping. A snapshot
    /// whose `processed_data.game_type` is not `gameType` (when given) belongs to another game and
    /// is corrupt for this bot.
    package static func judge(
        _ stored: StoredSnapshot, nowMillis: Int64, freshness: Duration, ttl: Duration, mapping: ResponseMapping = .original,
        gameType: String? = nil
    ) -> SnapshotReading {
        let limit = freshness.milliseconds
        switch stored {
        case .empty:
            return .missing
        case .refused(let reason):
            return .corrupt(reason)
        case .primary(let bytes, let remaining):
            let snapshot: Snapshot
            do {
                snapshot = try Snapshot.decode(bytes, mapping: mapping)
            } catch {
                return .corrupt(error.message)
            }
            if let gameType, !snapshot.processed.gameType.isEmpty, snapshot.processed.gameType != gameType {
                return .corrupt("processed_data.game_type: the snapshot is for game \(snapshot.processed.gameType), this bot plays \(gameType)")
            }
            // The server's count of the key's remaining life does not depend on any bot's clock:
            // when the writer said which TTL it set, that gives the age exactly, even if this bot's
            // clock is minutes off. Writers of the original design say nothing: use the timestamp.
            let age: Int64
            if let written = snapshot.ttlMillis, let remaining {
                age = max(0, written - remaining)
            } else if snapshot.timestamp - nowMillis > limit {
                // Written by a clock well ahead of this bot's: its age cannot be told, and taking it
                // as fresh would keep it fresh for as long as the clocks disagree.
                return .stale(ageMillis: Int64.max)
            } else {
                age = max(0, nowMillis - snapshot.timestamp)
            }
            guard age < limit else { return .stale(ageMillis: age) }
            return .fresh(snapshot.feed, ageMillis: age, legacy: false, sequence: snapshot.sequence)
        case .legacy(let bytes, let remaining):
            let feed: DrawFeed
            do {
                feed = try DrawDecoder.decode(bytes, mapping: mapping)
            } catch {
                return .corrupt("legacy key: \(error.message)")
            }
            guard let remaining, remaining >= 0 else { return .stale(ageMillis: Int64.max) }
            let age = max(0, ttl.milliseconds - remaining)
            guard age < limit else { return .stale(ageMillis: age) }
            return .fresh(feed, ageMillis: age, legacy: true)
        }
    }
}
