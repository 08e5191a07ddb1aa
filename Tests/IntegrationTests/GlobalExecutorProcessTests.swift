// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Foundation
import TestHarness
import Testing

/// The built binary runs Swift's global executor on threads of its own (CGlobalExecutor), so that
/// libdispatch's worker pool, and the pool monitor that wakes its manager thread every second once
/// the pool has run a job, never start in a bot: an idle bot's libdispatch threads stay asleep.
@Suite(.serialized) struct GlobalExecutorProcessTests {
    /// Each thread of `pid` by its id: its name and voluntary plus involuntary context switches.
    static func threads(of pid: Int32) -> [String: (name: String, switches: Int)] {
        let directory = "/proc/\(pid)/task"
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var threads: [String: (name: String, switches: Int)] = [:]
        for id in ids {
            guard let name = try? String(contentsOfFile: "\(directory)/\(id)/comm", encoding: .utf8),
                let status = try? String(contentsOfFile: "\(directory)/\(id)/status", encoding: .utf8)
            else { continue }
            let switches = status.split(separator: "\n").filter { $0.contains("ctxt_switches:") }
                .compactMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") }.reduce(0, +)
            threads[id] = (name.trimmingCharacters(in: .newlines), switches)
        }
        return threads
    }

    /// How often the libdispatch threads (named after their root queues, `…qos…`) of `before` woke
    /// since, counted on those still there (an idle worker ends after a few seconds).
    static func dispatchWakes(of pid: Int32, since before: [String: (name: String, switches: Int)]) -> Int {
        threads(of: pid).filter { $0.value.name.contains("qos") }.compactMap { id, thread in
            before[id].map { thread.switches - $0.switches }
        }.reduce(0, +)
    }

    @Test func anIdleBotsLibdispatchThreadsDoNotWakeAndItsGlobalExecutorIsItsOwn() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, sim, dir, env) = (fixture.binary, fixture.sim, fixture.dir, fixture.env)
        let master = try ChildProcess(binary, ["run", "--config", try TestBotConfig(code: "en", role: "master").write(in: dir)], environment: env)
        #expect(await master.waitFor(timeout: .seconds(60)) { !MultiProcessTests.posts($0).isEmpty }, "master never posted: \(master.stderr)")
        let reader = try ChildProcess(binary, ["run", "--config", try TestBotConfig(code: "vi", role: "reader").write(in: dir)], environment: env)
        #expect(await reader.waitFor(timeout: .seconds(60)) { !MultiProcessTests.posts($0).isEmpty }, "reader never posted: \(reader.stderr)")
        for _ in 0..<3 {
            sim.state.publish()
            try await Task.sleep(for: .milliseconds(300))
        }
        let last = sim.latestIssue
        for child in [master, reader] {
            #expect(await child.waitFor(timeout: .seconds(60)) { MultiProcessTests.posts($0).last?.issue == last }, "\(child.stderr)")
        }

        // libdispatch's monitor, once armed, wakes its manager thread every second: 5 s idle would show 4 or more.
        let before = [master, reader].map { Self.threads(of: $0.pid) }
        try await Task.sleep(for: .seconds(5))
        for (index, name) in ["master", "reader"].enumerated() {
            let child = [master, reader][index]
            let wakes = Self.dispatchWakes(of: child.pid, since: before[index])
            #expect(wakes < 3, "the \(name)'s libdispatch threads woke \(wakes) times in 5 s idle: \(Self.threads(of: child.pid))")
            #expect(Self.threads(of: child.pid).values.contains { $0.name.hasPrefix("swift-global-") }, "\(Self.threads(of: child.pid))")
        }
        for child in [master, reader] {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0, "\(child.stderr)")
        }
        await sim.stop()
    }
}
