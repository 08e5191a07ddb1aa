// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import Synchronization
import Testing

/// Splitting, rate limits and the sink worker's retry rules, in virtual time.
@Suite struct DeliveryTests {
    @Test func shortMessagesAreNotSplit() {
        #expect(MessageSplitter.split("a\nb", limit: 4096) == ["a\nb"])
        #expect(MessageSplitter.split(String(repeating: "x", count: 5000), limit: nil).count == 1)
    }

    @Test(arguments: [4096, 2000])
    func longMessagesSplitOnLineBoundariesInOrder(limit: Int) {
        let lines = (1...600).map { "line \($0) " + String(repeating: "·", count: 20) }
        let text = lines.joined(separator: "\n")
        let parts = MessageSplitter.split(text, limit: limit)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.count <= limit })
        #expect(parts.joined(separator: "\n") == text)
        #expect(parts.allSatisfy { $0.hasPrefix("line ") })
    }

    @Test func aSingleOverlongLineIsCutAtTheLimit() {
        let parts = MessageSplitter.split(String(repeating: "a", count: 25), limit: 10)
        #expect(parts == ["aaaaaaaaaa", "aaaaaaaaaa", "aaaaa"])
    }

    @Test func telegramLimitsOneMessageASecondPerChatAndTwentyAMinutePerChannel() async throws {
        let clock = VirtualClock()
        let limiter = SlidingWindowLimiter(clock: clock)
        let rules = TelegramSink.rules(chatID: "@channel")
        for _ in 0..<21 { try await limiter.acquire(rules) }
        // 20 sends a second apart fill the minute; the 21st waits for the first to leave it.
        #expect(clock.sleeps.prefix(19).allSatisfy { $0 == .seconds(1) })
        #expect(clock.sleeps.last == .seconds(41))
        let privateChat = TelegramSink.rules(chatID: "12345")
        #expect(privateChat.count == 2)
    }

    func worker(_ sink: any MessageSink, ledger: any DeliveryLedger = InMemoryDeliveryLedger(), clock: VirtualClock) -> SinkWorker {
        var settings = DeliverySettings()
        settings.maxAttempts = 3
        settings.baseDelay = .milliseconds(100)
        return SinkWorker(
            sink: sink, ledger: ledger, settings: settings, clock: clock, wallClock: ManualWallClock(millis: 0), logger: Logger(label: "test"),
            metrics: BotMetrics(locale: "en"))
    }

    func post(_ issue: Int64, text: String = "hello") -> Post {
        Post(locale: "en", draw: Fixtures.draw(issue), colorNames: ["red"], text: text, postedAtMillis: 0)
    }

    func deliver(_ posts: [Post], via worker: SinkWorker) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            for post in posts { worker.enqueue(post) }
            await worker.idle()
            group.cancelAll()
        }
    }

    @Test func rateLimitedPostsWaitRetryAfterThenGoThrough() async {
        let clock = VirtualClock()
        let sink = ScriptedSink([SinkError(.rateLimited(retryAfter: .seconds(7)), "429"), nil])
        await deliver([post(1)], via: worker(sink, clock: clock))
        #expect(sink.attempts == 2)
        #expect(sink.delivered == ["hello"])
        #expect(clock.sleeps == [.seconds(7)])
    }

    @Test func serverErrorsBackOffAndGiveUpAfterMaxAttempts() async {
        let clock = VirtualClock()
        let sink = ScriptedSink([SinkError(.transient, "500")])
        await deliver([post(1)], via: worker(sink, clock: clock))
        #expect(sink.attempts == 3)
        #expect(clock.sleeps.count == 2)
        #expect(sink.delivered.isEmpty)
    }

    @Test func refusalsAreNotRetried() async {
        let clock = VirtualClock()
        let sink = ScriptedSink([SinkError(.permanent, "400"), nil])
        await deliver([post(1), post(2)], via: worker(sink, clock: clock))
        #expect(sink.attempts == 2)
        #expect(sink.delivered == ["hello"])
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aDrawAlreadyInTheLedgerIsNotPostedAgain() async throws {
        let clock = VirtualClock()
        let ledger = InMemoryDeliveryLedger()
        let sink = ScriptedSink([nil])
        await deliver([post(1), post(1), post(2)], via: worker(sink, ledger: ledger, clock: clock))
        #expect(sink.attempts == 2)
        #expect(try await ledger.resumePoint(locale: "en", sinks: [sink.name]) == 2)
    }

    @Test func partsOfASplitPostGoOutInOrder() async {
        let clock = VirtualClock()
        let sink = ScriptedSink([nil], maxLength: 5)
        await deliver([post(1, text: "abc\ndef\nghi")], via: worker(sink, clock: clock))
        #expect(sink.delivered == ["abc", "def", "ghi"])
    }
}

/// A sink that answers from a script (nil: success; the last answer repeats).
final class ScriptedSink: MessageSink {
    let name = "scripted"
    let maxLength: Int?
    private let state: Mutex<(script: [SinkError?], attempts: Int, delivered: [String])>

    init(_ script: [SinkError?], maxLength: Int? = nil) {
        self.maxLength = maxLength
        state = Mutex((script, 0, []))
    }

    func send(_ text: String, of post: Post) async throws {
        try state.withLock { state in
            state.attempts += 1
            let answer = state.script.count > 1 ? state.script.removeFirst() : state.script[0]
            if let answer { throw answer }
            state.delivered.append(text)
        }
    }

    var attempts: Int { state.withLock { $0.attempts } }
    var delivered: [String] { state.withLock { $0.delivered } }
}

@Suite struct ClaimWaitTests {
    @Test func aClaimHeldByACrashedAttemptIsWaitedOutThenPosted() async throws {
        let clock = VirtualClock()
        let ledger = InMemoryDeliveryLedger()
        let key = LedgerKey(locale: "en", sink: "scripted", issue: 1)
        #expect(try await ledger.claim(key, ttl: .seconds(10)) == .claimed)
        let sink = ScriptedSink([nil])
        var settings = DeliverySettings()
        settings.claimTTL = .seconds(10)
        let worker = SinkWorker(
            sink: sink, ledger: ExpiringLedger(ledger, expire: key, after: 3), settings: settings, clock: clock,
            wallClock: ManualWallClock(millis: 0), logger: Logger(label: "t"),
            metrics: BotMetrics(locale: "en"))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(Post(locale: "en", draw: Fixtures.draw(1), colorNames: [], text: "x", postedAtMillis: 0))
            await worker.idle()
            group.cancelAll()
        }
        #expect(sink.delivered == ["x"])
        #expect(clock.sleeps.count == 3)
    }
}

/// A ledger whose claim on `expire` lapses after `after` further claim attempts, as a crashed
/// holder's claim does when its TTL runs out.
final class ExpiringLedger: ForwardingDeliveryLedger {
    let base: InMemoryDeliveryLedger
    let expire: LedgerKey
    let remaining: Mutex<Int>
    init(_ base: InMemoryDeliveryLedger, expire: LedgerKey, after: Int) {
        self.base = base
        self.expire = expire
        self.remaining = Mutex(after + 1)
    }
    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        if key == expire {
            let left = remaining.withLock { value in
                value -= 1
                return value
            }
            if left <= 0 { try await base.release(key, retention: ttl) }
        }
        return try await base.claim(key, ttl: ttl, owner: owner)
    }
}
