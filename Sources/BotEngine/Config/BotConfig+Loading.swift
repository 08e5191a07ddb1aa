// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation

extension BotConfig {
    /// Environment variable that replaces `redis.url`.
    package static let redisURLVariable = "REDIS_URL"
    /// Environment variable that replaces `upstream.url`.
    package static let upstreamURLVariable = "REDGREEN_UPSTREAM_URL"

    /// Loads and validates the config at `path`, applies the environment overrides and resolves
    /// secrets. Every problem is a `FileError` naming the file and the key.
    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(FileError) -> BotConfig {
        let tree = try YAMLTree.load(path: path)
        return try parse(tree, environment: environment)
    }

    /// Parses config text; `file` names it in errors.
    package static func parse(yaml: String, file: String, environment: [String: String] = [:]) throws(FileError) -> BotConfig {
        try parse(YAMLTree.parse(yaml, file: file), environment: environment)
    }

    static let topKeys: Set<String> = [
        "locale", "locales_dir", "role", "game_type", "time_zone", "upstream", "redis", "shared", "posting", "sinks", "delivery", "metrics", "log",
        "telegram",
    ]

    static func parse(_ tree: YAMLTree, environment: [String: String]) throws(FileError) -> BotConfig {
        let top = try tree.mapping(allowed: topKeys)
        var config = try base(top, tree: tree, environment: environment)
        if let dir = top["locales_dir"] { config.localesDirectory = try dir.nonEmptyString() }
        if let game = top["game_type"] { config.setGame(try game.nonEmptyString()) }
        if let zone = top["time_zone"] { config.timeZone = try zone.timeZone() }
        try config.applyRedis(top, tree: tree, environment: environment)
        if let shared = top["shared"] { try config.shared.apply(shared, pollInterval: config.upstream.pollInterval, environment: environment) }
        if let posting = top["posting"] {
            let keys = try posting.mapping(allowed: ["max_catch_up"])
            if let cap = keys["max_catch_up"] { config.posting.maxCatchUp = try cap.int(in: 1...1000) }
        }
        if let sinks = top["sinks"] {
            var taken: Set<String> = []
            config.sinks = []
            for (index, item) in try sinks.sequence().enumerated() {
                config.sinks.append(try SinkSettings.parse(item, environment: environment, index: index, taken: &taken))
            }
            if config.sinks.isEmpty { throw sinks.error(.invalidValue, "list at least one sink") }
        }
        if let telegram = top["telegram"] { try config.applyTelegramKeys(telegram) }
        if let delivery = top["delivery"] { try config.delivery.apply(delivery) }
        if let metrics = top["metrics"] { try config.metrics.apply(metrics) }
        if let log = top["log"] { try config.log.apply(log) }
        if config.shared.advertise != nil && config.metrics.listen == nil {
            let advertise = (try? top["shared"]?.mapping(allowed: SharedKeys.keys))?["advertise"]
            throw FileError(
                .invalidValue, file: tree.file, key: "shared.advertise", line: advertise?.line,
                "needs metrics.listen: the snapshot is served on the metrics listener, at the address shared.advertise names")
        }
        return config
    }

    /// The config of `locale`, `role` and `upstream` (the keys every config has), the game API's URL
    /// from `REDGREEN_UPSTREAM_URL` when set.
    private static func base(_ top: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) -> BotConfig {
        func required(_ key: String) throws(FileError) -> YAMLTree {
            guard let value = top[key] else { throw FileError(.missingKey, file: tree.file, key: key, "is required") }
            return value
        }
        let locale = try required("locale").nonEmptyString()
        guard locale.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try required("locale").error(.invalidValue, "must be a locale code such as en, vi or pt-BR, got '\(locale)'")
        }
        let role = Role(rawValue: try required("role").oneOf(Role.allCases.map(\.rawValue)))!
        var upstreamURL = environment[upstreamURLVariable].flatMap { $0.isEmpty ? nil : $0 }
        let upstreamTree = try required("upstream")
        let upstreamAllowed: Set<String> = [
            "url", "headers", "params", "timeout", "connect_timeout", "poll_interval", "retry", "draw_period", "burst_interval", "schedule",
        ]
        let upstreamKeys = try upstreamTree.mapping(allowed: upstreamAllowed.union(ResponseMapping.upstreamKeys))
        if upstreamURL == nil {
            guard let url = upstreamKeys["url"] else {
                throw FileError(
                    .missingKey, file: tree.file, key: "upstream.url", line: upstreamTree.line, "is required (or set \(upstreamURLVariable))")
            }
            upstreamURL = try url.nonEmptyString()
        }
        var config = BotConfig(locale: locale, role: role, upstreamURL: upstreamURL!, file: tree.file)
        try checkHTTPURL(
            config.upstream.url, tree: upstreamKeys["url"] ?? upstreamTree, key: "upstream.url",
            fromEnvironment: environment[upstreamURLVariable] != nil)
        try config.upstream.apply(upstreamKeys)
        config.upstream.mapping = try ResponseMapping.parse(upstreamKeys, block: upstreamTree)
        return config
    }

    /// `redis:`, then `REDIS_URL` over its URL; a `rediss://` URL is refused with the way to TLS.
    private mutating func applyRedis(_ top: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) {
        if let block = top["redis"] { try redis.apply(block, environment: environment) }
        if let url = environment[Self.redisURLVariable], !url.isEmpty {
            redis.url = url
            redis.urlFromEnvironment = true
        }
        if redis.url.lowercased().hasPrefix("rediss://") {
            let given = (try? top["redis"]?.mapping(allowed: RedisSettings.keys))?["url"]
            let source = redis.urlFromEnvironment ? " (from \(Self.redisURLVariable))" : ""
            throw FileError(.invalidValue, file: tree.file, key: "redis.url", line: given?.line, RedisURL.tlsAdvice + source)
        }
    }

    static func checkHTTPURL(_ url: String, tree: YAMLTree, key: String, fromEnvironment: Bool) throws(FileError) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty
        else {
            let source = fromEnvironment ? " (from \(upstreamURLVariable))" : ""
            throw FileError(.invalidValue, file: tree.file, key: key, line: tree.line, "expected an http:// or https:// URL\(source), got '\(url)'")
        }
    }
}

extension UpstreamSettings {
    mutating func apply(_ keys: [String: YAMLTree]) throws(FileError) {
        if let headers = keys["headers"] { self.headers = try headers.stringMap() }
        if let params = keys["params"] { self.params = try params.stringMap() }
        if let timeout = keys["timeout"] { self.timeout = try timeout.duration() }
        if let connect = keys["connect_timeout"] { self.connectTimeout = try connect.duration() }
        if let poll = keys["poll_interval"] { self.pollInterval = try poll.duration(atLeast: .milliseconds(50)) }
        if let period = keys["draw_period"] { self.drawPeriod = try period.duration(atLeast: .seconds(1)) }
        if let burst = keys["burst_interval"] { self.burstInterval = try burst.duration(atLeast: .milliseconds(50)) }
        if let schedule = keys["schedule"] { self.schedule = Schedule(rawValue: try schedule.oneOf(Schedule.allCases.map(\.rawValue)))! }
        if let retry = keys["retry"] {
            let retryKeys = try retry.mapping(allowed: ["max_attempts", "base_delay", "max_delay"])
            if let attempts = retryKeys["max_attempts"] { self.retry.maxAttempts = try attempts.int(in: 1...20) }
            if let base = retryKeys["base_delay"] { self.retry.baseDelay = try base.duration() }
            if let max = retryKeys["max_delay"] { self.retry.maxDelay = try max.duration() }
        }
    }
}

extension SharedKeys {
    static let keys: Set<String> = ["key", "legacy_key", "ttl", "freshness", "lease", "handover_after", "advertise", "peers", "peer_token_env", "history"]
    /// The token that guards `GET /snapshot`: masters require it, readers send it.
    static let peerToken = SecretSetting(literal: nil, env: "peer_token_env", file: nil, what: "the token that guards GET /snapshot")

    mutating func apply(_ tree: YAMLTree, pollInterval: Duration, environment: [String: String]) throws(FileError) {
        let keys = try tree.mapping(allowed: Self.keys)
        try applyPeers(keys, tree: tree, environment: environment)
        if let lease = keys["lease"] { self.leaseTTL = try lease.duration(atLeast: .seconds(1)) }
        if let key = keys["key"] { self.key = try key.nonEmptyString() }
        if let legacy = keys["legacy_key"] { self.legacyKey = try legacy.nonEmptyString() }
        if let ttl = keys["ttl"] { self.ttl = try ttl.duration(atLeast: .seconds(1)) }
        if let history = keys["history"] { self.history = try history.int(in: 1...Self.maxHistory) }
        if let fresh = keys["freshness"] { self.freshness = try fresh.duration(atLeast: .milliseconds(100)) }
        if freshness > ttl {
            throw (keys["freshness"] ?? tree).error(.invalidValue, "must not exceed shared.ttl (\(DurationText.format(ttl)))")
        }
        if let handover = keys["handover_after"] {
            let value = try handover.duration(atLeast: .seconds(1))
            guard value > pollInterval else {
                throw handover.error(
                    .invalidValue,
                    "must be longer than upstream.poll_interval (\(DurationText.format(pollInterval))), or one failed poll hands the lease over")
            }
            self.handoverAfter = value
        }
    }

    /// `advertise`, `peers` and `peer_token_env`: the snapshot endpoint served while Redis is down.
    private mutating func applyPeers(_ keys: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) {
        if let advertise = keys["advertise"], !advertise.isNull {
            let url = try advertise.nonEmptyString()
            try BotConfig.checkHTTPURL(url, tree: advertise, key: "shared.advertise", fromEnvironment: false)
            self.advertise = try Self.peerAddress(url, tree: advertise)
        }
        if let list = keys["peers"] {
            peers = []
            for (index, item) in try list.sequence().enumerated() {
                let url = try item.nonEmptyString()
                try BotConfig.checkHTTPURL(url, tree: item, key: "shared.peers[\(index)]", fromEnvironment: false)
                peers.append(try Self.peerAddress(url, tree: item))
            }
        }
        let token = try Self.peerToken.resolve(keys, tree: tree, environment: environment)
        (peerTokenEnv, peerToken) = (token.variable, token.secret)
    }

    /// `url` without a trailing slash, so that `<url>/snapshot` has one, when it is a scheme, a
    /// host and a port only (`PeerAddress`): readers take only addresses of that form from snapshots.
    private static func peerAddress(_ url: String, tree: YAMLTree) throws(FileError) -> String {
        switch PeerAddress.parse(url) {
        case .success(let address): return address
        case .failure(let refusal):
            throw tree.error(.invalidValue, "expected scheme, host and port only (such as http://10.0.0.5:9464): '\(url)' \(refusal)")
        }
    }
}
