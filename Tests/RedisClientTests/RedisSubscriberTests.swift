// SPDX-License-Identifier: Apache-2.0
import Logging
import RedisClient
import Synchronization
import TestHarness
import Testing

@Suite("RedisSubscriber")
struct RedisSubscriberTests {
    final class Events: Sendable {
        let list = Mutex<[RedisSubscriber.Event]>([])
        func append(_ event: RedisSubscriber.Event) { list.withLock { $0.append(event) } }
        var all: [RedisSubscriber.Event] { list.withLock { $0 } }
        func count(_ predicate: (RedisSubscriber.Event) -> Bool) -> Int { all.filter(predicate).count }
    }

    func waitFor(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test("messages arrive; after CLIENT KILL it re-authenticates, resubscribes and says so")
    func messagesAndResubscribe() async throws {
        let password = "sub-secret"
        let server = try RedisServerProcess.start(extraArguments: ["--requirepass", password])
        defer { server.stop() }
        let endpoint = RedisEndpoint(host: "127.0.0.1", port: server.port, password: password)
        let subscriber = RedisSubscriber(
            configuration: RedisConfiguration(endpoint: endpoint, commandTimeout: .seconds(10)), channels: ["updates"],
            keepAlive: .seconds(1), logger: Logger(label: "t")
        )
        let publisher = RedisClient(configuration: RedisConfiguration(endpoint: endpoint), logger: Logger(label: "t"))
        let events = Events()
        let task = Task { await subscriber.run { events.append($0) } }
        defer { task.cancel() }

        #expect(try await waitFor { events.count { $0 == .subscribed } == 1 })
        #expect(try await publisher.send(["PUBLISH", "updates", "seq-1"]) == .integer(1))
        #expect(try await waitFor { events.all.contains(.message(channel: "updates", payload: Array("seq-1".utf8))) })

        // Quiet for a while: keepalive PINGs keep it subscribed, no reconnect.
        try await Task.sleep(for: .milliseconds(2500))
        #expect(events.count { $0 == .subscribed } == 1)

        _ = try await publisher.send(["CLIENT", "KILL", "TYPE", "pubsub"])
        #expect(try await waitFor { events.count { $0 == .subscribed } == 2 })
        #expect(events.all.contains { if case .disconnected = $0 { true } else { false } })
        _ = try await publisher.send(["PUBLISH", "updates", "seq-2"])
        #expect(try await waitFor { events.all.contains(.message(channel: "updates", payload: Array("seq-2".utf8))) })
        task.cancel()
        _ = await task.value
    }

    @Test("a stop ends a subscription that waits ten minutes for a message at once (issue 29: no wake-up every second)")
    func aStopEndsALongWait() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let subscriber = RedisSubscriber(
            configuration: RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: server.port)), channels: ["updates"],
            keepAlive: .seconds(600), logger: Logger(label: "t")
        )
        let events = Events()
        let ended = Mutex(false)
        let task = Task {
            await subscriber.run { events.append($0) }
            ended.withLock { $0 = true }
        }
        #expect(try await waitFor { events.count { $0 == .subscribed } == 1 })
        task.cancel()
        #expect(try await waitFor { ended.withLock { $0 } }, "the subscription still waits after its stop")
    }

    @Test("a subscriber on a client's thread hands each message, on that thread, to a task that prefers it; the client's commands go on meanwhile")
    func aSubscriberOnAClientsThread() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let configuration = RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: server.port))
        let client = RedisClient(configuration: configuration, logger: Logger(label: "t"))
        let subscriber = RedisSubscriber(
            configuration: configuration, channels: ["updates"], keepAlive: .seconds(600), sharingThreadOf: client, logger: Logger(label: "t"))
        let clientThread = await withTaskExecutorPreference(client.taskExecutor) { ThreadIdentity.current() }
        let threads = Mutex<Set<UInt>>([])
        let events = Events()
        let task = Task {
            await withTaskExecutorPreference(client.taskExecutor) {
                await subscriber.run { event in
                    threads.withLock { _ = $0.insert(ThreadIdentity.current()) }
                    events.append(event)
                }
            }
        }
        defer { task.cancel() }
        #expect(try await waitFor { events.count { $0 == .subscribed } == 1 })
        // The subscription waits on the client's thread: its commands are not held up by it.
        for index in 0..<3 { #expect(try await client.send(["SET", "key", "\(index)"]) == .status("OK")) }
        #expect(try await client.send(["PUBLISH", "updates", "one"]) == .integer(1))
        #expect(try await waitFor { events.all.contains(.message(channel: "updates", payload: Array("one".utf8))) })
        #expect(threads.withLock { $0 } == [clientThread])
        task.cancel()
        _ = await task.value
    }
}
