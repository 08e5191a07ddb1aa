import RedisClient
import TestHarness
import Testing

@Suite("RedisClient cancellation")
struct RedisCancellationTests {
    @Test("cancelling a task blocked in DEBUG SLEEP 5 returns promptly with CancellationError")
    func cancelBlockedCommand() async throws {
        let server = try RedisServerProcess.start(extraArguments: debugEnabled)
        defer { server.stop() }
        let client = makeClient(server, commandTimeout: .seconds(10))
        #expect(try await client.send(["PING"]) == .status("PONG"))

        let task = Task { try await client.send(["DEBUG", "SLEEP", "5"]) }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .seconds(4), "cancellation waited for the server")
        #expect(throws: CancellationError.self) { try result.get() }

        // The blocked read was interrupted (socket shut down), so the context is dropped at
        // once rather than after the server wakes up.
        let dropped = try await eventually(within: .seconds(2)) {
            if client.isConnected { throw CancellationError() }
            return true
        }
        #expect(dropped)
    }

    @Test("cancelling a queued command does not disturb the one running")
    func cancelQueuedCommand() async throws {
        let server = try RedisServerProcess.start(extraArguments: debugEnabled)
        defer { server.stop() }
        let client = makeClient(server)
        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))
        let connectionID = try await client.send(["CLIENT", "ID"])

        let running = Task { try await client.send(["DEBUG", "SLEEP", "1"]) }
        try await Task.sleep(for: .milliseconds(200))
        let queued = Task { try await client.send(["SET", "k", "changed"]) }
        try await Task.sleep(for: .milliseconds(100))
        queued.cancel()

        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(try await running.value == .status("OK"))
        #expect(try await client.send(["GET", "k"]).string == "v")  // the cancelled SET never ran
        #expect(try await client.send(["CLIENT", "ID"]) == connectionID)  // same connection
    }

    @Test("an already-cancelled task does not send the command")
    func alreadyCancelled() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let client = makeClient(server)
        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))

        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(["SET", "k", "changed"])
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await client.send(["GET", "k"]).string == "v")
    }
}
