// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import TestHarness
import Testing

@Suite struct SnapshotTests {
    /// The JSON example of the original design document, as a bot of that design writes it.
    static let seedExample = Fixtures.seedSnapshotJSON

    @Test func decodesTheSeedDocumentExample() throws {
        let snapshot = try Snapshot.decode(Array(Self.seedExample.utf8))
        #expect(snapshot.timestamp == 1_740_227_344_593)
        #expect(snapshot.feed.draws == [Draw(issue: 12345, value: "123", colors: ["Red", "Green"])])
        #expect(snapshot.processed.issueNumber == 12345)
        #expect(snapshot.processed.colors == "GREEN   🟢")
        #expect(snapshot.processed.gameType == "RG5M")
    }

    @Test func roundTripKeepsGameDataVerbatim() throws {
        let raw = #"{"code":0,"data":{"records":[{"issue":"77","value":"5","resultFormatValueI18n":["Green","Violet"],"unknown":[1,{"a":null}]}]}}"#
        let feed = try DrawDecoder.decode(Array(raw.utf8))
        let snapshot = Snapshot(
            timestamp: 1000, feed: feed,
            processed: .init(issueNumber: 77, colors: "GREEN 🟢 VIOLET 🟣", resultFormat: "5", gameType: "RG5M", lastUpdate: 1000)
        )
        let bytes = snapshot.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"game_data\":" + raw))
        let decoded = try Snapshot.decode(bytes)
        #expect(decoded.timestamp == 1000)
        #expect(decoded.feed.draws == feed.draws)
        #expect(decoded.processed == snapshot.processed)
    }

    static let corrupt: [(String, String)] = [
        (#"{"timestamp": 17402"#, "not valid JSON"),
        (#"{"timestamp": "soon", "game_data": {}, "processed_data": {}}"#, "timestamp"),
        (#"{"timestamp": 1, "processed_data": {"issue_number": 1}}"#, "game_data"),
        (#"{"timestamp": 1, "game_data": {"data": {"records": [{"issue": 1}]}}, "processed_data": {"issue_number": 1}}"#, "game_data"),
        (#"{"timestamp": 1, "game_data": {"data": {"records": [{"issue": 1, "value": "1", "resultFormatValueI18n": ["Red"]}]}}}"#, "processed_data"),
        (
            #"{"timestamp": 1, "game_data": {"data": {"records": [{"issue": 1, "value": "1", "resultFormatValueI18n": ["Red"]}]}}, "processed_data": {"issue_number": "x"}}"#,
            "issue_number"
        ),
    ]

    @Test(arguments: corrupt)
    func corruptPayloadIsAMissNamingTheField(json: String, field: String) {
        let reading = SnapshotReading.judge(.primary(Array(json.utf8)), nowMillis: 2, freshness: .seconds(10), ttl: .seconds(300))
        guard case .corrupt(let reason) = reading else {
            Issue.record("expected corrupt, got \(reading)")
            return
        }
        #expect(reason.contains(field))
    }

    @Test func freshWithinTheWindowStaleBeyondIt() {
        let bytes = Array(Self.seedExample.utf8)
        let t = Int64(1_740_227_344_593)
        let fresh = SnapshotReading.judge(.primary(bytes), nowMillis: t + 1500, freshness: .seconds(10), ttl: .seconds(300))
        guard case .fresh(let feed, let age, let legacy, _) = fresh else {
            Issue.record("expected fresh, got \(fresh)")
            return
        }
        #expect(feed.latest?.issue == 12345)
        #expect(age == 1500)
        #expect(!legacy)
        #expect(
            SnapshotReading.judge(.primary(bytes), nowMillis: t + 10_000, freshness: .seconds(10), ttl: .seconds(300)) == .stale(ageMillis: 10_000))
    }

    @Test func aTimestampFromTheFutureIsStaleNotFreshForever() {
        let bytes = Array(Self.seedExample.utf8)
        let t = Int64(1_740_227_344_593)
        // A writer's clock a little ahead (within the freshness window) is tolerated as age 0...
        guard case .fresh(_, let age, _, _) = SnapshotReading.judge(.primary(bytes), nowMillis: t - 5000, freshness: .seconds(10), ttl: .seconds(300))
        else {
            Issue.record("expected fresh")
            return
        }
        #expect(age == 0)
        // ...a day ahead cannot be aged, so it is stale.
        #expect(
            SnapshotReading.judge(.primary(bytes), nowMillis: t - 86_400_000, freshness: .seconds(10), ttl: .seconds(300))
                == .stale(ageMillis: Int64.max))
    }

    @Test func aDayAheadStampWithoutTTLIsStaleAtAnyFreshnessAndOnlyAWriterTTLMakesItFresh() {
        // The fault suite's "from the future" payload: stamped a day ahead, no ttl_ms, planted with
        // PX 300000. A reader judging freshness over 30 s cannot take it for fresh either: a reader
        // that read a fresh snapshot while the master was frozen read one that carried ttl_ms,
        // which masters write and the plant removes (the master's last write, landed after it).
        let t = Int64(1_740_227_344_593)
        let planted = Array(Self.seedExample.utf8)
        for freshness in [Duration.seconds(10), .seconds(30)] {
            let reading = SnapshotReading.judge(
                .primary(planted, remainingMillis: 299_000), nowMillis: t - 86_400_000, freshness: freshness, ttl: .seconds(300))
            #expect(reading == .stale(ageMillis: Int64.max), "\(freshness)")
        }
        // With ttl_ms the server's remaining TTL gives the age, whatever the writer's clock says.
        let written = Array(Self.seedExample.replacingOccurrences(of: "\"timestamp\":", with: "\"ttl_ms\": 300000, \"timestamp\":").utf8)
        let reading = SnapshotReading.judge(
            .primary(written, remainingMillis: 299_000), nowMillis: t - 86_400_000, freshness: .seconds(30), ttl: .seconds(300))
        guard case .fresh(_, let age, _, _) = reading else {
            Issue.record("expected fresh, got \(reading)")
            return
        }
        #expect(age == 1000)
    }

    @Test func legacyKeyAgeComesFromItsRemainingTTL() {
        let raw = Array(Fixtures.responseJSON([Fixtures.draw(5)]).utf8)
        let young = SnapshotReading.judge(.legacy(raw, remainingMillis: 298_000), nowMillis: 0, freshness: .seconds(10), ttl: .seconds(300))
        guard case .fresh(_, let age, let legacy, _) = young else {
            Issue.record("expected fresh, got \(young)")
            return
        }
        #expect(age == 2000)
        #expect(legacy)
        let old = SnapshotReading.judge(.legacy(raw, remainingMillis: 100_000), nowMillis: 0, freshness: .seconds(10), ttl: .seconds(300))
        #expect(old == .stale(ageMillis: 200_000))
        let noExpiry = SnapshotReading.judge(.legacy(raw, remainingMillis: nil), nowMillis: 0, freshness: .seconds(10), ttl: .seconds(300))
        #expect(noExpiry == .stale(ageMillis: Int64.max))
    }

    @Test func emptyStoreIsMissing() {
        #expect(SnapshotReading.judge(.empty, nowMillis: 0, freshness: .seconds(10), ttl: .seconds(300)) == .missing)
    }
}
