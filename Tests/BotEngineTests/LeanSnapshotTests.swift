// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Foundation
import Testing

/// Readers take the master's normalised `draws` and never parse `game_data` when the field is
/// there; a snapshot without it (a master of the original design) is read from `game_data`.
@Suite struct LeanSnapshotTests {
    static func snapshot(_ feed: DrawFeed, at millis: Int64 = 1000) -> Snapshot {
        let latest = feed.latest!
        var snapshot = Snapshot(
            timestamp: millis, feed: feed,
            processed: .init(issueNumber: latest.issue, colors: "x", resultFormat: latest.value, gameType: "RG5M", lastUpdate: millis)
        )
        snapshot.ttlMillis = 300_000
        return snapshot
    }

    /// A snapshot whose `game_data` is what `draws` would be read with a mapping of another game.
    static func bytes(draws: String, gameData: String = #"{"data":{"records":[]}}"#) -> [UInt8] {
        Array(
            #"{"timestamp":1000,"ttl_ms":300000,"draws":\#(draws),"game_data":\#(gameData),"processed_data":{"issue_number":5,"game_type":"RG5M"},"sequence":3}"#
                .utf8)
    }

    @Test func aReaderTakesAMastersDrawsWithoutItsMapping() throws {
        let feed = Fixtures.feed(1...10)
        let bytes = Self.snapshot(feed).encoded()
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""draws":[{"colors":["#))
        // The list shape's mapping cannot read this `game_data`: only the `draws` field can serve.
        let decoded = try Snapshot.decode(bytes, mapping: ResponseMappingTests.list)
        #expect(decoded.feed.draws == feed.draws)
        #expect(decoded.ttlMillis == 300_000)
    }

    @Test func drawTimesSurviveTheField() throws {
        let timed = Draw(issue: 9, value: "207", colors: ["Red", "Violet"], time: Date(timeIntervalSince1970: 1_764_229_149))
        let feed = DrawFeed(draws: [Draw(issue: 8, value: "1", colors: ["Green"]), timed], raw: Array("{}".utf8))
        let decoded = try Snapshot.decode(Self.snapshot(feed).encoded())
        #expect(decoded.feed.draws == feed.draws)
    }

    @Test func gameDataIsNeverParsedWhenTheDrawsAreThere() throws {
        // Valid JSON that no mapping reads, with brackets and quotes inside its strings.
        let gameData = #"{"records":"]]}}","nested":[{"a":"\"}"},[[[]]]],"n":-1.5e3}"#
        let decoded = try Snapshot.decode(Self.bytes(draws: #"[{"issue":5,"value":"123","colors":["Green"]}]"#, gameData: gameData))
        #expect(decoded.feed.draws == [Draw(issue: 5, value: "123", colors: ["Green"])])
        #expect(decoded.sequence == 3)
    }

    @Test func aSnapshotWithoutTheFieldIsReadFromGameData() throws {
        let raw = ResponseMappingTests.listBody([("1002", "5"), ("1001", "0")])
        let feed = try DrawDecoder.decode(Array(raw.utf8), mapping: ResponseMappingTests.list)
        let bytes = Self.snapshot(feed).encoded(includingDraws: false)
        #expect(!String(decoding: bytes, as: UTF8.self).contains(#""draws""#))
        #expect(try Snapshot.decode(bytes, mapping: ResponseMappingTests.list).feed.draws == feed.draws)
        // Without the field the game's mapping is needed again.
        #expect(throws: SnapshotError.self) { try Snapshot.decode(bytes) }
    }

    static let bad: [(String, String)] = [
        (#""none""#, "draws: expected a non-empty list of draws"),
        ("[]", "draws: expected a non-empty list of draws"),
        (#"[{"issue":"5","value":"1","colors":["Red"]}]"#, "draws[0].issue: expected a non-negative integer"),
        (#"[{"issue":5,"value":"","colors":["Red"]}]"#, "draws[0].value: expected a non-empty string"),
        (#"[{"issue":5,"value":"\#(String(repeating: "9", count: 65))","colors":["Red"]}]"#, "draws[0].value: is 65 characters long"),
        (#"[{"issue":5,"value":"1","colors":[]}]"#, "draws[0].colors: expected a list of 1 to 8"),
        (#"[{"issue":5,"value":"1","colors":["a","b","c","d","e","f","g","h","i"]}]"#, "draws[0].colors: expected a list of 1 to 8"),
        (#"[{"issue":5,"value":"1","colors":["\#(String(repeating: "r", count: 33))"]}]"#, "draws[0].colors[0]: expected a colour name of 1 to 32"),
        (#"[{"issue":5,"value":"1","colors":["Red"],"time_ms":-1}]"#, "draws[0].time_ms: expected milliseconds since 1970"),
        (#"[{"issue":5,"value":"1","colors":["Red"]},{"issue":5,"value":"1","colors":["Red"]}]"#, "draws[1].issue: 5 does not follow 5"),
        (#"[7]"#, "draws[0]: expected an object"),
    ]

    @Test(arguments: bad) func aBadFieldIsCorruptNamingIt(draws: String, reason: String) {
        let reading = SnapshotReading.judge(
            .primary(Self.bytes(draws: draws), remainingMillis: 299_000), nowMillis: 1000, freshness: .seconds(10), ttl: .seconds(300)
        )
        guard case .corrupt(let message) = reading else {
            Issue.record("expected corrupt, got \(reading)")
            return
        }
        #expect(message.hasPrefix(reason), "\(message)")
    }

    @Test func theSeedDesignsSnapshotIsStillRead() throws {
        let snapshot = try Snapshot.decode(Array(Fixtures.seedSnapshotJSON.utf8))
        #expect(snapshot.feed.draws == [Draw(issue: 12345, value: "123", colors: ["Red", "Green"])])
    }

    @Test func aTruncatedGameDataIsStillInvalidJSON() {
        let bytes = Array(#"{"timestamp":1000,"draws":[{"issue":5,"value":"1","colors":["Red"]}],"game_data":{"a":["#.utf8)
        #expect(throws: SnapshotError.self) { try Snapshot.decode(bytes) }
    }
}
