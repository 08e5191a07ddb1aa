// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import RedisClient
import Synchronization
import TestHarness
import Testing

/// Listening to the Sentinels instead of asking them: a subscriber in Sentinel mode watches
/// `+switch-master` and `SENTINEL SENTINELS` for every connection of the process.
extension RedisSentinelTests {
    /// Runs a subscriber of `configuration` (whose watcher listens to the Sentinels) until the
    /// returned task is cancelled.
    func watching(_ configuration: RedisConfiguration, logger: Logger) -> Task<Void, Never> {
        let subscriber = RedisSubscriber(configuration: configuration, channels: ["updates"], keepAlive: .seconds(1), logger: logger)
        return Task { await subscriber.run { _ in } }
    }

    /// Waits until some Sentinel has a subscribed client (the watcher).
    func waitForWatcher(_ topology: RedisSentinelTopology, among ports: [Int]? = nil) async throws {
        let admins = (ports ?? topology.sentinels.map(\.port)).map { port in
            RedisClient(
                configuration: RedisConfiguration(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, password: Self.sentinelPassword)),
                logger: Logger(label: "admin"))
        }
        _ = try await eventually(within: .seconds(30)) {
            for admin in admins {
                if case .bulk(let bytes) = try await admin.send(["CLIENT", "LIST"]), String(decoding: bytes, as: UTF8.self).contains(" sub=1 ") {
                    return
                }
            }
            throw RedisError(.io, "no watcher subscribed yet")
        }
    }

    @Test("a client that never asks the Sentinels follows the announced failover at once, and the switch is logged once per process")
    func followsTheAnnouncedSwitch() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let recorder = LogRecorder()
        let trusting = configuration(topology, checkInterval: .seconds(3600))
        let first = RedisClient(configuration: trusting, logger: recorder.logger())
        let second = RedisClient(configuration: trusting, logger: recorder.logger())
        let watcher = watching(trusting, logger: recorder.logger())
        defer { watcher.cancel() }
        try await waitForWatcher(topology)
        #expect(try await first.send(["SET", "before", "1"]) == .status("OK"))
        #expect(try await second.send(["SET", "before", "2"]) == .status("OK"))

        let new = try await topology.failover()
        _ = try await eventually(within: .seconds(30)) {
            guard recorder.text.contains("announced the switch") else { throw RedisError(.io, "no +switch-master heard yet") }
        }
        // The very next commands go to the new primary: nobody asked a Sentinel, nothing was refused.
        #expect(try await first.send(["SET", "after", "1"]) == .status("OK"))
        #expect(try await second.send(["SET", "after2", "2"]) == .status("OK"))
        let newPrimary = direct(topology, port: new)
        #expect(try await newPrimary.send(["GET", "after"]).string == "1")
        #expect(try await newPrimary.send(["GET", "after2"]).string == "2")
        let announced = recorder.text.components(separatedBy: "\n").filter { $0.hasPrefix("info Redis primary is now 127.0.0.1:\(new)") }
        #expect(announced.count == 1, "\(announced)")
        watcher.cancel()
        _ = await watcher.value
    }

    @Test("a client configured with one Sentinel learns the others (SENTINEL SENTINELS) and finds the primary when that one is gone")
    func learnsTheOtherSentinels() async throws {
        let topology = try await RedisSentinelTopology.start(password: Self.password, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let only = topology.sentinels[0]
        let recorder = LogRecorder()
        let group = RedisSentinelGroup(
            sentinels: [RedisEndpoint(host: "127.0.0.1", port: only.port, password: Self.sentinelPassword)], masterName: topology.masterName,
            database: 2, password: topology.password, sentinelTimeout: .milliseconds(500))
        let configuration = RedisConfiguration(
            discovery: .sentinel(group), connectTimeout: .seconds(2), commandTimeout: .seconds(3), reconnectBackoffMin: .milliseconds(50),
            reconnectBackoffMax: .milliseconds(400))
        let watcher = watching(configuration, logger: recorder.logger())
        defer { watcher.cancel() }
        _ = try await eventually(within: .seconds(30)) {
            guard recorder.text.components(separatedBy: "Learned of Sentinel").count == 3 else { throw RedisError(.io, "not learned yet") }
        }
        let client = RedisClient(configuration: configuration, logger: recorder.logger())
        #expect(try await client.send(["SET", "k", "1"]) == .status("OK"))

        only.stop()
        await client.disconnect()
        let reply = try await eventually(within: .seconds(30)) { try await client.send(["SET", "k", "2"]) }
        #expect(reply == .status("OK"))
        let primary = try #require(topology.primaryPort())
        #expect(try await direct(topology, port: primary).send(["GET", "k"]).string == "2")
        watcher.cancel()
        _ = await watcher.value
    }
}
