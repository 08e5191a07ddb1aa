// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import Logging

/// A pub/sub subscription on its own connection, kept alive and restored.
///
/// It subscribes to `channels`, then reads messages as they come. While the channel is quiet it
/// sends `PING` (allowed in subscribed mode) every `keepAlive`; a connection that answers neither
/// within another `keepAlive` is dropped. After any reconnect it authenticates again (as every
/// connection of this module does), subscribes again and reports `.subscribed`, so the caller
/// can read what it may have missed: pub/sub drops what was sent while nobody listened. With
/// Sentinel discovery each reconnect finds the current primary, and a subscription whose server
/// the Sentinels no longer name as the primary is moved to the new one.
public final class RedisSubscriber: Sendable {
    /// What the subscription reports.
    public enum Event: Sendable, Equatable {
        /// Subscribed, first or again after a reconnect: read the state you follow now.
        case subscribed
        /// A message on a channel.
        case message(channel: String, payload: [UInt8])
        /// The connection was lost; it will be restored.
        case disconnected(String)
    }

    private let connection: RedisConnection
    private let executor: BlockingExecutor
    private let configuration: RedisConfiguration
    private let channels: [String]
    private let keepAlive: Duration
    private let retryDelay: Duration
    private let logger: Logger

    /// A subscriber to `channels`; it connects when `run` starts. Its connection is read and
    /// written on a thread of its own, or on `client`'s when given: that thread then watches the
    /// subscription's socket between the client's commands, so a task that prefers it (see
    /// ``RedisClient/taskExecutor``) handles each message on the same thread, with no hop.
    public init(
        configuration: RedisConfiguration, channels: [String], keepAlive: Duration = .seconds(5), retryDelay: Duration = .milliseconds(250),
        sharingThreadOf client: RedisClient? = nil, logger: Logger
    ) {
        _ = ignoreSIGPIPE
        self.connection = RedisConnection(configuration: configuration, logger: logger)
        self.executor = client?.thread ?? BlockingExecutor(label: "redis-subscriber \(configuration.redactedDescription)")
        self.configuration = configuration
        self.channels = channels
        self.keepAlive = keepAlive
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Subscribes and calls `onEvent` for each event until the task is cancelled.
    /// Failures in a row (a refused `SUBSCRIBE`, a server that keeps dropping the connection)
    /// double the wait before the next attempt, from `retryDelay` up to 30 s; a subscription that
    /// succeeds resets it. With Sentinel discovery it also listens to the Sentinels'
    /// `+switch-master` meanwhile (``RedisSentinelWatcher``), for every connection of the process.
    public func run(_ onEvent: @Sendable (Event) async -> Void) async {
        await withDiscardingTaskGroup { tasks in
            if case .sentinel(let group) = configuration.discovery {
                let watcher = RedisSentinelWatcher(group: group, logger: logger)
                tasks.addTask { await watcher.run() }
            }
            var delay = retryDelay
            while !Task.isCancelled {
                if await session(onEvent) { delay = retryDelay }
                if Task.isCancelled { break }
                // On the connection's own thread, as its reads are: no other thread wakes for the wait.
                try? await executor.sleep(until: .now + delay)
                delay = min(delay * 2, .seconds(30))
            }
            tasks.cancelAll()
        }
        await close()
    }

    /// One subscription: subscribes, reports `.subscribed` and each message until the connection
    /// fails (reported as `.disconnected`) or the task is cancelled. Returns whether it subscribed.
    func session(_ onEvent: @Sendable (Event) async -> Void) async -> Bool {
        var subscribed = false
        do {
            try await subscribe()
            subscribed = true
            await onEvent(.subscribed)
            try await listen(onEvent)
        } catch is CancellationError {
            return subscribed
        } catch {
            await close()
            await onEvent(.disconnected("\(error)"))
        }
        return subscribed
    }

    private func subscribe() async throws {
        let connection = self.connection
        let command = [Array("SUBSCRIBE".utf8)] + channels.map { Array($0.utf8) }
        let token = OperationToken()
        let wait = keepAlive
        try await executor.run(onCancel: { connection.cancel(token) }) {
            try connection.write(command, token: token)
        }
        var confirmed = 0
        while confirmed < channels.count {
            guard let reply = try await nextReply(waitingUpTo: wait) else { throw RedisError(.timeout, "no SUBSCRIBE confirmation within \(wait)") }
            let value = try reply.get()
            guard case .array(let parts) = value, parts.first?.string == "subscribe" else {
                throw RedisError(.protocolError, "unexpected reply to SUBSCRIBE: \(value)")
            }
            confirmed += 1
        }
    }

    private func listen(_ onEvent: @Sendable (Event) async -> Void) async throws {
        let connection = self.connection
        let keepAlive = self.keepAlive
        var pingOutstanding = false
        while !Task.isCancelled {
            // One wait per keepalive (a stop ends it at once), so an idle subscription wakes only to PING.
            guard let reply = try await nextReply(waitingUpTo: keepAlive) else {
                if pingOutstanding { throw RedisError(.timeout, "no answer to PING within \(keepAlive)") }
                let ping = OperationToken()
                try await executor.run(onCancel: { connection.cancel(ping) }) {
                    try connection.write([Array("PING".utf8)], token: ping, connect: false)
                }
                pingOutstanding = true
                continue
            }
            pingOutstanding = false
            guard case .array(let parts) = try reply.get(), let kind = parts.first?.string else { continue }
            if kind == "message", parts.count == 3, let channel = parts[1].string, case .bulk(let payload) = parts[2] {
                await onEvent(.message(channel: channel, payload: payload))
            }
        }
        throw CancellationError()
    }

    /// The next reply, waiting at most `wait` for one to start arriving; nil when none came. The
    /// executor's thread watches the socket meanwhile and is free for other work.
    private func nextReply(waitingUpTo wait: Duration) async throws -> Result<RedisReply, RedisError>? {
        let connection = self.connection
        let deadline = ContinuousClock.now + wait
        while true {
            let token = OperationToken()
            let (reply, descriptor) = try await executor.run(onCancel: { connection.cancel(token) }) {
                try connection.receiveNow(token: token)
            }
            if let reply { return reply }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero, try await executor.waitReadable(descriptor, upTo: left) else { return nil }
        }
    }

    /// Closes the connection.
    func close() async {
        let connection = self.connection
        let executor = self.executor
        await Task { try? await executor.run { connection.disconnect() } }.value
    }
}
