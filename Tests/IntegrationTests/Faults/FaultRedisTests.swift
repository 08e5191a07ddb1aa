// SPDX-License-Identifier: Apache-2.0
import Foundation
import RedisClient
import TestHarness
import Testing

/// Redis fails under a running fleet: killed and restarted empty, frozen, connections killed,
/// clients paused. Every locale keeps posting every draw once.
@Suite(.serialized) struct FaultRedisTests {
    @Test func redisKilledAndRestartedEmpty() async throws {
        let fleet = try await FaultFleet.start()
        // As after months of running: the sequence is far above where a restarted Redis begins.
        try await fleet.redisCommand("INCRBY", "redgreen:seq:RG5M", "1000000")
        try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "before the kill,")
        fleet.redis.stop()  // SIGKILL: the snapshot, the lease, the sequence and the ledger are gone
        let during = fleet.publish()
        let took = try await fleet.expectEveryonePosts(during, within: .seconds(30), "with Redis down,")
        fleet.report("redis killed", recovered: took)
        try fleet.redis.restart()
        // The sequence starts again at 1: readers must follow the new writes, not wait for the old number.
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
    }

    @Test func redisFrozenThenThawed() async throws {
        let fleet = try await FaultFleet.start()
        fleet.redis.pause()
        let during = fleet.publish()
        let took = try await fleet.expectEveryonePosts(during, within: .seconds(30), "with Redis frozen,")
        fleet.report("redis frozen (SIGSTOP)", recovered: took)
        fleet.redis.resume()
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
    }

    @Test func clientKillOfEveryBotConnection() async throws {
        var options = FaultFleet.Options()
        options.readerPoll = "30s"  // so that a reader that did not resubscribe would miss the next draws for 30 s
        let fleet = try await FaultFleet.start(options)
        let subscribers = try await Self.subscribers(fleet)
        #expect(subscribers >= options.readers.count)
        try await fleet.redisCommand("CLIENT", "KILL", "TYPE", "pubsub")
        try await fleet.redisCommand("CLIENT", "KILL", "TYPE", "normal")
        // Each bot reconnects, authenticates again (the server requires a password) and resubscribes.
        let deadline = ContinuousClock.now + .seconds(30)
        while try await Self.subscribers(fleet) < subscribers, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await Self.subscribers(fleet) >= subscribers, "the bots did not resubscribe")
        let issue = fleet.publish()
        let took = try await fleet.expectEveryonePosts(issue, within: .seconds(25), "after CLIENT KILL (readers poll every 30 s),")
        fleet.report("CLIENT KILL", recovered: took)
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
        #expect(fleet.current("ja").stderr.contains("NOAUTH") == false)
    }

    @Test func clientPauseLongerThanTheCommandTimeout() async throws {
        let fleet = try await FaultFleet.start()
        try await fleet.redisCommand("CLIENT", "PAUSE", "4000", "ALL")
        let during = fleet.publish()
        let took = try await fleet.expectEveryonePosts(during, within: .seconds(30), "during CLIENT PAUSE,")
        fleet.report("CLIENT PAUSE 4 s", recovered: took)
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
    }

    static func subscribers(_ fleet: FaultFleet) async throws -> Int64 {
        guard case .array(let reply) = try await fleet.redisCommand("PUBSUB", "NUMSUB", FaultFleet.channel), reply.count == 2 else { return 0 }
        return reply[1].int ?? 0
    }
}
