// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A lost chat stops a sink, says why, makes the bot not ready and retries at
/// `delivery.lost_chat_retry`, in virtual time; `delivery.max_age` skips draws too old to post.
@Suite struct LostChatTests {
    static let lost = SinkError(.chatLost(reason: "forbidden"), "the bot may not post to chat @c (HTTP 403: Forbidden: bot was kicked)")

    func worker(
        _ sink: any MessageSink, ledger: any DeliveryLedger = InMemoryDeliveryLedger(), clock: VirtualClock, wallClock: ManualWallClock,
        monitor: BotMonitor? = nil, maxCatchUp: Int = 10
    ) -> SinkWorker {
        var settings = DeliverySettings()
        settings.lostChatRetry = .seconds(240)
        return SinkWorker(
            sink: sink, ledger: ledger, settings: settings, clock: clock, wallClock: wallClock, maxCatchUp: maxCatchUp, logger: Logger(label: "t"),
            metrics: BotMetrics(locale: "en"), monitor: monitor)
    }

    func post(_ issue: Int64, at millis: Int64 = 0) -> Post {
        Post(locale: "en", draw: Fixtures.draw(issue), colorNames: ["red"], text: "draw \(issue)", postedAtMillis: millis)
    }

    /// Waits (in real time, generously: the whole test process has been seen to stall for a minute
    /// early in a loaded `make test`) until `condition` holds.
    func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func aLostChatIsNotReadyWithTheReasonAndResumesWhenTheChatWorksAgain() async throws {
        let monitor = BotMonitor(locale: "en", role: .reader, readinessWindow: .seconds(30), wallClock: ManualWallClock(millis: 0))
        monitor.record(.freshRead)
        let sink = HoldingSink([Self.lost, Self.lost, Self.lost, nil], holdAt: 4)
        let clock = VirtualClock()
        let worker = worker(sink, clock: clock, wallClock: ManualWallClock(millis: 0), monitor: monitor)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(post(1))
            worker.enqueue(post(2))
            // The fourth attempt (after three refusals) is held open: the chat is still lost then.
            try await eventually { sink.attempts == 4 }
            let verdict = monitor.readiness()
            #expect(!verdict.isReady)
            #expect(verdict.reason.contains("sink held stopped sending"), "\(verdict.reason)")
            #expect(verdict.reason.contains("kicked"), "\(verdict.reason)")
            #expect(clock.sleeps == [.seconds(240), .seconds(240), .seconds(240)])
            sink.release()
            await worker.idle()
            #expect(sink.delivered == ["draw 1", "draw 2"])
            #expect(monitor.readiness().isReady, "\(monitor.readiness().reason)")
            group.cancelAll()
        }
    }

    @Test func drawsThatWaitedForALostChatAreCaughtUpWithinMaxCatchUp() async throws {
        let sink = HoldingSink([Self.lost, nil], holdAt: nil)
        let clock = VirtualClock()
        let ledger = InMemoryDeliveryLedger()
        let worker = worker(sink, ledger: ledger, clock: clock, wallClock: ManualWallClock(millis: 0), maxCatchUp: 2)
        for issue in 1...6 { worker.enqueue(post(Int64(issue))) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            await worker.idle()
            group.cancelAll()
        }
        // Draw 1 went through on the retry; of the five that waited, the newest two.
        #expect(sink.delivered == ["draw 1", "draw 5", "draw 6"])
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["held"]) == 6)
    }

    @Test func aRestartWhileTheChatIsLostFindsTheDrawUndoneInTheLedger() async throws {
        let sink = HoldingSink([Self.lost], holdAt: nil)
        let ledger = InMemoryDeliveryLedger()
        let worker = worker(sink, ledger: ledger, clock: VirtualClock(), wallClock: ManualWallClock(millis: 0))
        let task = Task { await worker.run() }
        worker.enqueue(post(1))
        try await eventually { sink.attempts >= 2 }
        task.cancel()
        await task.value
        // Neither claimed nor done: a restarted bot posts it.
        #expect(try await ledger.claim(LedgerKey(locale: "en", sink: "held", issue: 1), ttl: .seconds(10)) == .claimed)
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["held"]) == nil)
    }

    @Test func aDrawOlderThanMaxAgeIsSkippedFromItsTimeOrFromWhenItWasSeen() async throws {
        let sink = HoldingSink([nil], holdAt: nil)
        let wall = ManualWallClock(millis: 1_000_000_000)
        let ledger = InMemoryDeliveryLedger()
        let worker = worker(sink, ledger: ledger, clock: VirtualClock(), wallClock: wall)
        let now = wall.nowMillis()
        var timed = Draw(issue: 3, value: "003", colors: ["Red"], time: Date(timeIntervalSince1970: Double(now - 11 * 60_000) / 1000))
        var late = post(3, at: now)
        late.draw = timed
        timed.issue = 4
        timed.time = Date(timeIntervalSince1970: Double(now - 9 * 60_000) / 1000)
        var recent = post(4, at: now - 20 * 60_000)
        recent.draw = timed
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(post(1, at: now - 11 * 60_000))  // seen 11 minutes ago, no draw time: skipped
            worker.enqueue(post(2, at: now - 9 * 60_000))  // seen 9 minutes ago: posted
            worker.enqueue(late)  // drawn 11 minutes ago, though seen just now: skipped
            worker.enqueue(recent)  // drawn 9 minutes ago, though seen 20 minutes ago: posted
            await worker.idle()
            group.cancelAll()
        }
        #expect(sink.delivered == ["draw 2", "draw 4"])
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["held"]) == 4)
    }

    @Test func waitingForTheSinksDoesNotWaitForALostChat() async throws {
        let sink = HoldingSink([Self.lost], holdAt: nil)
        let worker = worker(sink, clock: VirtualClock(), wallClock: ManualWallClock(millis: 0))
        let task = Task { await worker.run() }
        worker.enqueue(post(1))
        // What a poster following a game's new numbering waits for: not a chat that may stay lost for hours.
        let settled = Flag()
        Task {
            await worker.idle(orLost: true)
            settled.set()
        }
        try await eventually { settled.isSet }
        #expect(settled.isSet)
        #expect(sink.delivered.isEmpty)
        task.cancel()
        await task.value
    }

    @Test func readinessNamesEveryLostSink() {
        var health = HealthState(window: .seconds(30))
        health.record(.freshRead, atMillis: 0)
        health.sinkLost("telegram", reason: "HTTP 403")
        health.sinkLost("discord", reason: "HTTP 404")
        #expect(health.readiness(atMillis: 1).reason == "not ready: sink discord stopped sending: HTTP 404; sink telegram stopped sending: HTTP 403")
        health.sinkLost("telegram", reason: nil)
        health.sinkLost("discord", reason: nil)
        #expect(health.readiness(atMillis: 1).isReady)
    }
}

/// A sink that answers from a script (nil: success; the last answer repeats) and, at attempt
/// `holdAt`, waits until `release()` before it succeeds.
final class HoldingSink: MessageSink {
    let name = "held"
    private let holdAt: Int?
    private let state: Mutex<(script: [SinkError?], attempts: Int, delivered: [String], released: Bool)>

    init(_ script: [SinkError?], holdAt: Int?) {
        self.holdAt = holdAt
        state = Mutex((script, 0, [], false))
    }

    func send(_ text: String, of post: Post) async throws {
        let attempt = state.withLock { state in
            state.attempts += 1
            return state.attempts
        }
        if attempt == holdAt {
            while !state.withLock({ $0.released }) { try await Task.sleep(for: .milliseconds(5)) }
        } else {
            try state.withLock { state in
                let answer = state.script.count > 1 ? state.script.removeFirst() : state.script[0]
                if let answer { throw answer }
            }
        }
        state.withLock { $0.delivered.append(text) }
    }

    func release() { state.withLock { $0.released = true } }
    var attempts: Int { state.withLock { $0.attempts } }
    var delivered: [String] { state.withLock { $0.delivered } }
}

/// A flag set once, read from any task.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
