// SPDX-License-Identifier: Apache-2.0
import BlockingIO
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Logging

/// Set once per process: writing to a socket the server has closed must surface as an error
/// (EPIPE), not kill the process with SIGPIPE. hiredis writes with `write(2)`, which cannot
/// opt out per call.
let ignoreSIGPIPE: Void = {
    _ = signal(SIGPIPE, SIG_IGN)
}()

/// A Redis client over one hiredis connection.
///
/// Commands run one at a time, in submission order, on a dedicated serial thread (never on the
/// Swift cooperative pool). The client connects lazily on the first command and reconnects
/// lazily after any connection failure; after a failed connect attempt it waits out an
/// exponential backoff (``RedisConfiguration/reconnectBackoffMin`` doubling up to
/// ``RedisConfiguration/reconnectBackoffMax``) during which commands throw
/// ``RedisError/Code/unavailable`` at once.
///
/// Cancelling the task awaiting a command makes it throw `CancellationError` promptly; if the
/// command was already waiting on the server, the connection is shut down to unblock it and the
/// next command reconnects.
///
/// Creating a client sets the process's SIGPIPE disposition to "ignore" (once).
public final class RedisClient: Sendable {
    let connection: RedisConnection
    let executor: BlockingExecutor

    /// Creates a client; does not connect (that happens lazily on the first command).
    public init(configuration: RedisConfiguration, logger: Logger) {
        _ = ignoreSIGPIPE
        self.connection = RedisConnection(configuration: configuration, logger: logger)
        self.executor = BlockingExecutor(label: "redis-client \(configuration.redactedDescription)")
    }

    /// Binary-safe command (argv with explicit lengths via redisCommandArgv). Server error
    /// replies throw `RedisError(.server, message = server text, e.g. "NOPERM ..." / "WRONGTYPE ...")`
    /// and leave the connection usable.
    ///
    /// Connection problems throw ``RedisError/Code/timeout`` (no reply within the command
    /// timeout), ``RedisError/Code/io``, ``RedisError/Code/connectFailed``,
    /// ``RedisError/Code/authFailed`` or ``RedisError/Code/unavailable``; the broken connection is
    /// dropped and the next command reconnects. The command is not retried.
    public func send(_ arguments: [[UInt8]]) async throws -> RedisReply {
        if let error = connection.backoffError() { throw error }
        let connection = self.connection
        let token = OperationToken()
        return try await executor.run(onCancel: { connection.cancel(token) }) {
            try connection.command(arguments, token: token)
        }
    }

    /// Sends a command whose arguments are strings (encoded as UTF-8); see ``send(_:)-([[UInt8]])``.
    public func send(_ arguments: [String]) async throws -> RedisReply {
        try await send(arguments.map { Array($0.utf8) })
    }

    /// Several commands written at once and read back in order (redisAppendCommandArgv +
    /// redisGetReply). Per-command server errors come back as Result failures; a connection
    /// failure throws.
    public func pipeline(_ commands: [[[UInt8]]]) async throws -> [Result<RedisReply, RedisError>] {
        if commands.isEmpty { return [] }
        if let error = connection.backoffError() { throw error }
        let connection = self.connection
        let token = OperationToken()
        return try await executor.run(onCancel: { connection.cancel(token) }) {
            try connection.pipeline(commands, token: token)
        }
    }

    /// Drops the connection; the next command reconnects (immediately, without waiting out a
    /// backoff). Waits for commands already submitted to finish first. Cancelling the calling
    /// task does not stop the disconnect.
    public func disconnect() async {
        let connection = self.connection
        let executor = self.executor
        // An unstructured task does not inherit cancellation, so the work always runs.
        await Task {
            try? await executor.run { connection.disconnect() }
        }.value
    }

    /// The thread the client's commands run on, as a task executor: a task that prefers it runs
    /// its commands there without a hop to another thread and back (see ``BlockingExecutor``), and
    /// waits behind each command in flight.
    package var taskExecutor: any TaskExecutor { executor }

    /// That thread itself, for another blocking client to run on (``RedisSubscriber`` does, and a
    /// reader's only chat client): its calls then wait behind the commands, and the commands behind them.
    package var thread: BlockingExecutor { executor }

    /// Whether the client currently holds a live connection (for status/metrics).
    ///
    /// A connection the server has closed is only noticed, and dropped, by the next command.
    public var isConnected: Bool { connection.isConnected }
}
