// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import RedisClient
import Synchronization
import TestHarness
import Testing

/// Discovery through Redis Sentinel against a real group on loopback: a primary, a replica and
/// three `redis-sentinel` processes (TestHarness `RedisSentinelTopology`).
@Suite("Redis Sentinel discovery", .serialized)
struct RedisSentinelTests {
    static let password = "data-node-secret"
    static let sentinelPassword = "sentinel-secret"

    /// The client configuration for `topology`; `extraSentinels` go before its own.
    func configuration(
        _ topology: RedisSentinelTopology, masterName: String? = nil, extraSentinels: [Int] = [], checkInterval: Duration = .seconds(1)
    ) -> RedisConfiguration {
        let sentinels = (extraSentinels + topology.sentinels.map(\.port)).map {
            RedisEndpoint(host: "127.0.0.1", port: $0, password: topology.sentinelPassword)
        }
        let group = RedisSentinelGroup(
            sentinels: sentinels, masterName: masterName ?? topology.masterName, database: 2, password: topology.password,
            sentinelTimeout: .milliseconds(500), checkInterval: checkInterval
        )
        return RedisConfiguration(
            discovery: .sentinel(group), connectTimeout: .seconds(2), commandTimeout: .seconds(3),
            reconnectBackoffMin: .milliseconds(50), reconnectBackoffMax: .milliseconds(400)
        )
    }

    /// A plain client for the data node on `port`, database 2.
    func direct(_ topology: RedisSentinelTopology, port: Int) -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, database: 2, password: topology.password)),
            logger: Logger(label: "direct")
        )
    }

    @Test("the primary is found through the Sentinels, a dead first Sentinel is passed over, and no password is logged")
    func findsPrimary() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let primary = try #require(topology.primaryPort())
        let dead = try FreePort.next()
        let recorder = LogRecorder()
        let client = RedisClient(configuration: configuration(topology, extraSentinels: [dead]), logger: recorder.logger())

        #expect(try await client.send(["SET", "found", "yes"]) == .status("OK"))
        #expect(try await direct(topology, port: primary).send(["GET", "found"]).string == "yes")
        #expect(recorder.text.contains("Redis primary is now 127.0.0.1:\(primary)"))
        #expect(!recorder.text.contains(Self.password))
        #expect(!recorder.text.contains(Self.sentinelPassword))
    }

    @Test("an ACL user without ROLE still gets its primary checked (through HELLO)")
    func aclUserWithoutRole() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let primary = try #require(topology.primaryPort())
        _ = try await direct(topology, port: primary).send([
            "ACL", "SETUSER", "bot", "on", ">bot-pw", "~*", "&*", "-@all", "+@connection", "+set", "+get",
        ])
        var group = RedisSentinelGroup(
            sentinels: topology.sentinels.map { RedisEndpoint(host: "127.0.0.1", port: $0.port, password: Self.sentinelPassword) },
            masterName: topology.masterName, username: "bot", password: "bot-pw"
        )
        group.sentinelTimeout = .seconds(1)
        let client = RedisClient(configuration: RedisConfiguration(discovery: .sentinel(group)), logger: Logger(label: "t"))
        let refused = await #expect(throws: RedisError.self) { try await client.send(["ROLE"]) }
        #expect(refused?.message.hasPrefix("NOPERM") == true)
        #expect(try await client.send(["SET", "acl", "ok"]) == .status("OK"))
    }

    @Test("with every Sentinel gone, a connected client keeps its primary")
    func sentinelsGone() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let client = RedisClient(configuration: configuration(topology), logger: Logger(label: "t"))
        #expect(try await client.send(["SET", "kept", "0"]) == .status("OK"))
        for sentinel in topology.sentinels { sentinel.stop() }
        for round in 1...6 {
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await client.send(["INCR", "kept"]) == .integer(Int64(round)))
        }
    }

    @Test("a master name no Sentinel knows is an error that says so; so is having no Sentinel at all")
    func unknownMasterName() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let client = RedisClient(configuration: configuration(topology, masterName: "no-such-master"), logger: Logger(label: "t"))
        let error = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(error?.code == .connectFailed)
        #expect(error?.message.contains("does not know a master named 'no-such-master'") == true)
        #expect(error?.message.contains(Self.sentinelPassword) == false)

        let nobody = try FreePort.next()
        let group = RedisSentinelGroup(sentinels: [RedisEndpoint(host: "127.0.0.1", port: nobody)], masterName: "mymaster")
        let lonely = RedisClient(configuration: RedisConfiguration(discovery: .sentinel(group)), logger: Logger(label: "t"))
        let unreachable = await #expect(throws: RedisError.self) { try await lonely.send(["PING"]) }
        #expect(unreachable?.code == .connectFailed)
        #expect(unreachable?.message.contains("Sentinel 127.0.0.1:\(nobody): connect failed") == true)
    }

    @Test("a Sentinel that refuses the login is passed over, with the reason in the error")
    func sentinelAuthRefused() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let group = RedisSentinelGroup(
            sentinels: topology.sentinels.map { RedisEndpoint(host: "127.0.0.1", port: $0.port, password: "wrong-sentinel-pw") },
            masterName: topology.masterName, password: topology.password
        )
        let client = RedisClient(configuration: RedisConfiguration(discovery: .sentinel(group)), logger: Logger(label: "t"))
        let error = await #expect(throws: RedisError.self) { try await client.send(["PING"]) }
        #expect(error?.message.contains("AUTH failed") == true)
        #expect(error?.message.contains("wrong-sentinel-pw") == false)
    }

    @Test("after SENTINEL failover the client's next commands reach the new primary")
    func followsFailover() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let old = try #require(topology.primaryPort())
        let recorder = LogRecorder()
        let client = RedisClient(configuration: configuration(topology), logger: recorder.logger())
        #expect(try await client.send(["SET", "before", "1"]) == .status("OK"))

        let new = try await topology.failover()
        #expect(new != old)
        // Commands may fail while the primary moves; one soon lands on the new primary.
        let newPrimary = direct(topology, port: new)
        var written = 0
        let landed = try await eventually(within: .seconds(60)) {
            written += 1
            _ = try? await client.send(["SET", "after", String(written)])
            let seen = try await newPrimary.send(["GET", "after"])
            guard seen.string != nil else { throw RedisError(.io, "not on the new primary yet") }
            return seen
        }
        #expect(landed.string != nil)
        #expect(try await client.send(["GET", "before"]).string == "1")
        #expect(recorder.text.contains("Redis primary is now 127.0.0.1:\(new)"))
    }

    @Test("when the primary dies, the Sentinels promote the replica and the client's commands reach it")
    func primaryDies() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let old = try #require(topology.primary())
        let replica = try #require(topology.servers.first { $0.port != old.port })
        let client = RedisClient(configuration: configuration(topology), logger: Logger(label: "t"))
        #expect(try await client.send(["SET", "before", "1"]) == .status("OK"))
        _ = try await eventually(within: .seconds(60)) {
            guard try await direct(topology, port: replica.port).send(["GET", "before"]).string == "1" else {
                throw RedisError(.io, "not replicated yet")
            }
        }

        old.stop()
        let reply = try await eventually(within: .seconds(60)) { try await client.send(["SET", "after", "2"]) }
        #expect(reply == .status("OK"))
        // Each Sentinel learns of the promotion in its own time; wait until the one asked has.
        let promoted = try await eventually(within: .seconds(60)) {
            guard topology.primaryPort() == replica.port else { throw RedisError(.io, "the Sentinel asked still names the old primary") }
            return true
        }
        #expect(promoted)
        #expect(try await direct(topology, port: replica.port).send(["GET", "after"]).string == "2")
        #expect(try await client.send(["GET", "before"]).string == "1")
    }

    @Test("a subscriber follows the failover: a publish on the new primary arrives")
    func subscriberFollowsFailover() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let subscriber = RedisSubscriber(
            configuration: configuration(topology), channels: ["updates"], keepAlive: .seconds(1), logger: Logger(label: "t"))
        let received = Mutex<[String]>([])
        let subscriptions = Mutex(0)
        let task = Task {
            await subscriber.run { event in
                switch event {
                case .subscribed: subscriptions.withLock { $0 += 1 }
                case .message(_, let payload): received.withLock { $0.append(String(decoding: payload, as: UTF8.self)) }
                case .disconnected: break
                }
            }
        }
        defer { task.cancel() }
        _ = try await eventually(within: .seconds(60)) {
            guard subscriptions.withLock({ $0 }) >= 1 else { throw RedisError(.io, "not subscribed yet") }
        }

        let new = try await topology.failover()
        let publisher = direct(topology, port: new)
        var count = 0
        try await eventually(within: .seconds(60)) {
            count += 1
            let payload = "after-failover-\(count)"
            _ = try await publisher.send(["PUBLISH", "updates", payload])
            try await Task.sleep(for: .milliseconds(200))
            guard received.withLock({ $0.contains(payload) }) else { throw RedisError(.io, "not received yet") }
        }
        #expect(subscriptions.withLock { $0 } >= 2)
        task.cancel()
        _ = await task.value
    }

    @Test("when the Sentinels name another primary, a connected client moves to it; one that does not check moves on READONLY")
    func movesWhenTheSentinelsNameAnotherPrimary() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let old = try #require(topology.primaryPort())
        let other = try RedisServerProcess.start(extraArguments: ["--requirepass", Self.password])
        defer { other.stop() }
        let checking = RedisClient(configuration: configuration(topology), logger: Logger(label: "t"))
        let recorder = LogRecorder()
        let trusting = RedisClient(configuration: configuration(topology, checkInterval: .seconds(3600)), logger: recorder.logger())
        #expect(try await checking.send(["SET", "where", "old"]) == .status("OK"))
        #expect(try await trusting.send(["SET", "where", "old"]) == .status("OK"))

        // The Sentinels now monitor another server under the same name; nobody kills the old
        // primary's clients, so only asking the Sentinels again can move them.
        for sentinel in topology.sentinels {
            let admin = RedisClient(
                configuration: RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: sentinel.port, password: Self.sentinelPassword)),
                logger: Logger(label: "admin")
            )
            _ = try await admin.send(["SENTINEL", "REMOVE", topology.masterName])
            _ = try await admin.send(["SENTINEL", "MONITOR", topology.masterName, "127.0.0.1", String(other.port), "2"])
            _ = try await admin.send(["SENTINEL", "SET", topology.masterName, "auth-pass", Self.password])
        }
        let otherClient = direct(topology, port: other.port)
        var attempt = 0
        _ = try await eventually(within: .seconds(30)) {
            attempt += 1
            _ = try? await checking.send(["SET", "checked", String(attempt)])
            guard try await otherClient.send(["GET", "checked"]).string != nil else { throw RedisError(.io, "not moved yet") }
        }

        // The old primary becomes a replica of the other server: the trusting client's next
        // write is refused with READONLY, which drops its connection, and the one after that
        // reaches the primary the Sentinels name.
        _ = try await direct(topology, port: old).send(["REPLICAOF", "127.0.0.1", String(other.port)])
        let refused = await #expect(throws: RedisError.self) { try await trusting.send(["SET", "trusted", "1"]) }
        #expect(refused?.message.hasPrefix("READONLY") == true || refused?.message.hasPrefix("LOADING") == true)
        #expect(try await eventually(within: .seconds(60)) { try await trusting.send(["SET", "trusted", "2"]) } == .status("OK"))
        #expect(try await otherClient.send(["GET", "trusted"]).string == "2")
        #expect(recorder.text.contains("Redis primary is now 127.0.0.1:\(other.port)"))
    }
}
