import BotEngine
import Testing

@Suite struct PollScheduleTests {
    func schedule(period: Int64? = nil) -> PollSchedule {
        PollSchedule(pollIntervalMillis: 2000, burstMillis: 250, freshnessMillis: 10_000, drawPeriodMillis: period)
    }

    @Test func withoutAPeriodItPollsEveryPollInterval() {
        var s = schedule()
        #expect(s.nextDelay(nowMillis: 0) == 2000)
        s.sawNewDraw(atMillis: 0)
        s.sawNewDraw(atMillis: 60_000)
        #expect(s.period == nil)
        #expect(s.nextDelay(nowMillis: 61_000) == 2000)
    }

    @Test func itLearnsThePeriodFromTheDrawsItSees() {
        var s = schedule()
        for t: Int64 in [0, 60_000, 120_500, 180_000] { s.sawNewDraw(atMillis: t) }
        #expect(s.period == 60_000)
    }

    @Test func slowBetweenDrawsABurstAroundTheDueOneBackToNormalWhenLate() {
        var s = schedule(period: 60_000)
        s.sawNewDraw(atMillis: 0)
        // Between draws: at most half the freshness window (5 s), so the snapshot stays fresh.
        #expect(s.nextDelay(nowMillis: 1000) == 5000)
        // Never sleeps past the start of the burst.
        #expect(s.nextDelay(nowMillis: 57_000) == 2800)
        // The burst: from just before the draw is due until a little after.
        #expect(s.nextDelay(nowMillis: 59_800) == 250)
        #expect(s.nextDelay(nowMillis: 61_500) == 250)
        // A late draw: back to the poll interval.
        #expect(s.nextDelay(nowMillis: 70_000) == 2000)
    }

    @Test func fewerRequestsPerDrawThanFixedPollingAndLessDelay() {
        // A 60 s game polled for one period: fixed polling every 2 s makes 30 requests and sees the
        // draw up to 2 s late; the schedule makes far fewer and sees it within a burst step.
        var s = schedule(period: 60_000)
        s.sawNewDraw(atMillis: 0)
        var now: Int64 = 0
        var requests = 0
        var seenAt: Int64?
        while seenAt == nil {
            now += s.nextDelay(nowMillis: now)
            requests += 1
            if now >= 60_000 { seenAt = now }
        }
        #expect(requests < 30)
        #expect(seenAt! - 60_000 <= 250)
        #expect(requests <= 13, "about one poll per half freshness window, then the burst")
    }
}
