// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging

/// Updates the live board of the sinks that have `board:` after every draw: the locale's
/// `messages.board` filled from the draw and the results this bot has seen (`RecentDraws`), handed
/// to each sink's `BoardSink` worker. The board is not a draw: it goes through the ledger like
/// one (so of two bots of one locale, one updates it), but never holds back the draws' messages.
/// The `DrawPoster` runs the workers.
final class BoardPoster: Sendable {
    /// The workers that keep the boards, one per sink.
    let workers: [SinkWorker]
    private let recent: RecentDraws
    /// The bot's locale code, which the boards' posts carry.
    private let locale: String

    /// A poster for those of `sinks` that keep a board, of the bot of `locale`, their message ids
    /// in the sink state `state`. A board whose
    /// chat was lost shows only the newest of the boards that waited (`maxCatchUp` 1): each one
    /// replaces the one before.
    init(
        sinks: [any MessageSink], locale: String, state: any SinkStateStore, recent: RecentDraws, ledger: any DeliveryLedger,
        delivery: DeliverySettings, clock: any Clock<Duration>, wallClock: any WallClock, logger: Logger, metrics: BotMetrics
    ) {
        workers = sinks.compactMap { sink -> SinkWorker? in
            guard let live = sink as? any LiveBoardSink, live.board != nil else { return nil }
            return SinkWorker(
                sink: BoardSink(live, locale: locale, state: state, logger: logger), ledger: ledger, settings: delivery, clock: clock,
                wallClock: wallClock, maxCatchUp: 1, logger: logger, metrics: metrics)
        }
        self.recent = recent
        self.locale = locale
    }

    /// The results the boards of `sinks` cover: what `RecentDraws` must keep for them.
    static func keep(for sinks: [any MessageSink]) -> Int {
        sinks.contains { ($0 as? any LiveBoardSink)?.board != nil } ? BoardSettings.draws : 0
    }

    /// Hands the board after `draw` to every board sink (nothing when the locale has no `messages.board`).
    func post(after draw: Draw, renderer: MessageRenderer, postedAtMillis: Int64) {
        guard !workers.isEmpty else { return }
        let window = recent.window(upTo: draw.issue)
        let seenAt = Date(timeIntervalSince1970: Double(postedAtMillis) / 1000)
        var texts: [MessageFormat: String] = [:]
        for worker in workers {
            let format = worker.sink.format
            guard let text = texts[format] ?? renderer.renderBoard(draw, history: window, format: format, seenAt: seenAt) else { continue }
            texts[format] = text
            worker.enqueue(
                Post(
                    locale: locale, draw: draw, colorNames: draw.colors.map { $0.lowercased() }, text: text,
                    postedAtMillis: postedAtMillis))
        }
    }
}
