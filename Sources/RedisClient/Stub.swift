// TEMPORARY stub so BotEngine compiles while the real client lands on branch redis-client.
import Logging
public struct RedisEndpoint: Sendable, Equatable {
    public var host: String; public var port: Int; public var database: Int?; public var username: String?; public var password: String?
    public init(host: String, port: Int = 6379, database: Int? = nil, username: String? = nil, password: String? = nil) { self.host = host; self.port = port; self.database = database; self.username = username; self.password = password }
    public init(url: String) throws { fatalError() }
    public var redactedDescription: String { "" }
}
public struct RedisConfiguration: Sendable {
    public var endpoint: RedisEndpoint; public var connectTimeout: Duration; public var commandTimeout: Duration; public var reconnectBackoffMin: Duration; public var reconnectBackoffMax: Duration
    public init(endpoint: RedisEndpoint, connectTimeout: Duration = .seconds(5), commandTimeout: Duration = .seconds(5), reconnectBackoffMin: Duration = .milliseconds(100), reconnectBackoffMax: Duration = .seconds(5)) { self.endpoint = endpoint; self.connectTimeout = connectTimeout; self.commandTimeout = commandTimeout; self.reconnectBackoffMin = reconnectBackoffMin; self.reconnectBackoffMax = reconnectBackoffMax }
}
public enum RedisReply: Sendable, Equatable { case status(String), integer(Int64), bulk([UInt8]), null, array([RedisReply])
    public var string: String? { nil }; public var int: Int64? { nil } }
public struct RedisError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Equatable, Hashable { let raw: Int; public static let invalidURL = Code(raw: 0), connectFailed = Code(raw: 1), authFailed = Code(raw: 2), timeout = Code(raw: 3), io = Code(raw: 4), protocolError = Code(raw: 5), server = Code(raw: 6), unavailable = Code(raw: 7), closed = Code(raw: 8) }
    public var code: Code; public var message: String; public var description: String { message }
}
public final class RedisClient: Sendable {
    public init(configuration: RedisConfiguration, logger: Logger) {}
    public func send(_ arguments: [[UInt8]]) async throws -> RedisReply { fatalError() }
    public func send(_ arguments: [String]) async throws -> RedisReply { fatalError() }
    public func pipeline(_ commands: [[[UInt8]]]) async throws -> [Result<RedisReply, RedisError>] { fatalError() }
    public func disconnect() async {}
    public var isConnected: Bool { false }
}
