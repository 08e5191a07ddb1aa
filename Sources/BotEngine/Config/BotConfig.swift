// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation

/// One bot of the fleet, as its YAML config file describes it.
///
/// Built by `BotConfig.load(path:environment:)`, which validates every key and resolves secrets
/// from the environment or from files; the struct itself never holds a secret read from YAML.
package struct BotConfig: Sendable {
    /// Whether the bot polls the game API and shares draws (`master`) or reads them (`reader`).
    package enum Role: String, Sendable, CaseIterable {
        case master, reader
    }

    /// The config file this came from, for messages.
    package var file: String
    /// The locale code; the bot loads `<localesDirectory>/<locale>.yaml`.
    package var locale: String
    /// Where locale files live; relative paths are relative to the working directory.
    package var localesDirectory: String
    /// The bot's role in the fleet.
    package var role: Role
    /// The game's type tag, written into the snapshot (`RG5M` in the original fleet).
    package var gameType: String
    /// The zone draw times are shown in (`time_zone`, an IANA name such as `Asia/Tokyo`; UTC by default).
    package var timeZone: TimeZone
    /// The game API.
    package var upstream: UpstreamSettings
    /// The shared Redis.
    package var redis: RedisSettings
    /// The keys the fleet shares in Redis.
    package var shared: SharedKeys
    /// How new draws are posted.
    package var posting: PostingSettings
    /// Where posts go.
    package var sinks: [SinkSettings]
    /// How posts are delivered: retries and the exactly-once ledger.
    package var delivery = DeliverySettings()
    /// The metrics and health endpoint (`metrics:`), off by default.
    package var metrics = MetricsSettings()
    /// The summary log line (`log:`).
    package var log = LogSettings()

    /// How long the lease holder may go without a valid game API response before it hands the
    /// lease over: `shared.handover_after`, by default five poll intervals and at least 30 s, longer
    /// than the failures one poll's retries ride out.
    package var handoverAfter: Duration { shared.handoverAfter ?? max(upstream.pollInterval * 5, .seconds(30)) }

    /// How often a master that stands by probes the game API: half of ``handoverAfter``, at least
    /// a poll interval.
    package var probeInterval: Duration { max(upstream.pollInterval, handoverAfter / 2) }

    /// A config with every default, for `role` and `locale`; used by the demo and tests.
    package init(locale: String, role: Role, upstreamURL: String, file: String = "<built-in>") {
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
package struct UpstreamSettings: Sendable {
    /// The draws endpoint.
    package var url: String
    /// Extra request headers.
    package var headers: [String: String] = [:]
    /// Query parameters added to the URL.
    package var params: [String: String] = [:]
    /// Total time one request may take.
    package var timeout: Duration = .seconds(10)
    /// Time to establish the connection.
    package var connectTimeout: Duration = .seconds(5)
    /// How often to poll.
    package var pollInterval: Duration = .seconds(2)
    /// The game's draw period, if known; otherwise the lease holder learns it from the draws.
    package var drawPeriod: Duration?
    /// How often the lease holder polls around the moment a draw is due.
    package var burstInterval: Duration = .milliseconds(250)
    /// `adaptive` (poll in a burst around each due draw) or `fixed` (every `pollInterval`).
    package var schedule: Schedule = .adaptive

    /// How the lease holder spaces its polls (`upstream.schedule`).
    package enum Schedule: String, Sendable, CaseIterable {
        /// Around each draw's due moment, as learned.
        case adaptive
        /// Every `pollInterval`.
        case fixed
    }
    /// Retries of a failed request.
    package var retry = RetryPolicy()
    /// Where the response keeps its draws and how colours are decided (`upstream.mapping`,
    /// `upstream.preset`, `upstream.colors_by_last_digit`); the original shape by default.
    package var mapping: ResponseMapping = .original

    /// Settings with defaults for `url`.
    package init(url: String) { self.url = url }
}

/// Where the shared Redis is and how to log in. The password is resolved at load time from the
/// environment variable or file the config names; it is never in the config file.
package struct RedisSettings: Sendable {
    /// `redis://host:port[/db]`; a URL from `REDIS_URL` may carry credentials.
    package var url: String = "redis://127.0.0.1:6379"
    /// ACL user name, if any.
    package var username: String?
    /// The environment variable that holds the password.
    package var passwordEnv: String?
    /// A file that holds the password (trailing newline ignored).
    package var passwordFile: String?
    /// The password, resolved from `passwordEnv` or `passwordFile`.
    package var password: Secret?
    /// Connect and command timeout.
    package var timeout: Duration = .seconds(5)
    /// The Sentinels to ask for the primary (`redis.sentinels`, `redis.master_name`); nil when
    /// `url` names the server.
    package var sentinel: RedisSentinelSettings?
    /// Whether `REDIS_URL` replaced `url`; it then wins over `sentinel` too.
    package var urlFromEnvironment = false

    /// Defaults: local Redis, no password.
    package init() {}
}

/// How a bot finds its Redis primary through Redis Sentinel (`redis.sentinels` and its keys).
/// `redis.username` and the `redis.password_*` keys still log in to the primary.
package struct RedisSentinelSettings: Sendable {
    /// The Sentinels, as host and port, asked in this order (the last one that answered first).
    package var sentinels: [(host: String, port: Int)]
    /// The name the Sentinels monitor the primary by (`redis.master_name`).
    package var masterName: String
    /// The database selected on the primary (`redis.database`); nil: the server's default, 0.
    package var database: Int?
    /// The Sentinels' own ACL user (`redis.sentinel_username`).
    package var username: String?
    /// The environment variable with the Sentinels' own password (`redis.sentinel_password_env`).
    package var passwordEnv: String?
    /// A file with the Sentinels' own password (`redis.sentinel_password_file`).
    package var passwordFile: String?
    /// The Sentinels' password, resolved from `passwordEnv` or `passwordFile`.
    package var password: Secret?
    /// Connect and reply timeout for one Sentinel (`redis.sentinel_timeout`).
    package var timeout: Duration = .milliseconds(500)

    /// Settings for `sentinels` and `masterName`, with defaults for the rest.
    package init(sentinels: [(host: String, port: Int)], masterName: String) {
        self.sentinels = sentinels
        self.masterName = masterName
    }
}

/// The names of the keys the fleet shares in Redis, and how long their data lives and stays fresh.
/// `RedisKeys` builds every key from these and the game.
package struct SharedKeys: Sendable {
    /// The snapshot key (JSON wire format).
    package var key = RedisKeys().snapshot
    /// The legacy key with the raw upstream JSON, kept for bots of the original design.
    package var legacyKey = RedisKeys().legacy
    /// Expiry of both keys.
    package var ttl: Duration = .seconds(300)
    /// A snapshot older than this is stale: readers go to the game API.
    package var freshness: Duration = .seconds(10)
    /// How long a master's lease holds without renewal.
    package var leaseTTL: Duration = .seconds(8)
    /// How many draws the fleet's draw history (`RedisKeys.history`, a stream) keeps, about
    /// (`shared.history`): the lease holder trims it with `XADD … MAXLEN ~`; readers keep as many.
    package var history = 1000
    /// The most `shared.history` may be.
    package static let maxHistory = 100_000
    /// How long the lease holder may go without a valid game API response before it gives the
    /// lease up (`shared.handover_after`); nil: the default of ``BotConfig/handoverAfter``.
    package var handoverAfter: Duration?
    /// Where this master serves its snapshot to readers while Redis is down (`shared.advertise`,
    /// e.g. `http://10.0.0.5:9464`: the `metrics.listen` port as others reach it); put in its lease
    /// value and in each snapshot it writes. Nil: not advertised.
    package var advertise: String?
    /// Masters' snapshot endpoints a reader asks while Redis is down when it has learned no lease
    /// holder's address (`shared.peers`): for a fleet started while Redis was down.
    package var peers: [String] = []
    /// The environment variable with the bearer token that guards `GET /snapshot`
    /// (`shared.peer_token_env`); masters require it, readers send it.
    package var peerTokenEnv: String?
    /// The token itself, read from `peerTokenEnv` at load time.
    package var peerToken: Secret?

    /// Defaults as in the original fleet.
    package init() {}
}

/// How new draws are posted.
package struct PostingSettings: Sendable {
    /// When several new draws appear at once, post at most this many (the newest), oldest first.
    package var maxCatchUp = 10

    /// Defaults.
    package init() {}
}
