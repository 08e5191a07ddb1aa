// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotStore
import Foundation
import Testing

/// How `redgreen-bot status` shows a fleet it has read, for people and for scripts.
@Suite struct FleetStatusTextTests {
    static func stats(role: String, reads: Int, hits: Int, fallbacks: Int, posts: Int) -> FleetStatus.StatsStatus {
        var counts = SummaryCounts()
        counts.reads = reads
        counts.hits = hits
        counts.fallbacks = fallbacks
        counts.posts = posts
        counts.lastIssue = 12345
        let stats = BotStats(locale: "x", role: role, intervalMillis: 300_000, updatedMillis: 1_000, counts: counts)
        return FleetStatus.StatsStatus(stats, nowMillis: 13_000)
    }

    static let fleet = FleetStatus(
        game: "RG5M", redis: "redis://redgreen-writer:***@127.0.0.1:6379", checkedAtMillis: 13_000,
        snapshot: .init(key: "fivem_red_green_shared_data", present: true, issue: 12345, ageMillis: 1500, sequence: 42, ttlMillis: 298_000),
        lease: .init(key: "redgreen:lease:RG5M"),
        locales: [
            .init(
                locale: "en", lastPostedIssue: 12345, lag: 0, sinks: [.init(name: "console", lastIssue: 12345)],
                stats: stats(role: "master", reads: 0, hits: 0, fallbacks: 0, posts: 150)),
            .init(
                locale: "vi", lastPostedIssue: 12344, lag: 1,
                sinks: [.init(name: "console", lastIssue: 12345), .init(name: "telegram", lastIssue: 12344)],
                stats: stats(role: "reader", reads: 300, hits: 294, fallbacks: 6, posts: 150)),
            .init(locale: "th", lastPostedIssue: nil, lag: nil, sinks: [.init(name: "console", lastIssue: nil)], stats: nil),
        ]
    )

    @Test func theTextShowsSnapshotLeaseAndOneRowPerLocale() {
        #expect(
            Self.fleet.text() == """
                Fleet RG5M on redis://redgreen-writer:***@127.0.0.1:6379
                Snapshot  fivem_red_green_shared_data: draw 12345, written 1.5s ago, expires in 4m58s, sequence 42
                Lease     redgreen:lease:RG5M: none

                LOCALE  LAST POSTED  LAG  SINKS                          HIT RATE       FALLBACKS  POSTS  STATS
                en      12345        0    console 12345                  -              -          150    master, 5m, 12s ago
                vi      12344        1    console 12345, telegram 12344  98% (294/300)  6          150    reader, 5m, 12s ago
                th      -            -    console -                      -              -          -      none

                """)
    }

    @Test func aMissingSnapshotAndAHeldLeaseReadPlainly() {
        var fleet = Self.fleet
        fleet.snapshot = .init(key: "k", present: false)
        fleet.lease = .init(key: "redgreen:lease:RG5M", holder: "en@host-1", ttlMillis: 8000)
        fleet.locales = []
        let lines = fleet.text().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "Snapshot  k: none")
        #expect(lines[2] == "Lease     redgreen:lease:RG5M: held by en@host-1 (expires in 8s)")
        #expect(lines[4] == "No locale has a delivery record or shares its stats yet.")
    }

    @Test func jsonHasSnakeCaseKeysAndNullsForWhatIsUnknown() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(Self.fleet)) as? [String: Any])
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        #expect(snapshot["issue"] as? Int == 12345)
        #expect(snapshot["age_millis"] as? Int == 1500)
        let locales = try #require(object["locales"] as? [[String: Any]])
        #expect(locales.map { $0["locale"] as? String } == ["en", "vi", "th"])
        #expect(locales[1]["last_posted_issue"] as? Int == 12344)
        let stats = try #require(locales[1]["stats"] as? [String: Any])
        #expect(stats["hit_rate_percent"] as? Int == 98)
        #expect(object["redis"] as? String == "redis://redgreen-writer:***@127.0.0.1:6379")
    }

    /// Names read from Redis keys are shown with their control characters escaped (issue 27): a
    /// planted key cannot clear the screen or retitle the terminal of whoever runs `status`.
    @Test func controlCharactersFromRedisAreEscaped() {
        var fleet = Self.fleet
        let planted = "x\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}1m\u{202E}"
        fleet.locales.append(
            .init(locale: planted, lastPostedIssue: 1, lag: nil, sinks: [.init(name: "console\r\n\u{1B}c", lastIssue: 1)], stats: nil))
        fleet.lease.holder = "en@host \u{1B}[H"
        let text = fleet.text()
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(text.contains("x\\u{1B}]0;owned\\u{7}\\u{1B}[2J\\u{9B}1m\\u{202E}  1"), "\(text)")
        #expect(text.contains("console\\u{D}\\u{A}\\u{1B}c 1"), "\(text)")
        #expect(text.contains("held by en@host \\u{1B}[H"), "\(text)")
        #expect(text.split(separator: "\n").count == Self.fleet.text().split(separator: "\n").count + 1)
    }
}
