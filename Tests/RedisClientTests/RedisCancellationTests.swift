// SPDX-License-Identifier: Apache-2.0
@testable import RedisClient
import TestHarness
import Testing

@Suite("RedisClient cancellation")
struct RedisCancellationTests {
    @Test("cancelling a task blocked in a command that never answers (BLPOP 0) ends it with CancellationError")
    func cancelBlockedCommand() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        // A command timeout far beyond the test's own deadline: only cancellation can end the wait.
        let client = makeClient(server, commandTimeout: .seconds(120))
        let admin = makeClient(server)
        #expect(try await client.send(["PING"]) == .status("PONG"))

        // BLPOP with no timeout blocks this connection until something is pushed, which nothing
        // does: the task can only return because it was cancelled.
        let task = Task { try await client.send(["BLPOP", "never-pushed", "0"]) }
        try await waitUntilBlocked(admin)
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }

        // The blocked read was interrupted (socket shut down), so the context is dropped (on the
        // client's thread, just after the task returned) and the server sees its client go.
        let dropped = try await eventually(within: .seconds(120)) {
            if client.isConnected { throw CancellationError() }
            return true
        }
        #expect(dropped)
        let gone = try await eventually(within: .seconds(120)) {
            guard try await admin.send(["CLIENT", "LIST"]).string?.contains("cmd=blpop") == false else {
                throw CancellationError()
            }
            return true
        }
        #expect(gone)
        #expect(try await client.send(["PING"]) == .status("PONG"))  // a new connection
    }

    @Test("a cancellation that comes as a command completes leaves no shut-down socket for the next one")
    func cancelAsTheCommandCompletes() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let client = makeClient(server)
        let connection = client.connection
        // The moment between the reply and the end of the operation, when a stop's cancellation
        // once shut the socket down under a context that stayed in use (the next command: EPIPE).
        connection.afterCommandForTesting = { token in connection.cancel(token) }
        _ = try? await client.send(["SET", "k", "v"])
        connection.afterCommandForTesting = nil
        #expect(try await client.send(["GET", "k"]).string == "v")
    }

    @Test("cancelling a queued command does not disturb the one running")
    func cancelQueuedCommand() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let client = makeClient(server, commandTimeout: .seconds(120))
        let admin = makeClient(server)
        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))
        let connectionID = try await client.send(["CLIENT", "ID"])

        // The running command blocks its connection until the test pushes to the list, so the
        // SET queues behind it however slow the machine is.
        let running = Task { try await client.send(["BLPOP", "go", "0"]) }
        try await waitUntilBlocked(admin)
        let queued = Task { try await client.send(["SET", "k", "changed"]) }
        // Time for the SET to queue behind the BLPOP; should it not have, it is cancelled before
        // it is sent, which must end the same way.
        try await Task.sleep(for: .milliseconds(100))
        queued.cancel()

        await #expect(throws: CancellationError.self) { try await queued.value }
        _ = try await admin.send(["RPUSH", "go", "now"])
        #expect(try await running.value == .array([.bulk(bytes("go")), .bulk(bytes("now"))]))
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

    /// Waits until a client of `server` is blocked in `BLPOP`, asking through `admin`.
    func waitUntilBlocked(_ admin: RedisClient) async throws {
        _ = try await eventually(within: .seconds(120)) {
            guard try await admin.send(["CLIENT", "LIST"]).string?.contains("cmd=blpop") == true else {
                throw CancellationError()
            }
            return true
        }
    }
}
