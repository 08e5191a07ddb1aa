/// What a reader makes of what the store holds.
public enum SnapshotReading: Sendable, Equatable {
    /// Fresh data: the draws, the data's age, and whether it came from the legacy key.
    case fresh(DrawFeed, ageMillis: Int64, legacy: Bool)
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
    public static func judge(
        _ stored: StoredSnapshot, nowMillis: Int64, freshness: Duration, ttl: Duration, mapping: ResponseMapping = .original,
        gameType: String? = nil
    ) -> SnapshotReading {
        let limit = freshness.milliseconds
        switch stored {
        case .empty:
            return .missing
        case .primary(let bytes):
            let snapshot: Snapshot
            do {
                snapshot = try Snapshot.decode(bytes, mapping: mapping)
            } catch {
                return .corrupt(error.message)
            }
            if let gameType, !snapshot.processed.gameType.isEmpty, snapshot.processed.gameType != gameType {
                return .corrupt("processed_data.game_type: the snapshot is for game \(snapshot.processed.gameType), this bot plays \(gameType)")
            }
            let age = max(0, nowMillis - snapshot.timestamp)
            guard age < limit else { return .stale(ageMillis: age) }
            return .fresh(snapshot.feed, ageMillis: age, legacy: false)
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
