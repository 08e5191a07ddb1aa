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
                sample.name + "{" + sample.labels.filter { $0.key != "locale" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ",") + "}"
            })
    }

    @Test func aMasterAndAReaderListTheSameSeriesFromTheStartToAfterTheirPosts() async throws {
        let binary = try BotBinary.require()
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let env = ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url]
        var first: [String: Set<String>] = [:]
        var bots: [(code: String, base: String, child: ChildProcess)] = []
        for (code, role) in [("en", "master"), ("vi", "reader")] {
            let port = try FreePort.next()
            let config = try Ops.writeConfig(code: code, role: role, dir: dir, extra: Ops.operations(port: port))
            let child = try ChildProcess(binary, ["run", "--config", config], environment: env)
            let base = "http://127.0.0.1:\(port)"
            let answer = await Ops.poll("\(base)/metrics") { status, _ in status == 200 }
            first[code] = Self.series(answer?.body ?? "")
            bots.append((code, base, child))
        }
        let required = [
            "redgreen_leader{}", "redgreen_ready{}", "redgreen_last_posted_issue{}", "redgreen_snapshot_age_seconds{}",
            "redgreen_redis_reads_total{result=hit}", "redgreen_fallback_total{reason=stale}", "redgreen_upstream_requests_total{outcome=ok}",
            "redgreen_redis_errors_total{operation=publish}", "redgreen_redis_errors_total{operation=fetch}",
            "redgreen_redis_command_duration_seconds_count{operation=publish}", "redgreen_redis_command_duration_seconds_count{operation=fetch}",
            "redgreen_upstream_request_duration_seconds_count{}", "redgreen_draw_to_post_seconds_count{}",
            "redgreen_posts_total{outcome=sent,sink=console}", "redgreen_sink_disabled{sink=console}",
        ]
        for code in ["en", "vi"] {
            let missing = required.filter { !(first[code] ?? []).contains($0) }
            #expect(missing.isEmpty, "\(code) does not list \(missing) at its start")
        }
        #expect(first["en"] == first["vi"], "master only: \(first["en"]!.subtracting(first["vi"]!)); reader only: \(first["vi"]!.subtracting(first["en"]!))")

        sim.state.publish()
        let last = sim.latestIssue
        for bot in bots {
            #expect(await bot.child.waitFor(timeout: .seconds(30)) { Ops.posts($0).last?.issue == last }, "\(bot.child.stderr)")
            let later = await Ops.poll("\(bot.base)/metrics") { _, body in
                MetricSample.parse(body).sample("redgreen_last_posted_issue")?.value == Double(last)
            }
            let now = Self.series(later?.body ?? "")
            #expect(now == first[bot.code], "\(bot.code) added \(now.subtracting(first[bot.code]!)), dropped \(first[bot.code]!.subtracting(now))")
        }
        for bot in bots {
            bot.child.signal(SIGTERM)
            #expect(await bot.child.waitForExit(timeout: .seconds(5)) == 0)
        }
        await sim.stop()
    }
}
