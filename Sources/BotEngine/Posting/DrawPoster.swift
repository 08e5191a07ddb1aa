// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging

/// Turns the feeds a bot obtains into posts: picks the new draws (each once, in issue order),
/// renders each in the locale for every sink's markup, and hands them to the sinks' workers,
/// which deliver independently of one another.
///
/// The first feed of a run resumes where the delivery ledger says every sink was done, so a bot
/// that was down (or killed, however often) catches up on every draw still in its feed (each
/// within `delivery.max_age`): the game API's window, extended by the roles with the fleet's draw
/// history (`SharedHistory`), so every draw the history still holds; a bot with no record posts
/// only the latest draw. More than `posting.max_catch_up` new draws at once go out as one digest
/// (`messages.digest`) covering them all, not one message each. A feed's draws before the one
/// posted also give its message's `{{history}}` and streak. Every draw not posted is logged by
/// issue, with its count.
package actor DrawPoster {
    private var tracker: DrawTracker
    private var resumed = false
    private let renderer: MessageRenderer
    /// The bot's locale code: its renderer's at start, which its posts, ledger entries, boards and
    /// services carry, whatever a reload brings (`LocaleReloader` reloads the same code).
    package nonisolated let locale: String
    private let workers: [SinkWorker]
    /// The results seen lately, for the trend picture and the live board.
    private let recent: RecentDraws
    /// Posts the trend picture for the sinks that have `trend:`, through workers of their own.
    private let trend: TrendPoster
    /// Updates the live board of the sinks that have `board:`, through workers of their own.
    private let board: BoardPoster
    private let ledger: any DeliveryLedger
    private let retention: Duration
    private let wallClock: any WallClock
    private let logger: Logger
    /// What the bot has been doing: its services report each poll's outcome here, and the sink
    /// workers each delivery.
    package nonisolated let monitor: BotMonitor

    /// A poster for one bot; `monitor` defaults to one for a reader with the default freshness;
    /// `sinkState` keeps the message ids of the sinks' live boards.
    package init(
        renderer: MessageRenderer, sinks: [any MessageSink], ledger: any DeliveryLedger = InMemoryDeliveryLedger(),
        sinkState: any SinkStateStore = InMemorySinkStateStore(), delivery: DeliverySettings = DeliverySettings(), maxCatchUp: Int,
        wallClock: any WallClock, clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger, monitor: BotMonitor? = nil
    ) {
        let locale = renderer.bundle.code
        let monitor = monitor ?? BotMonitor(locale: locale, role: .reader, readinessWindow: .seconds(30), wallClock: wallClock)
        self.monitor = monitor
        self.tracker = DrawTracker(maxCatchUp: maxCatchUp)
        self.renderer = renderer
        self.locale = locale
        self.ledger = ledger
        self.retention = delivery.retention
        self.workers = sinks.map {
            let format = $0.format
            return SinkWorker(
                sink: $0, ledger: ledger, settings: delivery, clock: clock, wallClock: wallClock, maxCatchUp: maxCatchUp, logger: logger,
                metrics: monitor.metrics, monitor: monitor, digest: { [renderer] in renderer.renderDigest($0, format: format) })
        }
        let recent = RecentDraws(keep: max(TrendPoster.keep(for: sinks), BoardPoster.keep(for: sinks)))
        self.recent = recent
        self.trend = TrendPoster(
            sinks: sinks, locale: locale, gameType: renderer.gameType, recent: recent, ledger: ledger, delivery: delivery, clock: clock,
            wallClock: wallClock, maxCatchUp: maxCatchUp, logger: logger, metrics: monitor.metrics)
        self.board = BoardPoster(
            sinks: sinks, locale: locale, state: sinkState, recent: recent, ledger: ledger, delivery: delivery, clock: clock,
            wallClock: wallClock, logger: logger, metrics: monitor.metrics)
        self.wallClock = wallClock
        self.logger = logger
    }

    /// The highest issue handed to the sinks so far.
    package var lastIssue: Int64? { tracker.lastIssue }

    /// Runs the sinks' workers (the trend pictures' and the boards' too) until cancelled.
    package nonisolated func run() async {
        await withDiscardingTaskGroup { group in
            for worker in workers + trend.workers + board.workers { group.addTask { await worker.run() } }
        }
    }

    /// Returns once every post handed out so far (pictures and boards too) is delivered or given up
    /// on; with `orLost`, also while a sink's chat is lost (see `SinkWorker.idle(orLost:)`).
    package nonisolated func idle(orLost: Bool = false) async {
        for worker in workers + trend.workers + board.workers { await worker.idle(orLost: orLost) }
    }

    /// Hands the draws of `draws` this bot has not posted yet to every sink; returns them.
    @discardableResult
    package func offer(_ draws: [Draw]) async -> [Draw] {
        let first = !resumed
        if first {
            resumed = true
            await resume()
        }
        recent.remember(draws)
        let watchedBefore = tracker.behind
        let selection = tracker.select(from: draws)
        await followNumbering(selection, watchedBefore: watchedBefore)
        reportUnposted(selection, afterRestart: first)
        if selection.digest, postDigest(selection.draws) { return selection.draws }
        for draw in selection.draws { post(draw, history: draws) }
        return selection.draws
    }

    /// Logs, by issue and with their exact count, the draws of `selection` that are never posted:
    /// those gone from the game API's window (after a restart, or while the bot was away; beyond
    /// `posting.max_catch_up` draws go out as one digest, none dropped); counts them in
    /// `redgreen_draws_not_posted_total{reason="left_window"}`.
    private func reportUnposted(_ selection: DrawTracker.Selection, afterRestart: Bool) {
        if let missing = selection.missing {
            let (span, overflow) = missing.upperBound.subtractingReportingOverflow(missing.lowerBound)
            let count = overflow ? nil : Int(clamping: span) &+ 1
            let described = "\(IssueList.describe(missing)) (\(count.map(IssueList.count) ?? "too many"))"
            logger.warning(
                afterRestart
                    ? "Draws \(described) came after draw \(missing.lowerBound - 1), the last one every sink is done with, and are no longer in the game's feed; they are not posted"
                    : "Draws \(described) left the game API's window before they could be posted",
                metadata: ["draw.issue": "\(missing.lowerBound)"]
            )
            monitor.metrics.drawsNotPosted(count ?? Int.max, reason: "left_window")
        }
    }

    /// Says when the game's numbering went below the last posted issue (a warning, and not ready
    /// with the reason while nothing is posted), and when it is followed (a warning, and the
    /// ledger's resume points moved back to it, so that a restart resumes there).
    private func followNumbering(_ selection: DrawTracker.Selection, watchedBefore: DrawTracker.Behind?) async {
        if let watch = selection.heldBack {
            let last = tracker.lastIssue.map(String.init) ?? "?"
            let left = tracker.confirmations - watch.advances
            monitor.holdPosting(
                "the game's newest draw (\(watch.newest)) is below the last one posted (\(last)); following the lower numbering once it shows \(left) more new draw\(left == 1 ? "" : "s")"
            )
            if watchedBefore?.first != watch.first {
                logger.warning(
                    "The game's newest draw \(watch.newest) is below the last one posted, \(last): its numbering went back, or its API serves old data; posting nothing from it until \(tracker.confirmations) new draws confirm the new numbering"
                )
            }
            return
        }
        monitor.holdPosting(nil)
        guard let rewind = selection.followed else { return }
        logger.warning(
            "The game's issue numbers went back from \(rewind.from) to \(rewind.to), confirmed by \(tracker.confirmations) new draws; following them, posting after \(rewind.resumePoint)"
        )
        // The deliveries of the old numbering finish first, so that none raises a resume point
        // again after it was moved back (nothing was handed out while the numbering was watched).
        // A sink whose chat is lost is not waited for: the other sinks must carry on.
        await idle(orLost: true)
        do {
            try await ledger.rewind(locale: locale, sinks: workers.map(\.sink.name), to: rewind.resumePoint, retention: retention)
        } catch {
            logger.warning(
                "Could not move the delivery ledger's resume points back to \(rewind.resumePoint) (\(error)); a restart resumes after \(rewind.from)"
            )
        }
    }

    private func resume() async {
        let sinks = workers.map(\.sink.name)
        do {
            let moved = try await ledger.migrate(locale: locale, sinks: sinks, retention: retention)
            if moved > 0 { logger.info("Moved \(moved) delivery records of the earlier ledger design into the bounded ledger") }
        } catch {
            logger.warning("Could not move the delivery records of the earlier ledger design (\(error)); each is moved when its draw comes up")
        }
        do {
            guard let point = try await ledger.resumePoint(locale: locale, sinks: sinks) else { return }
            tracker = DrawTracker(maxCatchUp: tracker.maxCatchUp, lastIssue: point)
            logger.info("Resuming after draw \(point), the last one every sink is done with; posting every later draw the game still returns")
        } catch {
            logger.warning("Delivery ledger unavailable at start, posting only the latest draw (\(error))")
        }
    }

    /// Hands one digest covering `draws` (ascending, more than `posting.max_catch_up`) to every sink,
    /// the ledger to mark each of them posted once it is sent; false when the locale has no
    /// `messages.digest` (the caller then posts each draw on its own: none is dropped).
    private func postDigest(_ draws: [Draw]) -> Bool {
        guard let first = draws.first, let newest = draws.last else { return true }
        var texts: [MessageFormat: String] = [:]
        for format in Set(workers.map(\.sink.format)) {
            guard let text = renderer.renderDigest(draws, format: format) else {
                logger.warning(
                    "\(renderer.bundle.file) has no messages.digest: posting the \(draws.count) draws beyond posting.max_catch_up one message each")
                return false
            }
            texts[format] = text
        }
        let now = wallClock.nowMillis()
        for worker in workers {
            var post = Post(
                locale: locale, draw: newest, colorNames: newest.colors.map { $0.lowercased() }, text: texts[worker.sink.format] ?? "",
                postedAtMillis: now)
            post.covered = draws
            worker.enqueue(post)
        }
        trend.post(after: newest, bundle: renderer.bundle, postedAtMillis: now)
        board.post(after: newest, renderer: renderer, postedAtMillis: now)
        monitor.metrics.lastPosted(newest.issue)
        logger.info(
            "Posting draws \(first.issue)–\(newest.issue) (\(draws.count)) as one digest: more than posting.max_catch_up (\(tracker.maxCatchUp)) were waiting",
            metadata: ["draw.issue": "\(newest.issue)", "digest.first_issue": "\(first.issue)", "digest.draws": "\(draws.count)"])
        return true
    }

    /// Hands `draw` to every sink; `history` is the feed it came in, for the message's recent
    /// results and streak.
    private func post(_ draw: Draw, history: [Draw]) {
        let now = wallClock.nowMillis()
        let seenAt = Date(timeIntervalSince1970: Double(now) / 1000)
        var texts: [String: String] = [:]
        for worker in workers {
            let (format, timeEntities) = (worker.sink.format, worker.sink.timeEntities)
            let key = "\(format.rawValue) \(timeEntities)"
            let text = texts[key] ?? renderer.render(draw, seenAt: seenAt, format: format, history: history, timeEntities: timeEntities)
            texts[key] = text
            worker.enqueue(
                Post(locale: locale, draw: draw, colorNames: draw.colors.map { $0.lowercased() }, text: text, postedAtMillis: now)
            )
        }
        trend.post(after: draw, bundle: renderer.bundle, postedAtMillis: now)
        board.post(after: draw, renderer: renderer, postedAtMillis: now)
        monitor.metrics.lastPosted(draw.issue)
        if let drawn = draw.timeMillis { monitor.metrics.drawToPost(millis: now - drawn) }
        logger.info("Posting draw \(draw.issue)", metadata: ["draw.issue": "\(draw.issue)", "draw.value": "\(draw.value)"])
    }
}
