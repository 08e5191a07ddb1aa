// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// Bad payloads under the snapshot key, while the lease holder is frozen so that nothing
/// overwrites them: readers never post from them, go to the game API instead, and follow the
/// master again when it writes.
@Suite(.serialized) struct FaultPayloadTests {
    enum Payload: String, CaseIterable, CustomTestStringConvertible {
        case truncated, wrongTypes, stale, fromTheFuture
        var testDescription: String { rawValue }
    }

    /// `valid` is a snapshot the master wrote; returns the payload to plant, its PX, and what
    /// the readers' logs must say about it.
    static func make(_ payload: Payload, from valid: String) throws -> (text: String, ttlMillis: Int, log: String) {
        switch payload {
        case .truncated:
            return (String(valid.prefix(valid.count / 2)), 300_000, "Shared data in Redis is invalid (the payload is not valid JSON")
        case .wrongTypes:
            // In the master's `draws` (which readers decode) and in `game_data` alike.
            let text = valid.replacingOccurrences(of: #""issue":"#, with: #""issue":true,"was":"#)
            #expect(text != valid)
            return (text, 300_000, "Shared data in Redis is invalid (draws[0].issue: expected a non-negative integer")
        case .stale:
            // Written with a 300 s TTL (ttl_ms) of which 100 s remain: 200 s old on the server's clock.
            return (valid, 100_000, "Redis data is stale")
        case .fromTheFuture:
            // A writer with its clock a day ahead and no ttl_ms (as bots of the original design
            // write), with a sequence number far above the fleet's.
            var object = try #require(JSONSerialization.jsonObject(with: Data(valid.utf8)) as? [String: Any])
            object["timestamp"] = (object["timestamp"] as! Int64) + 86_400_000
            object["sequence"] = 1_000_000_000_000 as Int64
            object.removeValue(forKey: "ttl_ms")
            let data = try JSONSerialization.data(withJSONObject: object)
            return (String(decoding: data, as: UTF8.self), 300_000, "Redis data is stale")
        }
    }

    @Test(arguments: Payload.allCases) func readersDoNotPostFromABadPayload(_ payload: Payload) async throws {
        let fleet = try await FaultFleet.start()
        let valid = try await fleet.storedSnapshot()
        let (text, ttl, log) = try Self.make(payload, from: valid)
        let master = fleet.current("en")
        master.signal(SIGSTOP)
        try await fleet.plant(text, ttlMillis: ttl)
        let during = fleet.publish()
        let start = ContinuousClock.now
        for code in fleet.options.readers {
            let reader = fleet.current(code)
            #expect(
                await reader.waitFor(timeout: .seconds(30)) { _ in fleet.posted(code).contains(during) }, "\(code): \(reader.stderr.suffix(3000))")
            #expect(reader.stderr.contains(log), "\(code) did not log '\(log)': \(reader.stderr.suffix(3000))")
        }
        fleet.report("payload \(payload.rawValue)", recovered: ContinuousClock.now - start)
        master.signal(SIGCONT)
        try await fleet.expectEveryonePosts(during, within: .seconds(30), "after the master thawed,")
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
    }
}
