// SPDX-License-Identifier: Apache-2.0
import RedisClient
import TestHarness
import Testing

@Suite("RedisClient AUTH")
struct RedisAuthTests {
    static let password = "correct horse:battery@staple"
    let server: RedisServerProcess

    init() throws {
        server = try RedisServerProcess.start(extraArguments: ["--requirepass", Self.password])
    }

    @Test("AUTH password, from a URL with a percent-encoded password")
    func passwordFromURL() async throws {
        let url = "redis://:correct%20horse%3Abattery%40staple@127.0.0.1:\(server.port)"
        let endpoint = try RedisEndpoint(url: url)
        #expect(endpoint.password == Self.password)
        let recorder = LogRecorder()
        let client = RedisClient(configuration: RedisConfiguration(endpoint: endpoint), logger: recorder.logger())
        #expect(try await client.send(["SET", "a", "1"]) == .status("OK"))
        #expect(try await client.send(["GET", "a"]).string == "1")
        #expect(!recorder.text.contains(Self.password))
        #expect(recorder.text.contains("redis.endpoint"))
    }

    @Test("AUTH username password (ACL form)")
    func usernameAndPassword() async throws {
        let client = makeClient(server, username: "default", password: Self.password)
        #expect(try await client.send(["ACL", "WHOAMI"]).string == "default")
    }

    @Test("wrong password: .authFailed with the server's message, no password in messages or logs")
    func wrongPassword() async throws {
        let wrong = "wrong-Pa55word-xyz"
        let recorder = LogRecorder()
        // Time stands still, so the backoff window opened by the failure is still open below.
        let client = makeClient(
            server, password: wrong, backoffMin: .seconds(2), backoffMax: .seconds(2), time: SteppedTime(), recorder: recorder)

        let error = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(error?.code == .authFailed)
        #expect(error?.message.contains("WRONGPASS") == true)
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
        #expect(error?.message.contains(wrong) == false)
        #expect(error?.description.contains(wrong) == false)
        #expect(!client.isConnected)

        // Inside the backoff window the next command fails fast.
        let again = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(again?.code == .unavailable)
        #expect(again?.message.contains(wrong) == false)

        let logs = recorder.text
        #expect(logs.contains("authentication failed"))
        #expect(!logs.contains(wrong))
        #expect(!logs.contains(Self.password))
    }

    @Test("no password against a protected server: commands throw .server NOAUTH")
    func missingPassword() async throws {
        let client = makeClient(server)
        let error = await #expect(throws: RedisError.self) { try await client.send(["GET", "a"]) }
        #expect(error?.code == .server)
        #expect(error?.message.hasPrefix("NOAUTH") == true)
    }
}
