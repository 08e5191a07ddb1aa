// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Testing

/// Readers judge a snapshot with their game's mapping and game type.
@Suite struct SnapshotMappingTests {
    static let list = ResponseMappingTests.list
    static let listRaw = ResponseMappingTests.listBody([("1002", "5"), ("1001", "0")])

    static func snapshot(
        raw: String, mapping: ResponseMapping, gameType: String = "RG1M", at millis: Int64 = 1000, includingDraws: Bool = true
    ) throws -> [UInt8] {
        let feed = try DrawDecoder.decode(Array(raw.utf8), mapping: mapping)
        let latest = feed.latest!
        return Snapshot(
            timestamp: millis, feed: feed,
            processed: .init(issueNumber: latest.issue, colors: "x", resultFormat: latest.value, gameType: gameType, lastUpdate: millis)
        ).encoded(includingDraws: includingDraws)
    }

    @Test func aSnapshotOfAnotherShapeDecodesWithTheGamesMapping() throws {
        let bytes = try Self.snapshot(raw: Self.listRaw, mapping: Self.list)
        let snapshot = try Snapshot.decode(bytes, mapping: Self.list)
        #expect(snapshot.feed.draws.map(\.colors) == [["red", "violet"], ["green", "violet"]])
        let reading = SnapshotReading.judge(
            .primary(bytes), nowMillis: 1500, freshness: .seconds(10), ttl: .seconds(300), mapping: Self.list, gameType: "RG1M")
        guard case .fresh(let feed, let age, false, _) = reading else {
            Issue.record("expected fresh, got \(reading)")
            return
        }
        #expect(feed.draws.map(\.issue) == [1001, 1002])
        #expect(age == 500)
    }

    @Test func theLegacyKeyDecodesWithTheGamesMappingToo() {
        let reading = SnapshotReading.judge(
            .legacy(Array(Self.listRaw.utf8), remainingMillis: 299_000), nowMillis: 0, freshness: .seconds(10), ttl: .seconds(300), mapping: Self.list
        )
        guard case .fresh(let feed, _, true, _) = reading else {
            Issue.record("expected fresh from the legacy key, got \(reading)")
            return
        }
        #expect(feed.latest?.value == "5")
    }

    @Test func aSnapshotThatDoesNotMatchTheMappingIsAMissNamingTheKey() throws {
        // Written by a master of the original design (no `draws`: the reader decodes `game_data`)
        // and shape, read by a bot configured for the list shape.
        let bytes = try Self.snapshot(raw: Fixtures.responseJSON([Fixtures.draw(7)]), mapping: .original, includingDraws: false)
        let reading = SnapshotReading.judge(.primary(bytes), nowMillis: 1500, freshness: .seconds(10), ttl: .seconds(300), mapping: Self.list)
        guard case .corrupt(let reason) = reading else {
            Issue.record("expected corrupt, got \(reading)")
            return
        }
        #expect(reason.contains("game_data: response field data.list: is missing"), "\(reason)")
        #expect(reason.contains("upstream.mapping.records: data.list"), "\(reason)")
        let legacy = SnapshotReading.judge(
            .legacy(Array(Fixtures.responseJSON([Fixtures.draw(7)]).utf8), remainingMillis: 299_000), nowMillis: 0, freshness: .seconds(10),
            ttl: .seconds(300), mapping: Self.list
        )
        #expect(legacy != .missing)
        if case .corrupt(let reason) = legacy {
            #expect(reason.contains("upstream.mapping.records"))
        } else {
            Issue.record("expected corrupt, got \(legacy)")
        }
    }

    @Test func aSnapshotOfAnotherGameIsAMiss() throws {
        let bytes = try Self.snapshot(raw: Self.listRaw, mapping: Self.list, gameType: "RG3M")
        let reading = SnapshotReading.judge(
            .primary(bytes), nowMillis: 1500, freshness: .seconds(10), ttl: .seconds(300), mapping: Self.list, gameType: "RG1M")
        guard case .corrupt(let reason) = reading else {
            Issue.record("expected corrupt, got \(reading)")
            return
        }
        #expect(reason.contains("processed_data.game_type"))
        #expect(reason.contains("RG3M"))
    }
}
