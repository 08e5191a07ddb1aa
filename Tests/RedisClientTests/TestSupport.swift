// SPDX-License-Identifier: Apache-2.0
import Foundation
import InMemoryLogging
import Logging
import RedisClient
import Synchronization
import TestHarness
import Testing

/// Collects every log line (message plus metadata) a client emits, in swift-log's
/// `InMemoryLogHandler`, to check what gets logged.
struct LogRecorder: Sendable {
    private let handler: InMemoryLogHandler

    init() {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        self.handler = handler
    }

    /// All lines so far (level, message, metadata), newline-separated.
    var text: String {
        handler.entries.map { "\($0.level) \($0.message) \($0.metadata)" }.joined(separator: "\n")
    }

    /// A logger at trace level that writes into this recorder.
    func logger(label: String = "redis-test") -> Logger {
        Logger(label: label) { [handler] _ in handler }
    }
}

/// Strings as byte arrays for `send`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Builds a client for `server` with short timeouts suited to tests.
func makeClient(
    _ server: RedisServerProcess,
    username: String? = nil,
    password: String? = nil,
    database: Int? = nil,
    commandTimeout: Duration = .seconds(3),
    backoffMin: Duration = .milliseconds(50),
    backoffMax: Duration = .milliseconds(400),
    time: SteppedTime? = nil,
    recorder: LogRecorder = LogRecorder()
) -> RedisClient {
    let endpoint = RedisEndpoint(
        host: "127.0.0.1",
        port: server.port,
        database: database,
        username: username,
        password: password
    )
    var configuration = RedisConfiguration(
        endpoint: endpoint,
        connectTimeout: .seconds(2),
        commandTimeout: commandTimeout,
        reconnectBackoffMin: backoffMin,
        reconnectBackoffMax: backoffMax
    )
    if let time { configuration.now = time.now }
    return RedisClient(configuration: configuration, logger: recorder.logger())
}

/// Time that stands still until a test moves it, for a client's reconnect backoff: a backoff
/// window is then open or closed because the test says so, never because the machine was slow.
final class SteppedTime: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in start + offset.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}

/// Retries `body` every 50 ms until it succeeds, rethrowing the last error after `limit`.
func eventually<T>(
    within limit: Duration = .seconds(5),
    _ body: () async throws -> T
) async throws -> T {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            return try await body()
        } catch {
            if ContinuousClock.now >= deadline { throw error }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Runs `body` and returns how long it took.
func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
    let start = ContinuousClock.now
    try await body()
    return ContinuousClock.now - start
}

/// Arguments that let tests use `DEBUG SLEEP` (Redis 7 disables DEBUG by default).
let debugEnabled = ["--enable-debug-command", "local"]
