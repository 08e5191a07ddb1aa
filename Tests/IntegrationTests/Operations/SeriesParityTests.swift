// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// Every bot lists the same series from its start, whatever its role: a reader's series on a
/// master at zero and the reverse, so that a dashboard or an alert never sees one appear or
/// vanish when the lease moves.
@Suite(.serialized) struct SeriesParityTests {
    /// The series of a `/metrics` body, each as its name and labels without the locale.
    static func series(_ body: String) -> Set<String> {
        Set(
            MetricSample.parse(body).map { sample in
                sample.name + "{"
                    + sample.labels.filter { $0.key != "locale" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ",") + "}"
            })
    }

    @Test func aMasterAndAReaderListTheSameSeriesFromTheStartToAfterTheirPosts() async throws {
        let fleet = try await BotProcessFleet.start()
        var first: [String: Set<String>] = [:]
        var bots: [BotProcessFleet.Bot] = []
        for (code, role) in [("en", "master"), ("vi", "reader")] {
            let bot = try fleet.bot(code, role)
            let answer = await Ops.poll("\(bot.base)/metrics") { status, _ in status == 200 }
            first[code] = Self.series(answer?.body ?? "")
            bots.append(bot)
        }
        let required = [
            "redgreen_leader{}", "redgreen_ready{}", "redgreen_last_posted_issue{}", "redgreen_snapshot_age_seconds{}",
            "redgreen_redis_reads_total{result=hit}", "redgreen_fallback_total{reason=stale}", "redgreen_upstream_requests_total{outcome=ok}",
            "redgreen_redis_errors_total{operation=publish}", "redgreen_redis_errors_total{operation=fetch}",
            "redgreen_redis_command_duration_seconds_count{operation=publish}", "redgreen_redis_command_duration_seconds_count{operation=fetch}",
            "redgreen_upstream_request_duration_seconds_count{}", "redgreen_draw_to_post_seconds_count{}",
            "redgreen_posts_total{outcome=sent,sink=console}", "redgreen_sink_disabled{reason=forbidden,sink=console}",
            "redgreen_draws_not_posted_total{reason=left_window}",
        ]
        for code in ["en", "vi"] {
            let missing = required.filter { !(first[code] ?? []).contains($0) }
            #expect(missing.isEmpty, "\(code) does not list \(missing) at its start")
        }
        #expect(
            first["en"] == first["vi"],
            "master only: \(first["en"]!.subtracting(first["vi"]!)); reader only: \(first["vi"]!.subtracting(first["en"]!))")

        #expect(await fleet.publishAndWait(for: bots))
        let last = fleet.sim.latestIssue
        for bot in bots {
            let later = await Ops.poll("\(bot.base)/metrics") { _, body in
                MetricSample.parse(body).sample("redgreen_last_posted_issue")?.value == Double(last)
            }
            let now = Self.series(later?.body ?? "")
            #expect(now == first[bot.code], "\(bot.code) added \(now.subtracting(first[bot.code]!)), dropped \(first[bot.code]!.subtracting(now))")
        }
        #expect(await fleet.stop(bots))
    }
}
