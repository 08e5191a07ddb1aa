// SPDX-License-Identifier: Apache-2.0
import RedisClient
import TestHarness
import Testing

@Suite("RedisClient commands")
struct RedisCommandTests {
    let server: RedisServerProcess
    let client: RedisClient

    init() throws {
        server = try RedisServerProcess.start()
        client = makeClient(server)
    }

    @Test("binary-safe SET/GET: NUL bytes and non-UTF-8 in key and value")
    func binaryRoundTrip() async throws {
        let key: [UInt8] = [0x6B, 0x00, 0x65, 0x79]  // "k\0ey"
        let value: [UInt8] = [0x00, 0x61, 0x00, 0xFF, 0xFE, 0x80, 0x0A, 0x0D, 0x00]

        #expect(try await client.send([bytes("SET"), key, value]) == .status("OK"))
        let reply = try await client.send([bytes("GET"), key])
        #expect(reply == .bulk(value))
        #expect(reply.string == nil)  // not UTF-8
        #expect(try await client.send([bytes("STRLEN"), key]) == .integer(Int64(value.count)))
        // Nothing was truncated at the NUL: the key "k" does not exist.
        #expect(try await client.send(["GET", "k"]) == .null)
        #expect(try await client.send(["EXISTS", "k"]) == .integer(0))

        // An empty value is a bulk string, not null.
        #expect(try await client.send([bytes("SET"), bytes("empty"), []]) == .status("OK"))
        #expect(try await client.send(["GET", "empty"]) == .bulk([]))
    }

    @Test("SET k v NX PX: only the first set wins, PTTL is within the window, the key expires")
    func setNXPX() async throws {
        #expect(try await client.send(["SET", "lock", "owner-1", "NX", "PX", "60000"]) == .status("OK"))
        #expect(try await client.send(["SET", "lock", "owner-2", "NX", "PX", "60000"]) == .null)
        #expect(try await client.send(["GET", "lock"]).string == "owner-1")

        let pttl = try #require(try await client.send(["PTTL", "lock"]).int)
        #expect(pttl > 0 && pttl <= 60000)

        #expect(try await client.send(["SET", "short", "a", "NX", "PX", "150"]) == .status("OK"))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await client.send(["GET", "short"]) == .null)
        #expect(try await client.send(["PTTL", "short"]) == .integer(-2))
        #expect(try await client.send(["SET", "short", "b", "NX", "PX", "150"]) == .status("OK"))
    }

    @Test("server error replies throw .server with the server's text; the connection stays usable")
    func serverErrorKeepsConnection() async throws {
        #expect(try await client.send(["SET", "s", "v"]) == .status("OK"))
        let connectionID = try await client.send(["CLIENT", "ID"])

        let wrongType = await #expect(throws: RedisError.self) { try await client.send(["LPUSH", "s", "x"]) }
        #expect(wrongType?.code == .server)
        #expect(wrongType?.message.hasPrefix("WRONGTYPE") == true)

        let unknown = await #expect(throws: RedisError.self) { try await client.send(["NO-SUCH-COMMAND", "x"]) }
        #expect(unknown?.code == .server)
        #expect(unknown?.message.hasPrefix("ERR") == true)

        #expect(try await client.send(["GET", "s"]).string == "v")
        #expect(try await client.send(["CLIENT", "ID"]) == connectionID)  // same connection
        #expect(client.isConnected)
    }

    @Test("pipeline: replies in order, per-command errors as failures")
    func pipelineOrder() async throws {
        let results = try await client.pipeline([
            [bytes("SET"), bytes("p"), bytes("1")],
            [bytes("INCR"), bytes("p")],
            [bytes("LPUSH"), bytes("p"), bytes("x")],
            [bytes("INCRBY"), bytes("p"), bytes("40")],
            [bytes("GET"), bytes("p")],
            [bytes("RPUSH"), bytes("list"), bytes("a"), [0x00], bytes("c")],
            [bytes("LRANGE"), bytes("list"), bytes("0"), bytes("-1")],
            [bytes("GET"), bytes("missing")],
        ])
        #expect(results.count == 8)
        #expect(try results[0].get() == .status("OK"))
        #expect(try results[1].get() == .integer(2))
        guard case .failure(let error) = results[2] else {
            Issue.record("LPUSH on a string should fail, got \(results[2])")
            return
        }
        #expect(error.code == .server)
        #expect(error.message.hasPrefix("WRONGTYPE"))
        #expect(try results[3].get() == .integer(42))
        #expect(try results[4].get() == .bulk(bytes("42")))
        #expect(try results[4].get().int == 42)
        #expect(try results[5].get() == .integer(3))
        #expect(try results[6].get() == .array([.bulk(bytes("a")), .bulk([0x00]), .bulk(bytes("c"))]))
        #expect(try results[7].get() == .null)

        #expect(try await client.pipeline([]).isEmpty)
    }

    @Test("a long pipeline keeps its order")
    func longPipeline() async throws {
        let commands = (1...500).map { index in [bytes("RPUSH"), bytes("seq"), bytes(String(index))] }
        let results = try await client.pipeline(commands)
        #expect(results.count == 500)
        #expect(results.enumerated().allSatisfy { offset, result in (try? result.get()) == .integer(Int64(offset + 1)) })
        let range = try await client.send(["LRANGE", "seq", "0", "-1"])
        #expect(range == .array((1...500).map { .bulk(bytes(String($0))) }))
    }

    @Test("reply accessors")
    func replyAccessors() async throws {
        #expect(try await client.send(["PING"]).string == "PONG")
        #expect(try await client.send(["INCR", "n"]).int == 1)
        #expect(try await client.send(["SET", "t", "text"]).string == "OK")
        #expect(try await client.send(["GET", "t"]).int == nil)
        #expect(RedisReply.null.string == nil)
        #expect(RedisReply.array([]).int == nil)
    }

    @Test("SELECT from the endpoint's database is applied")
    func selectsDatabase() async throws {
        let db5 = makeClient(server, database: 5)
        #expect(try await db5.send(["SET", "where", "five"]) == .status("OK"))
        #expect(try await client.send(["GET", "where"]) == .null)  // db 0
        #expect(try await client.send(["SELECT", "5"]) == .status("OK"))
        #expect(try await client.send(["GET", "where"]).string == "five")

        let bad = makeClient(server, database: 999_999)
        let error = await #expect(throws: RedisError.self) { try await bad.send(["PING"]) }
        #expect(error?.code == .connectFailed)
        #expect(error?.message.contains("SELECT") == true)
    }

    @Test("isConnected: lazy connect, disconnect, reconnect on next command")
    func connectionLifecycle() async throws {
        #expect(!client.isConnected)  // init does not connect
        let firstID = try await client.send(["CLIENT", "ID"])
        #expect(client.isConnected)
        await client.disconnect()
        #expect(!client.isConnected)
        let secondID = try await client.send(["CLIENT", "ID"])
        #expect(client.isConnected)
        #expect(firstID != secondID)
    }

    @Test("an empty command is rejected without touching the connection")
    func emptyCommand() async throws {
        let error = await #expect(throws: RedisError.self) { try await client.send([[UInt8]]()) }
        #expect(error?.code == .protocolError)
        #expect(try await client.send(["PING"]) == .status("PONG"))
    }
}
