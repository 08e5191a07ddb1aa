// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// A Sentinel deployment on the users of `deploy/redis/users.acl`, with real redis-server and
/// redis-sentinel processes: replicas replicate as `redgreen-replica`, the Sentinels monitor,
/// fail over and demote as `redgreen-sentinel`, and a master bot's store writes through the
/// Sentinels as `redgreen-writer`.
@Suite(.serialized) struct RedisSentinelACLTests {
    static func client(_ user: String, port: Int) -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, username: user, password: "pw-\(user)")),
            logger: Logger(label: "t"))
    }

    @Test func aSentinelGroupReplicatesAndFailsOverWithTheShippedUsers() async throws {
        let acl = RedisSentinelTopology.ACL(
            file: try RedisACLTests.aclFile(), replicaUser: "redgreen-replica", replicaPassword: "pw-redgreen-replica",
            sentinelUser: "redgreen-sentinel", sentinelPassword: "pw-redgreen-sentinel")
        // Returns once every replica's link is up (the replica user may replicate) and every
        // Sentinel sees the primary and the replicas (the Sentinel user may ask).
        let topology = try await RedisSentinelTopology.start(acl: acl)
        defer { topology.stop() }
        let old = try #require(topology.primaryPort())
        let group = RedisSentinelGroup(
            sentinels: topology.sentinels.map { RedisEndpoint(host: "127.0.0.1", port: $0.port) }, masterName: topology.masterName,
            username: "redgreen-writer", password: "pw-redgreen-writer")
        let writer = RedisClient(
            configuration: RedisConfiguration(
                discovery: .sentinel(group), connectTimeout: .seconds(2), commandTimeout: .seconds(3), reconnectBackoffMin: .milliseconds(50),
                reconnectBackoffMax: .milliseconds(400)),
            logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: writer, keys: RedisKeys())
        #expect(try await store.acquireLease(token: "en@test", ttl: .seconds(120)))
        #expect(
            try await store.publish(snapshot: Array("{}".utf8), legacy: Array("{}".utf8), ttl: .seconds(300), lease: "en@test")
                == .written(sequence: 1))
        let replica = try #require(topology.servers.first { $0.port != old })
        let replicaReader = Self.client("redgreen-writer", port: replica.port)
        #expect(await Self.eventually { try await replicaReader.send(["GET", "redgreen:lease:RG5M"]).string == "en@test" }, "not replicated")

        // The Sentinels promote the replica and, as the Sentinel user, demote the old primary.
        let new = try await topology.failover()
        #expect(new == replica.port)
        try await topology.waitUntilReplica(port: old)
        let written = await Self.eventually {
            try await store.publish(snapshot: Array("{}".utf8), legacy: Array("{}".utf8), ttl: .seconds(300), lease: "en@test")
                == .written(sequence: 2)
        }
        #expect(written, "the writer did not reach the new primary")
    }

    /// Whether `condition` held within 60 s (errors count as not yet).
    static func eventually(_ condition: () async throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
