// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The built binary with `metrics.listen`: the Prometheus series, health and readiness over
/// HTTP, and the summary line, against a real redis-server and the simulator.
@Suite(.serialized) struct MetricsProcessTests {
    @Test func aMasterAndAReaderServeEverySeriesWithTheirLocale() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, sim, dir, env) = (fixture.binary, fixture.sim, fixture.dir, fixture.env)
        let ports = (en: try FreePort.next(), vi: try FreePort.next())
        let master = try ChildProcess(
            binary, ["run", "--config", try Ops.writeConfig(code: "en", role: "master", dir: dir, extra: Ops.operations(port: ports.en))],
            environment: env)
        #expect(await master.waitFor(timeout: .seconds(60)) { !Ops.posts($0).isEmpty }, "master never posted: \(master.stderr)")
        let reader = try ChildProcess(
            binary, ["run", "--config", try Ops.writeConfig(code: "vi", role: "reader", dir: dir, extra: Ops.operations(port: ports.vi))],
            environment: env)
        #expect(await reader.waitFor(timeout: .seconds(60)) { !Ops.posts($0).isEmpty }, "reader never posted: \(reader.stderr)")
        sim.state.publish()
        let last = sim.latestIssue
        for child in [master, reader] {
            #expect(await child.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == last }, "\(child.stderr)")
        }

        let en = "http://127.0.0.1:\(ports.en)"
        let vi = "http://127.0.0.1:\(ports.vi)"
        #expect(master.stderr.contains("[EN] Serving metrics at \(en)/metrics, health at \(en)/healthz and \(en)/readyz"), "\(master.stderr)")
        for base in [en, vi] {
            #expect(await Ops.get("\(base)/healthz")?.status == 200)
            let ready = await Ops.poll("\(base)/readyz") { status, _ in status == 200 }
            #expect(ready?.status == 200 && ready?.body.hasPrefix("ready: ") == true, "\(String(describing: ready))")
        }
        #expect(await Ops.get("\(en)/readyz")?.body.contains("master write") == true)
        #expect(await Ops.get("\(vi)/readyz")?.body.contains("fresh snapshot read") == true)

        // Wait for the scrape to show the last post (the gauge is set as it is handed to the sinks).
        let masterMetrics = await Ops.poll("\(en)/metrics") { _, body in
            MetricSample.parse(body).sample("redgreen_posts_total", ["locale": "en", "sink": "console", "outcome": "sent"])?.value ?? 0 >= 2
        }
        let m = MetricSample.parse(masterMetrics?.body ?? "")
        #expect(m.sample("redgreen_upstream_requests_total", ["locale": "en", "outcome": "ok"])?.value ?? 0 > 0)
        #expect(m.sample("redgreen_upstream_requests_total", ["locale": "en", "outcome": "timeout"])?.value == 0)
        #expect(m.sample("redgreen_upstream_request_duration_seconds_count", ["locale": "en"])?.value ?? 0 > 0)
        #expect(m.sample("redgreen_redis_command_duration_seconds_count", ["locale": "en", "operation": "publish"])?.value ?? 0 > 0)
        #expect(m.sample("redgreen_redis_command_duration_seconds_count", ["locale": "en", "operation": "claim"])?.value ?? 0 > 0)
        #expect(m.sample("redgreen_leader", ["locale": "en"])?.value == 1)
        #expect(m.sample("redgreen_ready", ["locale": "en"])?.value == 1)
        #expect(m.sample("redgreen_redis_errors_total", ["locale": "en", "operation": "publish"])?.value == 0)
        #expect(m.sample("redgreen_draw_to_post_seconds_count", ["locale": "en"])?.value ?? 0 >= 2)
        #expect(m.sample("redgreen_master_can_lead", ["locale": "en"])?.value == 1)
        #expect(m.sample("redgreen_last_posted_issue", ["locale": "en"])?.value == Double(last))
        #expect(m.sample("redgreen_posts_total", ["locale": "en", "sink": "console", "outcome": "sent"])?.value ?? 0 >= 2)
        #expect(m.sample("redgreen_posts_total", ["locale": "en", "sink": "console", "outcome": "failed"])?.value == 0)

        let readerMetrics = await Ops.poll("\(vi)/metrics") { _, body in
            MetricSample.parse(body).sample("redgreen_last_posted_issue", ["locale": "vi"])?.value == Double(last)
        }
        let r = MetricSample.parse(readerMetrics?.body ?? "")
        #expect(r.sample("redgreen_redis_reads_total", ["locale": "vi", "result": "hit"])?.value ?? 0 > 0)
        for result in ["stale", "miss", "corrupt", "error"] {
            #expect(r.sample("redgreen_redis_reads_total", ["locale": "vi", "result": result]) != nil, "no \(result) series")
        }
        #expect(r.sample("redgreen_fallback_total", ["locale": "vi", "reason": "stale"])?.value == 0)
        #expect(r.sample("redgreen_snapshot_age_seconds", ["locale": "vi"]) != nil)
        #expect(r.sample("redgreen_redis_command_duration_seconds_bucket", ["locale": "vi", "operation": "fetch", "le": "+Inf"])?.value ?? 0 > 0)
        #expect(r.sample("redgreen_leader", ["locale": "vi"])?.value == 0)
        // Every series on every bot (issue 17): a reader lists the masters' gauge, at 0.
        #expect(r.sample("redgreen_master_can_lead", ["locale": "vi"])?.value == 0)
        #expect(r.sample("redgreen_last_posted_issue", ["locale": "vi"])?.value == Double(last))
        #expect(r.sample("redgreen_posts_total", ["locale": "vi", "sink": "console", "outcome": "duplicate_skipped"])?.value == 0)
        #expect(r.allSatisfy { $0.labels["locale"] == "vi" }, "a series without the reader's locale")

        // The summary line, every log.summary_interval.
        #expect(await reader.waitFor(timeout: .seconds(60)) { $0.stderr.contains("[VI] Summary (1s): Redis hit rate ") }, "\(reader.stderr)")
        #expect(await master.waitFor(timeout: .seconds(60)) { $0.stderr.contains("[EN] Summary (1s): ") && $0.stderr.contains(" Redis writes") })

        for child in [master, reader] {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0, "did not stop after SIGTERM: \(child.stderr)")
        }
        await sim.stop()
    }

    @Test func aReaderWithNeitherRedisNorTheGameAPIIsNotReadyAndSaysWhy() async throws {
        let binary = try BotBinary.require()
        let dir = try BotBinary.temporaryDirectory()
        let port = try FreePort.next()
        let env = [
            "REDIS_URL": "redis://127.0.0.1:\(try FreePort.next())", "REDGREEN_UPSTREAM_URL": "http://127.0.0.1:\(try FreePort.next())/api/draws",
        ]
        let reader = try ChildProcess(
            binary, ["run", "--config", try Ops.writeConfig(code: "ja", role: "reader", dir: dir, extra: Ops.operations(port: port))],
            environment: env)
        let base = "http://127.0.0.1:\(port)"
        let verdict = await Ops.poll("\(base)/readyz") { _, body in body.contains("last problem") }
        #expect(verdict?.status == 503, "\(String(describing: verdict)) \(reader.stderr)")
        #expect(verdict?.body.hasPrefix("not ready: ") == true)
        #expect(verdict?.body.contains("Redis could not serve (redis_unavailable) and the game API failed") == true, "\(verdict?.body ?? "")")
        #expect(await Ops.get("\(base)/healthz")?.status == 200)
        let metrics = MetricSample.parse(await Ops.get("\(base)/metrics")?.body ?? "")
        #expect(metrics.sample("redgreen_redis_reads_total", ["locale": "ja", "result": "error"])?.value ?? 0 > 0)
        #expect(metrics.sample("redgreen_fallback_total", ["locale": "ja", "reason": "redis_unavailable"])?.value ?? 0 > 0)
        #expect(metrics.sample("redgreen_upstream_requests_total", ["locale": "ja", "outcome": "error"])?.value ?? 0 > 0)
        #expect(metrics.sample("redgreen_ready", ["locale": "ja"])?.value == 0)
        #expect(metrics.sample("redgreen_redis_errors_total", ["locale": "ja", "operation": "fetch"])?.value ?? 0 > 0)
        reader.signal(SIGTERM)
        #expect(await reader.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
    }

    @Test func withoutMetricsListenNothingIsServed() async throws {
        let binary = try BotBinary.require()
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let env = ["REDIS_URL": "redis://127.0.0.1:\(try FreePort.next())", "REDGREEN_UPSTREAM_URL": sim.url]
        let reader = try ChildProcess(binary, ["run", "--config", try Ops.writeConfig(code: "id", role: "reader", dir: dir)], environment: env)
        #expect(await reader.waitFor(timeout: .seconds(60)) { !Ops.posts($0).isEmpty }, "\(reader.stderr)")
        #expect(!reader.stderr.contains("Serving metrics"))
        reader.signal(SIGTERM)
        #expect(await reader.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        await sim.stop()
    }
}

/// A taken `metrics.listen` address stops the bot with a message naming the key.
@Suite struct MetricsListenTakenTests {
    @Test func aTakenAddressStopsTheBotWithStatusOneNamingTheKey() async throws {
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let config = try Ops.writeConfig(code: "en", role: "master", dir: dir, extra: "metrics:\n  listen: 127.0.0.1:\(sim.port)")
        let result = try await Ops.run(
            ["run", "--config", config], environment: ["REDIS_URL": "redis://127.0.0.1:\(try FreePort.next())", "REDGREEN_UPSTREAM_URL": sim.url],
            // Generous: a loaded CI run once outlasted 20 s between "Stopped" and the exit (the bot's
            // shutdown with Redis down); a bot that does not exit at all still fails here.
            timeout: .seconds(120))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("[EN] error: Stopped: metrics.listen 127.0.0.1:\(sim.port): cannot serve /metrics there: "), "\(result.stderr)")
        await sim.stop()
    }
}
