import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// Standby masters on a fenced lease, with real processes: two masters and two readers against
/// a real redis-server and the simulator.
@Suite(.serialized) struct FleetFailoverTests {
    static func config(_ code: String, role: String, poll: String, dir: String) throws -> String {
        let path = "\(dir)/\(code).yaml"
        try """
        locale: \(code)
        locales_dir: \(RepoPaths.locales)
        role: \(role)
        upstream:
          url: http://127.0.0.1:1/replaced-by-environment
          poll_interval: \(poll)
          timeout: 2s
        redis:
          url: redis://127.0.0.1:1
          timeout: 1s
        shared:
          lease: 4s
        sinks:
          - type: console
            format: json

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func issues(_ children: [ChildProcess]) -> [Int64] {
        children.flatMap { MultiProcessTests.posts($0) }.map(\.issue).sorted()
    }

    @Test func aKilledLeaseHolderIsReplacedAndAPausedOneIsFencedOff() async throws {
        let binary = try BotBinary.require()
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let env = ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url]
        func start(_ code: String, _ role: String, poll: String = "300ms") throws -> ChildProcess {
            try ChildProcess(binary, ["run", "--config", try Self.config(code, role: role, poll: poll, dir: dir)], environment: env)
        }

        // en takes the lease; vi is a standby master; ja and id read, polling only every 20 s.
        var enRuns = [try start("en", "master")]
        #expect(await enRuns[0].waitFor(timeout: .seconds(20)) { $0.stderr.contains("Took the lease") }, "\(enRuns[0].stderr)")
        let vi = try start("vi", "master")
        let ja = try start("ja", "reader", poll: "20s")
        let id = try start("id", "reader", poll: "20s")
        for child in [vi, ja, id] {
            #expect(await child.waitFor(timeout: .seconds(20)) { !MultiProcessTests.posts($0).isEmpty }, "\(child.stderr)")
        }
        let first = sim.latestIssue

        // Healthy: one poll stream, the lease holder's; push brings each draw to the readers long
        // before their 20 s poll would.
        sim.state.resetCounts()
        for _ in 0..<2 {
            sim.state.publish()
            let issue = sim.latestIssue
            for child in [enRuns[0], vi, ja, id] {
                #expect(await child.waitFor(timeout: .seconds(10)) { MultiProcessTests.posts($0).last?.issue == issue }, "\(child.stderr)")
            }
        }
        let healthy = sim.state.requestCounts.byUserAgent
        #expect(healthy.keys.allSatisfy { $0.contains("(en; master)") }, "\(healthy)")

        // The holder dies: the standby takes over within the lease and a poll.
        sim.state.resetCounts()
        enRuns[0].signal(SIGKILL)
        _ = await enRuns[0].waitForExit(timeout: .seconds(5))
        #expect(await vi.waitFor(timeout: .seconds(15)) { $0.stderr.contains("Took the lease") }, "\(vi.stderr)")
        sim.state.publish()
        let afterKill = sim.latestIssue
        for child in [vi, ja, id] {
            #expect(await child.waitFor(timeout: .seconds(15)) { MultiProcessTests.posts($0).last?.issue == afterKill }, "\(child.stderr)")
        }
        let takeover = sim.state.requestCounts.byUserAgent
        #expect(takeover.keys.allSatisfy { $0.contains("(vi; master)") }, "\(takeover)")

        // en comes back as a standby and catches up on what it missed.
        enRuns.append(try start("en", "master"))
        #expect(await enRuns[1].waitFor(timeout: .seconds(15)) { MultiProcessTests.posts($0).last?.issue == afterKill }, "\(enRuns[1].stderr)")

        // The holder (vi) is frozen past its lease: en takes over; when vi wakes, its write is
        // refused and it stands by.
        vi.signal(SIGSTOP)
        #expect(await enRuns[1].waitFor(timeout: .seconds(15)) { $0.stderr.contains("Took the lease") }, "\(enRuns[1].stderr)")
        sim.state.publish()
        vi.signal(SIGCONT)
        #expect(
            await vi.waitFor(timeout: .seconds(15)) {
                $0.stderr.contains("another master holds the lease now") || $0.stderr.contains("Lost the lease")
            },
            "\(vi.stderr)"
        )
        let last = sim.latestIssue
        for child in [enRuns[1], vi, ja, id] {
            #expect(await child.waitFor(timeout: .seconds(15)) { MultiProcessTests.posts($0).last?.issue == last }, "\(child.stderr)")
        }

        for child in [enRuns[1], vi, ja, id] {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: .seconds(2)) == 0)
        }
        let expected = Array(first...last)
        #expect(Self.issues(enRuns) == expected, "en posted \(Self.issues(enRuns))")
        for (code, child) in [("vi", vi), ("ja", ja), ("id", id)] {
            #expect(Self.issues([child]) == expected, "\(code) posted \(Self.issues([child]))")
        }
        await sim.stop()
    }
}
