// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation

/// One bot of the fleet, as its YAML config file describes it.
///
/// Built by `BotConfig.load(path:environment:)`, which validates every key and resolves secrets
/// from the environment or from files; the struct itself never holds a secret read from YAML.
public struct BotConfig: Sendable {
    /// Whether the bot polls the game API and shares draws (`master`) or reads them (`reader`).
    public enum Role: String, Sendable, CaseIterable {
        case master, reader
    }

    /// The config file this came from, for messages.
    public var file: String
    /// The locale code; the bot loads `<localesDirectory>/<locale>.yaml`.
    public var locale: String
    /// Where locale files live; relative paths are relative to the working directory.
    public var localesDirectory: String
    /// The bot's role in the fleet.
    public var role: Role
    /// The game's type tag, written into the snapshot (`RG5M` in the original fleet).
    public var gameType: String
    /// The zone draw times are shown in (`time_zone`, an IANA name such as `Asia/Tokyo`; UTC by default).
    public var timeZone: TimeZone
    /// The game API.
    public var upstream: UpstreamSettings
    /// The shared Redis.
    public var redis: RedisSettings
    /// The keys the fleet shares in Redis.
    public var shared: SharedKeys
    /// How new draws are posted.
    public var posting: PostingSettings
    /// Where posts go.
    public var sinks: [SinkSettings]
    /// How posts are delivered: retries and the exactly-once ledger.
    public var delivery = DeliverySettings()
    /// The metrics and health endpoint (`metrics:`), off by default.
    public var metrics = MetricsSettings()
    /// The summary log line (`log:`).
    public var log = LogSettings()

    /// How long the lease holder may go without a valid game API response before it hands the
    /// lease over: `shared.handover_after`, by default five poll intervals and at least 30 s, longer
    /// than the failures one poll's retries ride out.
    public var handoverAfter: Duration { shared.handoverAfter ?? max(upstream.pollInterval * 5, .seconds(30)) }

    /// How often a master that stands by probes the game API: half of ``handoverAfter``, at least
    /// a poll interval.
    public var probeInterval: Duration { max(upstream.pollInterval, handoverAfter / 2) }

    /// A config with every default, for `role` and `locale`; used by the demo and tests.
    public init(locale: String, role: Role, upstreamURL: String, file: String = "<built-in>") {
        self.file = file
        self.locale = locale
        self.localesDirectory = "Locales"
        self.role = role
        self.gameType = RedisKeys.defaultGameType
        self.timeZone = TimeZone(identifier: "UTC")!
        self.upstream = UpstreamSettings(url: upstreamURL)
        self.redis = RedisSettings()
        self.shared = SharedKeys()
        self.posting = PostingSettings()
        self.sinks = [.console(format: .text)]
    }
}

/// The game API a master polls, and that readers fall back to.
public struct UpstreamSettings: Sendable {
    /// The draws endpoint.
    public var url: String
    /// Extra request headers.
    public var headers: [String: String] = [:]
    /// Query parameters added to the URL.
    public var params: [String: String] = [:]
    /// Total time one request may take.
    public var timeout: Duration = .seconds(10)
    /// Time to establish the connection.
    public var connectTimeout: Duration = .seconds(5)
    /// How often to poll.
    public var pollInterval: Duration = .seconds(2)
    /// The game's draw period, if known; otherwise the lease holder learns it from the draws.
    public var drawPeriod: Duration?
    /// How often the lease holder polls around the moment a draw is due.
    public var burstInterval: Duration = .milliseconds(250)
    /// `adaptive` (poll in a burst around each due draw) or `fixed` (every `pollInterval`).
    public var schedule: Schedule = .adaptive

    /// How the lease holder spaces its polls (`upstream.schedule`).
    public enum Schedule: String, Sendable, CaseIterable {
        /// Around each draw's due moment, as learned.
        case adaptive
        /// Every `pollInterval`.
        case fixed
    }
    /// Retries of a failed request.
    public var retry = RetryPolicy()
    /// Where the response keeps its draws and how colours are decided (`upstream.mapping`,
    /// `upstream.preset`, `upstream.colors_by_last_digit`); the original shape by default.
    public var mapping: ResponseMapping = .original

    /// Settings with defaults for `url`.
    public init(url: String) { self.url = url }
}

/// Where the shared Redis is and how to log in. The password is resolved at load time from the
/// environment variable or file the config names; it is never in the config file.
public struct RedisSettings: Sendable {
    /// `redis://host:port[/db]`; a URL from `REDIS_URL` may carry credentials.
    public var url: String = "redis://127.0.0.1:6379"
    /// ACL user name, if any.
    public var username: String?
    /// The environment variable that holds the password.
    public var passwordEnv: String?
    /// A file that holds the password (trailing newline ignored).
    public var passwordFile: String?
    /// The password, resolved from `passwordEnv` or `passwordFile`.
    public var password: Secret?
    /// Connect and command timeout.
    public var timeout: Duration = .seconds(5)
    /// The Sentinels to ask for the primary (`redis.sentinels`, `redis.master_name`); nil when
    /// `url` names the server.
    public var sentinel: RedisSentinelSettings?
    /// Whether `REDIS_URL` replaced `url`; it then wins over `sentinel` too.
    public var urlFromEnvironment = false

    /// Defaults: local Redis, no password.
    public init() {}
}

/// How a bot finds its Redis primary through Redis Sentinel (`redis.sentinels` and its keys).
/// `redis.username` and the `redis.password_*` keys still log in to the primary.
public struct RedisSentinelSettings: Sendable {
    /// The Sentinels, as host and port, asked in this order (the last one that answered first).
    public var sentinels: [(host: String, port: Int)]
    /// The name the Sentinels monitor the primary by (`redis.master_name`).
    public var masterName: String
    /// The database selected on the primary (`redis.database`); nil: the server's default, 0.
    public var database: Int?
    /// The Sentinels' own ACL user (`redis.sentinel_username`).
    public var username: String?
    /// The environment variable with the Sentinels' own password (`redis.sentinel_password_env`).
    public var passwordEnv: String?
    /// A file with the Sentinels' own password (`redis.sentinel_password_file`).
    public var passwordFile: String?
    /// The Sentinels' password, resolved from `passwordEnv` or `passwordFile`.
    public var password: Secret?
    /// Connect and reply timeout for one Sentinel (`redis.sentinel_timeout`).
    public var timeout: Duration = .milliseconds(500)

    /// Settings for `sentinels` and `masterName`, with defaults for the rest.
    public init(sentinels: [(host: String, port: Int)], masterName: String) {
        self.sentinels = sentinels
        self.masterName = masterName
    }
}

/// The names of the keys the fleet shares in Redis, and how long their data lives and stays fresh.
/// `RedisKeys` builds every key from these and the game.
public struct SharedKeys: Sendable {
    /// The snapshot key (JSON wire format).
    public var key = RedisKeys().snapshot
    /// The legacy key with the raw upstream JSON, kept for bots of the original design.
    public var legacyKey = RedisKeys().legacy
    /// Expiry of both keys.
    public var ttl: Duration = .seconds(300)
    /// A snapshot older than this is stale: readers go to the game API.
    public var freshness: Duration = .seconds(10)
    /// How long a master's lease holds without renewal.
    public var leaseTTL: Duration = .seconds(8)
    /// How many draws the fleet's draw history (`RedisKeys.history`, a stream) keeps, about
    /// (`shared.history`): the lease holder trims it with `XADD … MAXLEN ~`; readers keep as many.
    public var history = 1000
    /// The most `shared.history` may be.
    public static let maxHistory = 100_000
    /// How long the lease holder may go without a valid game API response before it gives the
    /// lease up (`shared.handover_after`); nil: the default of ``BotConfig/handoverAfter``.
    public var handoverAfter: Duration?
    /// Where this master serves its snapshot to readers while Redis is down (`shared.advertise`,
    /// e.g. `http://10.0.0.5:9464`: the `metrics.listen` port as others reach it); put in its lease
    /// value and in each snapshot it writes. Nil: not advertised.
    public var advertise: String?
    /// Masters' snapshot endpoints a reader asks while Redis is down when it has learned no lease
    /// holder's address (`shared.peers`): for a fleet started while Redis was down.
    public var peers: [String] = []
    /// The environment variable with the bearer token that guards `GET /snapshot`
    /// (`shared.peer_token_env`); masters require it, readers send it.
    public var peerTokenEnv: String?
    /// The token itself, read from `peerTokenEnv` at load time.
    public var peerToken: Secret?

    /// Defaults as in the original fleet.
    public init() {}
}

/// How new draws are posted.
public struct PostingSettings: Sendable {
    /// When several new draws appear at once, post at most this many (the newest), oldest first.
    public var maxCatchUp = 10

    /// Defaults.
    public init() {}
}
