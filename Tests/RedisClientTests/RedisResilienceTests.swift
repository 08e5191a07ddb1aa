// SPDX-License-Identifier: Apache-2.0
import Foundation
import RedisClient
import TestHarness
import Testing

@Suite("RedisClient failures and reconnects")
struct RedisResilienceTests {
    @Test("killed server: command throws, then reconnect with AUTH and read timeout restored after restart()")
    func killedServerAndRestart() async throws {
        let password = "s3cret-for-restart"
        let server = try RedisServerProcess.start(extraArguments: ["--requirepass", password] + debugEnabled)
        defer { server.stop() }
        let recorder = LogRecorder()
        // The backoff's time moves only when the test moves it.
        let time = SteppedTime()
        let client = makeClient(
            server,
            password: password,
            commandTimeout: .milliseconds(300),
            backoffMin: .seconds(2),
            backoffMax: .seconds(2),
            time: time,
            recorder: recorder
        )
        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))

        // The read timeout is set on the first connection.
        let timedOut = await #expect(throws: RedisError.self) { try await client.send(["DEBUG", "SLEEP", "2"]) }
        #expect(timedOut?.code == .timeout)
        #expect(!client.isConnected)  // a timed-out context is dropped

        // Reconnects once the server wakes up (a reconnect whose AUTH times out while the server
        // still sleeps opens a backoff window: each try moves time past it).
        let reread = try await eventually(within: .seconds(60)) {
            time.advance(by: .seconds(2))
            return try await client.send(["GET", "k"])
        }
        #expect(reread.string == "v")
        #expect(client.isConnected)

        // Kill the server under a live connection: the command throws promptly instead of hanging.
        server.stop()
        var lostError: RedisError?
        let took = await elapsed {
            lostError = await #expect(throws: RedisError.self) { try await client.send(["GET", "k"]) }
        }
        #expect(lostError?.code == .io)
        #expect(took < .seconds(60), "the command hung instead of failing")

        // Nothing listens: connect fails, then the backoff window makes commands fail fast.
        let refused = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(refused?.code == .connectFailed)
        let backingOff = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(backingOff?.code == .unavailable)

        // Same port again; once its backoff window has passed, the client reconnects with AUTH.
        try server.restart()
        let pong = try await eventually(within: .seconds(60)) {
            time.advance(by: .seconds(2))
            return try await client.send(["PING"])
        }
        #expect(pong == .status("PONG"))
        #expect(try await client.send(["ACL", "WHOAMI"]).string == "default")
        #expect(try await client.send(["GET", "k"]) == .null)  // new, empty server

        // ...and with the read timeout.
        let timedOutAgain = await #expect(throws: RedisError.self) { try await client.send(["DEBUG", "SLEEP", "2"]) }
        #expect(timedOutAgain?.code == .timeout)

        let logs = recorder.text
        #expect(logs.contains("Reconnected to Redis"))
        #expect(logs.contains("redis.backoff.ms"))
        #expect(!logs.contains(password))
    }

    @Test("CLIENT KILL TYPE normal from another client: next command fails or reconnects, then works")
    func clientKilledByServer() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let client = makeClient(server)
        let admin = makeClient(server)

        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))
        let idBefore = try await client.send(["CLIENT", "ID"])
        let killed = try #require(try await admin.send(["CLIENT", "KILL", "TYPE", "normal"]).int)
        #expect(killed >= 1)

        do {
            let reply = try await client.send(["GET", "k"])
            #expect(reply.string == "v")
        } catch let error as RedisError {
            #expect(error.code == .io)
        }
        #expect(try await eventually(within: .seconds(60)) { try await client.send(["GET", "k"]) }.string == "v")
        #expect(try await client.send(["CLIENT", "ID"]) != idBefore)
    }

    @Test("paused server (SIGSTOP): command throws .timeout; after resume it works again")
    func pausedServer() async throws {
        let server = try RedisServerProcess.start()
        defer { server.stop() }
        let client = makeClient(server, commandTimeout: .milliseconds(300))
        #expect(try await client.send(["SET", "k", "v"]) == .status("OK"))

        server.pause()
        // Safety net: should the timeout not work, resume after 90 s so the test fails instead of hanging.
        let safetyNet = Task {
            try await Task.sleep(for: .seconds(90))
            server.resume()
        }
        defer { safetyNet.cancel() }
        var error: RedisError?
        let took = await elapsed {
            error = await #expect(throws: RedisError.self) { try await client.send(["GET", "k"]) }
        }
        server.resume()
        #expect(took < .seconds(60), "the read timeout never fired")
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)

        #expect(try await eventually(within: .seconds(60)) { try await client.send(["GET", "k"]) }.string == "v")
    }

    @Test("nothing listening: .connectFailed, fail fast during backoff, backoff doubles")
    func backoffWhileDown() async throws {
        // Bound but not listening for the whole test: no other test's server can take the port.
        let (fd, port) = try FreePort.bound()
        defer { close(fd) }
        let recorder = LogRecorder()
        // The backoff's time moves only when the test moves it.
        let time = SteppedTime()
        var configuration = RedisConfiguration(
            endpoint: RedisEndpoint(host: "127.0.0.1", port: port, password: "not-logged-pw"),
            connectTimeout: .seconds(1),
            reconnectBackoffMin: .seconds(2),
            reconnectBackoffMax: .seconds(30)
        )
        configuration.now = time.now
        let client = RedisClient(configuration: configuration, logger: recorder.logger())

        let first = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(first?.code == .connectFailed)
        #expect(first?.message.contains("127.0.0.1:\(port)") == true)

        let fast = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(fast?.code == .unavailable)
        let pipelined = await #expect(throws: RedisError.self) { try await client.pipeline([[bytes("PING")]]) }
        #expect(pipelined?.code == .unavailable)

        // After the 2 s window a real attempt is made again...
        time.advance(by: .milliseconds(2300))
        let second = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(second?.code == .connectFailed)

        // ...and the window is now 4 s, so 3.9 s later it is still closed.
        time.advance(by: .milliseconds(3900))
        let stillClosed = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(stillClosed?.code == .unavailable)

        // disconnect() clears the backoff: the next command tries at once.
        await client.disconnect()
        let third = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(third?.code == .connectFailed)

        let logs = recorder.text
        #expect(logs.contains("redis.endpoint"))
        #expect(!logs.contains("not-logged-pw"))
    }
}
