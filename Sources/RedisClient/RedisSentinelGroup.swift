// SPDX-License-Identifier: Apache-2.0
/// A primary found through Redis Sentinel: the Sentinels to ask, the name they monitor it by, and
/// how to log in to the primary once found.
///
/// On every (re)connect the client asks the Sentinels in turn (each with ``sentinelTimeout``)
/// `SENTINEL get-master-addr-by-name`, connects to the address the first one that knows gives,
/// authenticates, selects ``database`` and checks with `ROLE` that the server is a master; a
/// Sentinel that does not answer, does not know the name, or names a server that is not a master
/// is passed over for the next one. The Sentinel that answered is asked first next time; the
/// Sentinels learned with `SENTINEL SENTINELS` are asked after the configured ones. While
/// connected, the client moves to the new primary when the Sentinels name another one: after a
/// failover the old primary may go on accepting writes for seconds before Sentinel demotes it, and
/// those writes would be lost. It learns of the switch from the `+switch-master` announcements a
/// ``RedisSubscriber`` of the same group listens to in the process; while nobody listens, it asks
/// the first Sentinel in line again at most every ``checkInterval`` (before a command; less and
/// less often while none answers: a connection whose Sentinels are all gone keeps its primary).
public struct RedisSentinelGroup: Sendable, Equatable {
    /// The Sentinels, each with the credentials of its own `AUTH` (`requirepass` or an ACL user of
    /// the Sentinel), if it needs any. Their `database` is ignored.
    public var sentinels: [RedisEndpoint]
    /// The name the Sentinels monitor the primary by (`sentinel monitor <name> …`).
    public var masterName: String
    /// Database selected on the primary after every connect, or `nil` for the server's default (0).
    public var database: Int?
    /// ACL user name on the primary (and replicas); ignored without a password.
    public var username: String?
    /// Password for `AUTH` on the primary, or `nil` to skip it.
    public var password: String?
    /// Connect and reply timeout when talking to a Sentinel: short, so a dead one is passed over quickly.
    public var sentinelTimeout: Duration
    /// How often a connected client asks a Sentinel whether the primary is still the same, while
    /// no subscriber of the process listens to the Sentinels' announcements.
    public var checkInterval: Duration

    /// Creates a group; `sentinels` should not be empty.
    public init(
        sentinels: [RedisEndpoint],
        masterName: String,
        database: Int? = nil,
        username: String? = nil,
        password: String? = nil,
        sentinelTimeout: Duration = .milliseconds(500),
        checkInterval: Duration = .seconds(1)
    ) {
        self.sentinels = sentinels
        self.masterName = masterName
        self.database = database
        self.username = username
        self.password = password
        self.sentinelTimeout = sentinelTimeout
        self.checkInterval = checkInterval
    }

    /// The endpoint of the primary at `host`:`port`, with this group's credentials and database.
    func primary(host: String, port: Int) -> RedisEndpoint {
        RedisEndpoint(host: host, port: port, database: database, username: username, password: password)
    }

    /// `redis-sentinel://[user:***@]host:port,host:port/name[/db]`, never with a password.
    public var redactedDescription: String {
        var text = "redis-sentinel://" + RedisEndpoint.redactedUserInfo(username: username, hasPassword: password != nil)
        text += sentinels.map(\.address).joined(separator: ",")
        text += "/\(masterName)"
        if let database { text += "/\(database)" }
        return text
    }
}

extension RedisEndpoint {
    /// `host:port`, an IPv6 host in brackets.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
