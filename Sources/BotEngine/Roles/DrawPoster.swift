import Foundation
import Logging

/// Posts the new draws of each feed a bot obtains, once each, in issue order, to every sink at
/// once: a slow or failing sink does not hold back the others.
public actor DrawPoster {
    private var tracker: DrawTracker
    private let renderer: MessageRenderer
    private let sinks: [any MessageSink]
    private let wallClock: any WallClock
    private let logger: Logger
    private let metrics: BotMetrics

    /// A poster for one bot.
    public init(renderer: MessageRenderer, sinks: [any MessageSink], maxCatchUp: Int, wallClock: any WallClock, logger: Logger) {
        self.tracker = DrawTracker(maxCatchUp: maxCatchUp)
        self.renderer = renderer
        self.sinks = sinks
        self.wallClock = wallClock
        self.logger = logger
        self.metrics = BotMetrics(locale: renderer.bundle.code)
    }

    /// The highest issue posted so far.
    public var lastIssue: Int64? { tracker.lastIssue }

    /// Posts the draws of `draws` this bot has not posted yet; returns those posted.
    @discardableResult
    public func offer(_ draws: [Draw]) async -> [Draw] {
        let selection = tracker.select(from: draws)
        if selection.skipped > 0 {
            logger.warning(
                "\(selection.skipped) missed draws are beyond posting.max_catch_up (\(tracker.maxCatchUp)); posting the newest \(selection.draws.count)"
            )
        }
        for draw in selection.draws {
            await post(draw, history: draws)
        }
        return selection.draws
    }

    /// Posts `draw`; `history` is the feed it came in, for the message's recent results and streak.
    private func post(_ draw: Draw, history: [Draw]) async {
        let now = wallClock.nowMillis()
        let text = renderer.render(draw, seenAt: Date(timeIntervalSince1970: Double(now) / 1000), history: history)
        let post = Post(
            locale: renderer.bundle.code, draw: draw, colorNames: draw.colors.map { $0.lowercased() }, text: text, postedAtMillis: now
        )
        await withTaskGroup(of: Void.self) { group in
            for sink in sinks {
                group.addTask { [logger, metrics] in
                    do {
                        try await sink.deliver(post)
                        metrics.post(sink: sink.name, outcome: "sent")
                    } catch {
                        metrics.post(sink: sink.name, outcome: "failed")
                        logger.error(
                            "Sink \(sink.name) failed to post draw \(draw.issue): \(error)",
                            metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(draw.issue)"]
                        )
                    }
                }
            }
        }
        metrics.lastPosted(draw.issue)
        logger.info("Posted draw \(draw.issue)", metadata: ["draw.issue": "\(draw.issue)", "draw.value": "\(draw.value)"])
    }
}
