// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import GameSimulator
import Testing

/// The master against the original game API (no draw times), on the manual clock: draws every 2
/// or 3 s with a few ms of jitter, each poll answered in 1 to 20 ms (the game looks at a random
/// moment inside it), the master's real ``PollSchedule`` deciding every poll, and the standby's
/// health probes counted as the benchmark counts them (every `handover_after`, 30 s by default,
/// while they succeed). Before issue 29's fix a master 20 draws in made up to 1.32 requests a draw
/// here (16 of these 24 runs over 1.2, one with 1.8% of its draws over 100 ms late), and 10 draws in
/// some runs found a dozen draws in a row 150 to 560 ms late: a period learned from wide brackets
/// was taken as exact (the window narrowed onto the wrong moment), a window narrowed onto too early
/// a moment took each draw just after it for a late draw (a burst poll every draw) instead of
/// moving, and a learned window was polled inside again every few draws as it widened for drift.
@Suite struct UntimedScheduleTests {
    /// What one simulated run saw, over the settled draws.
    struct Outcome: CustomStringConvertible {
        var requestsPerDraw: Double
        var delays: [Int64]
        var onTime: Double { Double(delays.filter { $0 <= 100 }.count) / Double(delays.count) }
        var description: String {
            let sorted = delays.sorted()
            return "\(requestsPerDraw) requests a draw, delays p50 \(sorted[sorted.count / 2]) max \(sorted.last ?? 0) ms, \(onTime * 100)% within 100 ms"
        }
    }

    /// The standby's probe interval while its probes succeed: `handover_after` (30 s by default).
    static let probeInterval = LeadershipHealth(handoverAfterMillis: 30_000).handoverAfter

    /// 130 draws `period` apart, from a phase and jitter (0 to `jitter` ms) `seed` decides, each
    /// poll going out up to `wake` ms after the moment the schedule aimed at (a loaded machine); the
    /// first `warmUp` draws teach the schedule.
    /// `shift` moves the game's phase from draw `at` on.
    static func simulate(
        period: Int64, seed: UInt64, jitter: Int64 = 5, wake: Int64 = 0, warmUp: Int = 20, count: Int = 130, shift: Int64 = 0, at: Int = 70
    ) -> Outcome {
        var random = SplitMix64(seed: seed)
        let start: Int64 = 1_000_000 + Int64(random.next() % UInt64(period))
        let appearances = (0..<count).map { start + Int64($0) * period + ($0 >= at ? shift : 0) + Int64(random.next() % UInt64(jitter + 1)) }
        let game = ScriptedGame(appearances: appearances, stamps: false)
        let (seen, polls) = replay(game, from: start - 5_000, wake: wake, random: &random)
        let settled = warmUp..<count
        let span = appearances[settled.upperBound - 1] - appearances[settled.lowerBound]
        let probes = Double(span) / Double(probeInterval)
        let requests = game.pollsPerDraw(polls, settled) + probes / Double(settled.count - 1)
        return Outcome(requestsPerDraw: requests, delays: game.delays(seen, settled))
    }

    /// The master's real schedule polling `game` from `start` until `end` after its last draw, each poll
    /// answered in 1 to 20 ms and going out up to `wake` ms late: when it saw each issue, and when
    /// each poll went out.
    static func replay(
        _ game: ScriptedGame, from start: Int64, until end: Int64 = 100, wake: Int64 = 0, random: inout SplitMix64
    ) -> (seen: [Int64: Int64], polls: [Int64]) {
        var schedule = PollSchedule(pollIntervalMillis: 2000, burstMillis: 250, freshnessMillis: 10_000)
        var seen: [Int64: Int64] = [:]
        var polls: [Int64] = []
        var now = start
        while now < game.appearances.last! + end {
            let rtt = 1 + Int64(random.next() % 20)
            let answered = now + rtt
            let feed = game.draws(at: now + Int64(random.next() % UInt64(rtt + 1)))
            for draw in feed where seen[draw.issue] == nil { seen[draw.issue] = answered }
            schedule.polled(feed, startedMillis: now, answeredMillis: answered)
            polls.append(now)
            now = answered + schedule.nextDelay(nowMillis: answered) + (wake > 0 ? Int64(random.next() % UInt64(wake + 1)) : 0)
        }
        return (seen, polls)
    }

    /// The benchmark's untimed run (`Benchmarks/fleet.py`): the simulator has published its first
    /// draws (no times) before the master starts; the master's first poll finds them, the other
    /// bots start (1.5 to 4.5 s), then 8 warm-up draws `period` apart (up to 5 ms of jitter: the
    /// script's HTTP request), up to 15 ms more before the next (the script reads counters and
    /// resets the simulator's; `shift` when given), and the 50 measured draws. Counted as the
    /// benchmark counts them: the master's polls from the reset to a period after the last draw,
    /// and the standby's probes; the delays from the measured draw `skip` on.
    static func benchmark(period: Int64, seed: UInt64, shift: Int64? = nil, skip: Int = 0) -> Outcome {
        var random = SplitMix64(seed: seed)
        let masterStart: Int64 = 1_000_000 + Int64(random.next() % 2_000)
        let firstDraw = masterStart + 1_500 + Int64(random.next() % 3_000)
        let drawn = Int64(random.next() % 16)
        let gap = shift ?? drawn
        let appearances = (0..<58).map { index in
            firstDraw + Int64(index) * period + (index >= 8 ? gap : 0) + Int64(random.next() % 6)
        }
        let game = ScriptedGame(appearances: appearances, stamps: false, backlog: 0)
        let (seen, polls) = replay(game, from: masterStart, until: period, random: &random)
        let from = appearances[8] - 1
        let to = appearances[57] + period
        let probes = (to - from) / probeInterval
        let requests = Double(polls.filter { $0 > from && $0 <= to }.count + Int(probes)) / 50
        return Outcome(requestsPerDraw: requests, delays: game.delays(seen, (8 + skip)..<58))
    }

    @Test(arguments: [2_000, 3_000] as [Int64], 1...12 as ClosedRange<UInt64>)
    func aSettledMasterFindsEachDrawOnTimeFromAboutOneRequest(period: Int64, seed: UInt64) {
        let outcome = Self.simulate(period: period, seed: seed)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.onTime >= 0.99, "\(outcome)")
        #expect(outcome.delays.allSatisfy { $0 >= 0 }, "\(outcome)")
    }

    /// The same with up to 20 ms of jitter and polls going out up to 10 ms late: a window learned
    /// narrower than the jitter is learned again, not taken for late draws (before: up to 1.28
    /// requests a draw).
    @Test(arguments: [2_000, 3_000] as [Int64], 1...12 as ClosedRange<UInt64>)
    func onALoadedMachineToo(period: Int64, seed: UInt64) {
        let outcome = Self.simulate(period: period, seed: seed, jitter: 20, wake: 10)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.onTime >= 0.99, "\(outcome)")
    }

    /// The benchmark's measured draws (the 9th to the 58th), draws 2 and 3 s apart: the schedule
    /// has learned when draws appear within the 8 warm-up draws, and finds each within 100 ms from
    /// at most 1.2 requests a draw. Before, it took 15 to 20 draws to learn: over 200 seeds these
    /// runs made 1.26 requests a draw on average at 2 s, up to 1.48, 138 of them over 1.2 (the
    /// benchmark's run: 1.3, p99 118 ms). Now 1.13, at most 1.2; at 3 s (the standby's probes 0.1 a
    /// draw) 1.17, and 6 runs of 200 at 1.22-1.24 (before: 1.29, 168 over 1.2).
    @Test(arguments: [2_000, 3_000] as [Int64], 1...16 as ClosedRange<UInt64>)
    func theBenchmarksMeasuredDrawsFindALearnedSchedule(period: Int64, seed: UInt64) {
        let outcome = Self.benchmark(period: period, seed: seed)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.delays.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(outcome)")
    }

    /// A shift of the game's phase between the warm-up and the measured draws (the script's pause,
    /// 0 to 40 ms on a loaded machine) taught a period a few ms long whose error the narrow brackets
    /// under-stated: each draw was seen by the first poll inside its window, no narrow bracket came
    /// again, and the window slid later draw after draw (draws found 100 to 500 ms late; 40 ms: 66
    /// and 59 runs of 200 at 2 and 3 s). Now the period's error is that of the estimate it is taken
    /// from, and draws seen by the first poll inside their window three times running widen the
    /// window towards earlier until a poll misses: 5 and 7 runs of 200, none over 150 ms.
    @Test(arguments: [2_000, 3_000] as [Int64], 1...12 as ClosedRange<UInt64>)
    func aPhaseShiftOf40MsBeforeTheMeasuredDrawsIsFollowed(period: Int64, seed: UInt64) {
        let outcome = Self.benchmark(period: period, seed: seed, shift: 40, skip: 3)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.delays.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(outcome)")
    }

    /// The same with 15 ms, in the runs that slid (draws up to 520 ms late).
    @Test(arguments: [(2_000, 42), (2_000, 63), (3_000, 61)] as [(Int64, UInt64)])
    func aPhaseShiftOf15MsBeforeTheMeasuredDrawsIsFollowed(period: Int64, seed: UInt64) {
        let outcome = Self.benchmark(period: period, seed: seed, shift: 15, skip: 3)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.delays.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(outcome)")
    }

    /// A settled master whose game moves its phase by 40 ms later or earlier at the 70th draw: the
    /// draws from the 73rd on are found within 100 ms, from about one request a draw.
    @Test(arguments: [40, -40] as [Int64], 1...4 as ClosedRange<UInt64>)
    func aPhaseShiftInASettledRunIsFollowed(shift: Int64, seed: UInt64) {
        var outcome = Self.simulate(period: 2_000, seed: seed, shift: shift)
        outcome.delays.removeSubrange(50..<53)
        #expect(outcome.requestsPerDraw <= 1.2, "\(outcome)")
        #expect(outcome.delays.allSatisfy { $0 >= 0 && $0 <= 100 }, "\(outcome)")
    }
}
