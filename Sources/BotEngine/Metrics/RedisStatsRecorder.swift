import RedisClient

/// Writes a bot's summary counts to the hash `redgreen:stats:<game>:<locale>` with `HSET`, and
/// its expiry with `PEXPIRE`, in one round trip.
public struct RedisStatsRecorder: StatsRecorder {
    private let client: RedisClient
    private let game: String

    /// The prefix of every stats key.
    public static let prefix = "redgreen:stats"

    /// The stats key of `locale`'s bot of `game`.
    public static func key(game: String, locale: String) -> String { "\(prefix):\(game):\(locale)" }

    /// A recorder on `client` for the bots of `game`.
    public init(client: RedisClient, game: String) {
        self.client = client
        self.game = game
    }

    public func record(_ stats: BotStats, ttl: Duration) async throws {
        let key = Self.key(game: game, locale: stats.locale)
        let set = ["HSET", key] + stats.fields.flatMap { [$0.0, $0.1] }
        let replies: [Result<RedisReply, RedisError>]
        do {
            let commands = [set, ["PEXPIRE", key, String(ttl.milliseconds)]].map { $0.map { Array($0.utf8) } }
            replies = try await BotMetrics(locale: stats.locale).timingRedis("stats") { try await client.pipeline(commands) }
        } catch let error as RedisError {
            throw StoreError(error)
        }
        for reply in replies {
            if case .failure(let error) = reply { throw StoreError(error) }
        }
    }
}
