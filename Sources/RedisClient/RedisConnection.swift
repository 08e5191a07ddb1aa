// SPDX-License-Identifier: Apache-2.0
internal import CHiredis
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Logging
import Synchronization

/// Owns the hiredis context of one ``RedisClient`` and speaks to it synchronously.
///
/// Thread rules: `command`, `pipeline` and `disconnect` call into hiredis and must only run on the
/// client's `BlockingExecutor` (one at a time), which is what makes the unsynchronised `context`
/// safe and why the class is `@unchecked Sendable`. `cancel`, `isConnected` and `backoffError`
/// may be called from any thread; they only touch the mutex-guarded ``ConnectionState``.
///
/// A context that reported any error (NULL reply, `err != 0`) is freed at once and never reused;
/// the next command connects afresh (`redisConnectWithTimeout`, timeout, keepalive, `AUTH`,
/// `SELECT`). Failed connect attempts open a backoff window (doubling from the configured
/// minimum to the maximum, reset on success) during which commands fail fast.
///
/// With ``RedisConfiguration/Discovery/sentinel(_:)`` every connect first asks the Sentinels
/// where the primary is (`RedisConnection+Sentinel.swift`).
final class RedisConnection: @unchecked Sendable {
    let configuration: RedisConfiguration
    let logger: Logger
    /// What the configuration points at, password-free; readable from any thread.
    let endpointDescription: String

    /// The live context; executor-confined. Its socket is mirrored in `shared.fd`.
    var context: UnsafeMutablePointer<redisContext>?
    /// The server `context` is (or was last) connected to, password-free; executor-confined.
    var contextDescription: String
    /// Sentinel discovery state; executor-confined, unused in direct mode.
    var sentinel: SentinelState
    /// Whether a connection was ever established (to log "reconnected" rather than "connected").
    private var connectedBefore = false
    /// Called on the executor after a command completed, before the operation ends; tests use it
    /// to cancel at that moment. Set before the first command, never changed after.
    var afterCommandForTesting: ((OperationToken) -> Void)?
    let shared: Mutex<ConnectionState>

    init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.endpointDescription = configuration.redactedDescription
        self.contextDescription = configuration.redactedDescription
        if case .sentinel(let group) = configuration.discovery {
            self.sentinel = SentinelState(count: group.sentinels.count, known: SentinelGroupKnowledge.shared(for: group))
        } else {
            self.sentinel = SentinelState(count: 0)
        }
        self.shared = Mutex(ConnectionState(initialBackoff: configuration.reconnectBackoffMin))
    }

    deinit {
        // Nothing else references the connection any more (queued work and cancel handlers
        // hold it strongly), so no lock is needed.
        if let context { redisFree(context) }
        sentinel.close()
    }

    // MARK: - Any thread

    /// Whether a context is currently held (it may still turn out to be dead on the next command).
    var isConnected: Bool { shared.withLock { $0.isReady } }

    /// The `.unavailable` error to throw while a failed connect's backoff window is open, else `nil`.
    func backoffError() -> RedisError? {
        let now = configuration.now()
        return shared.withLock { state -> RedisError? in
            guard state.fd < 0, let until = state.retryAfter, now < until else { return nil }
            let wait = (until - now).wholeMilliseconds
            return RedisError(
                .unavailable,
                "\(endpointDescription): not connected, next connect attempt in \(wait) ms "
                    + "(last attempt: \(state.lastFailure ?? "failed"))"
            )
        }
    }

    /// Interrupts `token`'s command if it is the one blocked in hiredis right now, by shutting
    /// the socket down (the read returns at once and the context counts as broken). If the
    /// command has not started yet it will not start.
    func cancel(_ token: OperationToken) {
        shared.withLock { state in
            token.markCancelled()
            if state.active == ObjectIdentifier(token), state.fd >= 0 {
                _ = shutdown(state.fd, Int32(SHUT_RDWR))
                state.interrupted = true
            }
        }
    }

    // MARK: - Executor only

    /// Sends one command and reads its reply. Server error replies throw `.server` and keep the
    /// connection, except a Sentinel-found primary's `READONLY` or `LOADING` (see `dropIfNotPrimary`).
    func command(_ arguments: [[UInt8]], token: OperationToken) throws -> RedisReply {
        try Self.validate(arguments)
        return try perform(token) { context in
            let result = try roundTrip(context, arguments, token: token, doing: "command")
            dropIfNotPrimary([result])
            return try result.get()
        }
    }

    /// Appends all commands to the output buffer, then reads the replies in order.
    func pipeline(_ commands: [[[UInt8]]], token: OperationToken) throws -> [Result<RedisReply, RedisError>] {
        guard !commands.isEmpty else { return [] }
        for command in commands { try Self.validate(command) }
        return try perform(token) { context in
            for command in commands {
                let (status, errorNumber) = HiredisArgv.with(command) { argc, argv, argvlen in
                    (redisAppendCommandArgv(context, argc, argv, argvlen), chiredis_errno())
                }
                guard status == REDIS_OK else {
                    throw brokenContext(token: token, errorNumber: errorNumber, doing: "pipeline")
                }
            }
            var results: [Result<RedisReply, RedisError>] = []
            results.reserveCapacity(commands.count)
            for _ in commands {
                var raw: UnsafeMutableRawPointer?
                let status = redisGetReply(context, &raw)
                let errorNumber = chiredis_errno()
                guard status == REDIS_OK, let raw else {
                    throw brokenContext(token: token, errorNumber: errorNumber, doing: "pipeline")
                }
                results.append(Self.take(raw))
            }
            dropIfNotPrimary(results)
            return results
        }
    }

    /// Frees the context (if any) and clears the backoff so the next command connects at once.
    func disconnect() {
        if context != nil {
            logger.debug("Redis connection closed by client", metadata: ["redis.endpoint": "\(endpointDescription)"])
        }
        dropContext()
        shared.withLock { state in
            state.retryAfter = nil
            state.nextBackoff = configuration.reconnectBackoffMin
            state.lastFailure = nil
        }
    }

    // MARK: - Internals

    /// Marks `token` as running (so `cancel` may interrupt it), connects if needed and runs `body`.
    ///
    /// With `connect: false` (a subscription's reads and keepalives) a missing connection is an
    /// `.io` error instead, since a fresh one would not be subscribed. In Sentinel mode, a
    /// connection whose server the Sentinels no longer name as the primary is dropped first.
    func perform<T>(
        _ token: OperationToken,
        connect: Bool = true,
        _ body: (UnsafeMutablePointer<redisContext>) throws -> T
    ) throws -> T {
        try shared.withLock { state throws in
            if token.isCancelled { throw CancellationError() }
            state.active = ObjectIdentifier(token)
            state.interrupted = false
        }
        defer {
            // A cancellation that came as the command completed shut a socket down that the
            // context still holds: drop it, or the next command would write into it (EPIPE).
            let interrupted = shared.withLock { state in
                state.active = nil
                return state.interrupted
            }
            if interrupted { dropContext() }
        }

        let moved = checkPrimaryIfDue()
        let context: UnsafeMutablePointer<redisContext>
        if connect {
            context = try connectIfNeeded(token: token)
        } else if let live = self.context {
            context = live
        } else {
            throw RedisError(.io, "\(contextDescription): \(moved ?? "not connected")")
        }
        do {
            let result = try body(context)
            afterCommandForTesting?(token)
            return result
        } catch let error as RedisError where error.code != .server {
            logger.info(
                "Redis connection dropped",
                metadata: [
                    "redis.endpoint": "\(contextDescription)",
                    "redis.error.code": "\(error.code)",
                    "redis.error": "\(error.message)",
                ]
            )
            throw error
        }
    }

    private func connectIfNeeded(token: OperationToken) throws -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        if let error = backoffError() { throw error }

        let isReconnect = connectedBefore
        do {
            let context: UnsafeMutablePointer<redisContext>
            switch configuration.discovery {
            case .direct(let endpoint): context = try open(endpoint, token: token)
            case .sentinel(let group): context = try discoverPrimary(group, token: token)
            }
            shared.withLock { state in
                state.isReady = true
                state.retryAfter = nil
                state.nextBackoff = configuration.reconnectBackoffMin
                state.lastFailure = nil
            }
            connectedBefore = true
            logger.info(
                isReconnect ? "Reconnected to Redis" : "Connected to Redis",
                metadata: ["redis.endpoint": "\(contextDescription)"]
            )
            return context
        } catch let error as RedisError {
            let backoff = shared.withLock { state in
                let backoff = state.nextBackoff
                state.retryAfter = configuration.now() + backoff
                state.nextBackoff = min(backoff * 2, configuration.reconnectBackoffMax)
                state.lastFailure = error.message
                return backoff
            }
            // The caller reports the failure; repeating it here at every backoff step is noise.
            logger.log(
                level: error.code == .authFailed ? .info : .debug,
                error.code == .authFailed
                    ? "Redis authentication failed"
                    : (isReconnect ? "Redis reconnect failed" : "Redis connect failed"),
                metadata: [
                    "redis.endpoint": "\(endpointDescription)",
                    "redis.error.code": "\(error.code)",
                    "redis.error": "\(error.message)",
                    "redis.backoff.ms": "\(backoff.wholeMilliseconds)",
                ]
            )
            throw error
        }
        // CancellationError passes through without starting a backoff window.
    }

    /// Connects to `endpoint` as the live context, then `AUTH` and `SELECT` as it says.
    func open(_ endpoint: RedisEndpoint, token: OperationToken) throws -> UnsafeMutablePointer<redisContext> {
        contextDescription = endpoint.redactedDescription
        let context = try Self.connectSocket(
            endpoint, connectTimeout: configuration.connectTimeout, commandTimeout: configuration.commandTimeout,
            description: contextDescription
        )
        try shared.withLock { state throws in
            if token.isCancelled {
                redisFree(context)
                throw CancellationError()
            }
            state.fd = chiredis_fd(context)
        }
        self.context = context

        do {
            if let auth = Self.authArguments(endpoint),
                case .failure(let error) = try roundTrip(context, auth, token: token, doing: "AUTH")
            {
                throw RedisError(.authFailed, "\(contextDescription): AUTH failed: \(redacted(error.message))")
            }
            if let database = endpoint.database {
                let select = [Array("SELECT".utf8), Array(String(database).utf8)]
                if case .failure(let error) = try roundTrip(context, select, token: token, doing: "SELECT") {
                    throw RedisError(.connectFailed, "\(contextDescription): SELECT \(database) failed: \(error.message)")
                }
            }
            return context
        } catch {
            dropContext()
            throw error
        }
    }

    /// A connected context with `commandTimeout` as its read/write timeout and TCP keepalive on;
    /// freed again if any step fails. No `AUTH`.
    static func connectSocket(
        _ endpoint: RedisEndpoint, connectTimeout: Duration, commandTimeout: Duration, description: String
    ) throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        let connected = endpoint.host.withCString { host in
            redisConnectWithTimeout(host, Int32(clamping: endpoint.port), connectTimeout.asTimeval)
        }
        guard let context = connected else {
            throw RedisError(.connectFailed, "\(description): connect failed: could not allocate a hiredis context")
        }
        var failure: String?
        if chiredis_err(context) != 0 {
            failure = "connect failed: \(String(cString: chiredis_errstr(context)))"
        } else if redisSetTimeout(context, commandTimeout.asTimeval) != REDIS_OK {
            failure = "setting the command timeout failed: \(String(cString: chiredis_errstr(context)))"
        } else if redisEnableKeepAlive(context) != REDIS_OK {
            failure = "enabling TCP keepalive failed: \(String(cString: chiredis_errstr(context)))"
        }
        if let failure {
            redisFree(context)
            throw RedisError(.connectFailed, "\(description): \(failure)")
        }
        return context
    }

    /// `AUTH [username] password` for `endpoint`, or nil when it has no password.
    static func authArguments(_ endpoint: RedisEndpoint) -> [[UInt8]]? {
        guard let password = endpoint.password else { return nil }
        var auth: [[UInt8]] = [Array("AUTH".utf8)]
        if let username = endpoint.username { auth.append(Array(username.utf8)) }
        auth.append(Array(password.utf8))
        return auth
    }

    /// One command on a live context. Throws only when the context broke (it is then freed);
    /// a server error reply comes back as a `.failure`.
    func roundTrip(
        _ context: UnsafeMutablePointer<redisContext>,
        _ arguments: [[UInt8]],
        token: OperationToken,
        doing: String
    ) throws -> Result<RedisReply, RedisError> {
        let (raw, errorNumber) = HiredisArgv.with(arguments) { argc, argv, argvlen in
            (redisCommandArgv(context, argc, argv, argvlen), chiredis_errno())
        }
        guard let raw else {
            throw brokenContext(token: token, errorNumber: errorNumber, doing: doing)
        }
        return Self.take(raw)
    }

    /// Classifies the failure of the current context, frees it, and returns the error to throw:
    /// `CancellationError` if the task was cancelled, `.timeout` for a read/write timeout
    /// (EAGAIN), `.protocolError` for a RESP parse error, `.io` otherwise.
    func brokenContext(token: OperationToken, errorNumber: Int32, doing: String) -> any Error {
        var failure = (code: RedisError.Code.io, text: "unknown error")
        if let context { failure = Self.classify(context, errorNumber: errorNumber) }
        dropContext()
        if token.isCancelled { return CancellationError() }
        return Self.error(failure, description: contextDescription, doing: doing, timeout: configuration.commandTimeout)
    }

    /// What went wrong with a context that returned no reply: `.timeout` for a read/write
    /// timeout (EAGAIN), `.protocolError` for a RESP parse error, `.io` otherwise.
    static func classify(_ context: UnsafeMutablePointer<redisContext>, errorNumber: Int32) -> (code: RedisError.Code, text: String) {
        let err = chiredis_err(context)
        var text = String(cString: chiredis_errstr(context))
        if text.isEmpty { text = "unknown error" }
        if err == REDIS_ERR_PROTOCOL { return (.protocolError, text) }
        if err == REDIS_ERR_IO && (errorNumber == EAGAIN || errorNumber == EWOULDBLOCK || text == "Resource temporarily unavailable") {
            return (.timeout, text)
        }
        return (.io, text)
    }

    /// The error for a failure `classify` described, naming the server and the step.
    static func error(
        _ failure: (code: RedisError.Code, text: String), description: String, doing: String, timeout: Duration
    ) -> RedisError {
        if failure.code == .timeout {
            return RedisError(.timeout, "\(description): \(doing) timed out: no reply within \(timeout.wholeMilliseconds) ms")
        }
        return RedisError(failure.code, "\(description): \(doing) failed: \(failure.text)")
    }

    /// Frees the context. The socket is closed under the lock so `cancel` can never shut down
    /// a descriptor number that has since been reused.
    func dropContext() {
        guard let context else { return }
        self.context = nil
        shared.withLock { state in
            state.fd = -1
            state.isReady = false
            redisFree(context)
        }
    }

    /// Converts and frees a reply returned by hiredis.
    static func take(_ raw: UnsafeMutableRawPointer) -> Result<RedisReply, RedisError> {
        defer { freeReplyObject(raw) }
        return RedisReply.from(hiredis: UnsafePointer(raw.assumingMemoryBound(to: redisReply.self)))
    }

    private static func validate(_ arguments: [[UInt8]]) throws {
        guard !arguments.isEmpty else {
            throw RedisError(.protocolError, "empty command: a command needs at least its name")
        }
    }

    /// Replaces the passwords, should a server message ever echo one, with "***".
    func redacted(_ message: String) -> String {
        var passwords = [configuration.dataPassword]
        if case .sentinel(let group) = configuration.discovery { passwords += group.sentinels.map(\.password) }
        var message = message
        for case let password? in passwords where !password.isEmpty {
            message = message.replacing(password, with: "***")
        }
        return message
    }
}
