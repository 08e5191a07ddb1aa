// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension RedisSettings {
    static let keys: Set<String> = [
        "url", "username", "password", "password_env", "password_file", "timeout",
        "sentinels", "master_name", "database", "sentinel_username", "sentinel_password", "sentinel_password_env",
        "sentinel_password_file", "sentinel_timeout",
    ]

    mutating func apply(_ tree: YAMLTree, environment: [String: String]) throws(FileError) {
        let keys = try tree.mapping(allowed: Self.keys)
        if let url = keys["url"] {
            let text = try url.nonEmptyString()
            if let parts = URLComponents(string: text), parts.password?.isEmpty == false {
                throw url.error(
                    .secretInFile,
                    "the URL holds a password: remove it and name its environment variable with redis.password_env (or a file with redis.password_file)"
                )
            }
            self.url = text
        }
        if let user = keys["username"] { self.username = try user.nonEmptyString() }
        if let timeout = keys["timeout"] { self.timeout = try timeout.duration() }
        let login = try Self.password(keys, tree: tree, prefix: "", environment: environment)
        (passwordEnv, passwordFile, password) = (login.env, login.file, login.secret)
        sentinel = try RedisSentinelSettings.parse(keys, tree: tree, environment: environment)
    }

    /// The optional password named by `<prefix>password_env` or `<prefix>password_file`; a
    /// literal `<prefix>password` is refused. An unset variable means no password.
    static func password(
        _ keys: [String: YAMLTree], tree: YAMLTree, prefix: String, environment: [String: String]
    ) throws(FileError) -> (env: String?, file: String?, secret: Secret?) {
        let setting = SecretSetting(
            literal: prefix + "password", env: prefix + "password_env", file: prefix + "password_file",
            what: prefix.isEmpty ? "the Redis password" : "the Sentinels' password", unsetVariable: .absent)
        let resolved = try setting.resolve(keys, tree: tree, environment: environment)
        return (resolved.variable, resolved.file, resolved.secret)
    }
}

extension RedisSentinelSettings {
    /// The Sentinel settings of the `redis` block, or nil when it names none. `sentinels` and
    /// `master_name` come together, and exclude `url`.
    static func parse(_ keys: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) -> RedisSentinelSettings? {
        let sentinelOnly = ["database", "sentinel_username", "sentinel_password_env", "sentinel_password_file", "sentinel_timeout"]
        guard let list = keys["sentinels"] else {
            if let name = keys["master_name"] { throw name.error(.missingKey, "needs redis.sentinels, the Sentinels to ask for it") }
            if let stray = sentinelOnly.lazy.compactMap({ keys[$0] }).first {
                let hint = stray.path == "redis.database" ? "; with redis.url, put the database in the URL (redis://host:port/2)" : ""
                throw stray.error(.invalidValue, "applies only with redis.sentinels\(hint)")
            }
            return nil
        }
        if let url = keys["url"] {
            throw url.error(.invalidValue, "set redis.url or redis.sentinels (with redis.master_name), not both")
        }
        guard let name = keys["master_name"] else {
            throw FileError(.missingKey, file: tree.file, key: "redis.master_name", line: tree.line, "is required with redis.sentinels")
        }
        let items = try list.sequence()
        if items.isEmpty { throw list.error(.invalidValue, "list at least one Sentinel as host:port") }
        var addresses: [(host: String, port: Int)] = []
        for item in items {
            let text = try item.nonEmptyString()
            guard let address = ListenAddress(text), address.port > 0 else {
                throw item.error(.invalidValue, "expected host:port, such as 127.0.0.1:26379 or [::1]:26379, got '\(text)'")
            }
            addresses.append((address.host, address.port))
        }
        var settings = RedisSentinelSettings(sentinels: addresses, masterName: try name.nonEmptyString())
        if let database = keys["database"] { settings.database = try database.int(in: 0...9999) }
        if let user = keys["sentinel_username"] { settings.username = try user.nonEmptyString() }
        if let timeout = keys["sentinel_timeout"] { settings.timeout = try timeout.duration(atLeast: .milliseconds(10)) }
        let login = try RedisSettings.password(keys, tree: tree, prefix: "sentinel_", environment: environment)
        (settings.passwordEnv, settings.passwordFile, settings.password) = (login.env, login.file, login.secret)
        return settings
    }
}
