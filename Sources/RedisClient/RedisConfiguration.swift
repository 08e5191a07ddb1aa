// SPDX-License-Identifier: Apache-2.0
/// Settings for a ``RedisClient``: how to find the server, plus timeouts and reconnect backoff.
public struct RedisConfiguration: Sendable {
    /// How a client finds the server it talks to.
    public enum Discovery: Sendable, Equatable {
        /// One fixed server, with its credentials.
        case direct(RedisEndpoint)
        /// The current primary of a group that Redis Sentinel monitors, asked of the Sentinels on
        /// every (re)connect and checked again while connected (see ``RedisSentinelGroup``).
        case sentinel(RedisSentinelGroup)
    }

    /// Where the server is.
    public var discovery: Discovery
    /// How long a TCP connect may take.
    public var connectTimeout: Duration
    /// Socket read/write timeout for every command (also for `AUTH` and `SELECT` after a connect).
    public var commandTimeout: Duration
    /// Wait after the first failed connect attempt before the next one is allowed.
    public var reconnectBackoffMin: Duration
    /// Upper bound for the wait between failed connect attempts (it doubles from the minimum).
    public var reconnectBackoffMax: Duration
    /// Where the reconnect backoff reads the time: the continuous clock, unless a test moves
    /// time by hand so that a backoff window never depends on how fast the machine is.
    public var now: @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }

    /// Creates a configuration; every duration has a default.
    public init(
        discovery: Discovery,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(5),
        reconnectBackoffMin: Duration = .milliseconds(100),
        reconnectBackoffMax: Duration = .seconds(5)
    ) {
        self.discovery = discovery
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoffMin = reconnectBackoffMin
        self.reconnectBackoffMax = reconnectBackoffMax
    }

    /// A configuration for one fixed server (``Discovery/direct(_:)``).
    public init(
        endpoint: RedisEndpoint,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(5),
        reconnectBackoffMin: Duration = .milliseconds(100),
        reconnectBackoffMax: Duration = .seconds(5)
    ) {
        self.init(
            discovery: .direct(endpoint), connectTimeout: connectTimeout, commandTimeout: commandTimeout,
            reconnectBackoffMin: reconnectBackoffMin, reconnectBackoffMax: reconnectBackoffMax
        )
    }

    /// Where the client connects, without any password (for logs and messages):
    /// `redis://user:***@host:port/db`, or `redis-sentinel://host:port,host:port/name` for Sentinel.
    public var redactedDescription: String {
        switch discovery {
        case .direct(let endpoint): endpoint.redactedDescription
        case .sentinel(let group): group.redactedDescription
        }
    }

    /// The password of the data nodes, if any (to keep it out of messages).
    var dataPassword: String? {
        switch discovery {
        case .direct(let endpoint): endpoint.password
        case .sentinel(let group): group.password
        }
    }
}
