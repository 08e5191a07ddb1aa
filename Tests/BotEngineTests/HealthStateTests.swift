// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Testing

/// Readiness from poll outcomes, in wall-clock milliseconds: no I/O, no clock.
@Suite struct HealthStateTests {
    let start: Int64 = 1_000_000
    var health = HealthState(window: .seconds(30))

    @Test func notReadyBeforeAnyPoll() {
        let verdict = health.readiness(atMillis: start)
        #expect(!verdict.isReady)
        #expect(verdict.reason == "not ready: no successful poll yet")
    }

    @Test(arguments: [
        (PollOutcome.freshRead, "fresh snapshot read"),
        (PollOutcome.masterWrite(failure: nil), "master write"),
        (PollOutcome.fallback(reason: "stale", failure: nil), "working fallback to the game API (Redis: stale)"),
    ])
    func eachGoodOutcomeMakesItReadyForThreeWindows(outcome: PollOutcome, what: String) {
        var health = self.health
        health.record(outcome, atMillis: start)
        #expect(health.readiness(atMillis: start + 1500) == Readiness(isReady: true, reason: "ready: \(what) 1500ms ago"))
        #expect(health.readiness(atMillis: start + 30_000).isReady)
        let late = health.readiness(atMillis: start + 30_001)
        #expect(!late.isReady)
        #expect(late.reason == "not ready: no fresh snapshot read, master write or working fallback in the last 30s")
    }

    @Test(arguments: [
        (
            PollOutcome.fallback(reason: "redis_unavailable", failure: "timeout"),
            "Redis could not serve (redis_unavailable) and the game API failed (timeout)"
        ),
        (PollOutcome.masterWrite(failure: "connection refused"), "the snapshot write to Redis failed (connection refused)"),
        (PollOutcome.upstreamFailed("status:500"), "the game API failed (status:500)"),
    ])
    func failuresAreNotReadyAndNamedInTheReason(outcome: PollOutcome, problem: String) {
        var health = self.health
        health.record(outcome, atMillis: start)
        #expect(health.readiness(atMillis: start) == Readiness(isReady: false, reason: "not ready: no successful poll yet; last problem: \(problem)"))
    }

    @Test func aFailureAfterSuccessKeepsItReadyUntilTheWindowEnds() {
        var health = self.health
        health.record(.freshRead, atMillis: start)
        health.record(.fallback(reason: "missing", failure: "network"), atMillis: start + 10_000)
        #expect(health.readiness(atMillis: start + 20_000).isReady)
        let verdict = health.readiness(atMillis: start + 40_000)
        #expect(!verdict.isReady)
        #expect(verdict.reason.hasSuffix("last problem: Redis could not serve (missing) and the game API failed (network)"))
        health.record(.freshRead, atMillis: start + 41_000)
        #expect(health.readiness(atMillis: start + 41_000) == Readiness(isReady: true, reason: "ready: fresh snapshot read 0s ago"))
    }

    @Test func theWindowIsThreeFreshnessWindowsOrThreePollsWhenLonger() {
        #expect(HealthState.window(freshness: .seconds(10), pollInterval: .seconds(2)) == .seconds(30))
        #expect(HealthState.window(freshness: .seconds(10), pollInterval: .seconds(20)) == .seconds(60))
    }
}
