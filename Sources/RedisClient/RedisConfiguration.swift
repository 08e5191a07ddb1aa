/// Settings for a ``RedisClient``: the endpoint plus timeouts and reconnect backoff.
public struct RedisConfiguration: Sendable {
    /// The server to talk to and the credentials to use.
    public var endpoint: RedisEndpoint
    /// How long a TCP connect may take.
    public var connectTimeout: Duration
    /// Socket read/write timeout for every command (also for `AUTH` and `SELECT` after a connect).
    public var commandTimeout: Duration
    /// Wait after the first failed connect attempt before the next one is allowed.
    public var reconnectBackoffMin: Duration
    /// Upper bound for the wait between failed connect attempts (it doubles from the minimum).
    public var reconnectBackoffMax: Duration

    /// Creates a configuration; every duration has a default.
    public init(
        endpoint: RedisEndpoint,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(5),
        reconnectBackoffMin: Duration = .milliseconds(100),
        reconnectBackoffMax: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoffMin = reconnectBackoffMin
        self.reconnectBackoffMax = reconnectBackoffMax
    }
}
