// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotStore
import BotSupport
import Logging

/// Posts the trend picture for the sinks that have `trend:`: after each draw whose issue number
/// is a multiple of the sink's `every` (the same draws in every bot, and after a restart), with
/// the last `draws` results this bot has seen (`RecentDraws`), and the locale's caption.
///
/// Each picture goes through its sink's `TrendSink` worker: once per draw and sink through the
/// ledger, and never in the way of the messages. The `DrawPoster` runs the workers.
final class TrendPoster: Sendable {
    private struct Entry: Sendable {
        let worker: SinkWorker
        let settings: TrendSettings
    }

    private let entries: [Entry]
    private let recent: RecentDraws
    /// The bot's locale code, which the pictures' posts carry.
    private let locale: String
    /// The bot's game type, for `{{game}}` and `{{game_type}}` in the caption and the alt text.
    private let gameType: String
    private let logger: Logger

    /// A poster for those of `sinks` that post the picture, in the bot of `locale` and game
    /// `gameType`, from the results `recent` keeps.
    init(
        sinks: [any MessageSink], locale: String, gameType: String, recent: RecentDraws, ledger: any DeliveryLedger, delivery: DeliverySettings,
        clock: any Clock<Duration>, wallClock: any WallClock, maxCatchUp: Int, logger: Logger, metrics: BotMetrics
    ) {
        entries = sinks.compactMap { sink -> Entry? in
            guard let pictures = sink as? any PictureSink, let settings = pictures.trend else { return nil }
            let worker = SinkWorker(
                sink: TrendSink(pictures), ledger: ledger, settings: delivery, clock: clock, wallClock: wallClock, maxCatchUp: maxCatchUp,
                logger: logger, metrics: metrics)
            return Entry(worker: worker, settings: settings)
        }
        self.recent = recent
        self.locale = locale
        self.gameType = gameType
        self.logger = logger
    }

    /// The results the pictures of `sinks` show at most: what `RecentDraws` must keep for them.
    static func keep(for sinks: [any MessageSink]) -> Int {
        sinks.compactMap { ($0 as? any PictureSink)?.trend?.draws }.max() ?? 0
    }

    /// The workers that deliver the pictures, one per sink.
    var workers: [SinkWorker] { entries.map(\.worker) }

    /// Hands the picture of the results up to `draw` to every sink whose `every` divides its issue.
    func post(after draw: Draw, bundle: LocaleBundle, postedAtMillis: Int64) {
        let due = entries.filter { $0.settings.every > 0 && draw.issue % Int64($0.settings.every) == 0 }
        guard !due.isEmpty else { return }
        let window = recent.window(upTo: draw.issue) + [draw]
        var pictures: [TrendSettings: [UInt8]] = [:]
        for entry in due {
            let stats = TrendStats(window, limit: entry.settings.draws)
            let png: [UInt8]
            if let made = pictures[entry.settings] {
                png = made
            } else {
                do {
                    png = try TrendPicture.png(of: stats, settings: entry.settings)
                } catch {
                    logger.error("Could not draw the trend picture for draw \(draw.issue): \(error)", metadata: ["draw.issue": "\(draw.issue)"])
                    continue
                }
                pictures[entry.settings] = png
            }
            let caption = TrendCaption.render(stats, bundle: bundle, format: entry.worker.sink.format, gameType: gameType)
            var post = Post(
                locale: locale, draw: draw, colorNames: draw.colors.map { $0.lowercased() }, text: caption, postedAtMillis: postedAtMillis,
                picture: png)
            post.altText = TrendCaption.altText(stats, bundle: bundle, gameType: gameType)
            entry.worker.enqueue(post)
        }
    }
}
