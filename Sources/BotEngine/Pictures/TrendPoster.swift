import Logging
import Synchronization

/// Posts the trend picture for the sinks that have `trend:`: after each draw whose issue number
/// is a multiple of the sink's `every` (the same draws in every bot, and after a restart), with
/// the last `draws` results this bot has seen, and the locale's caption.
///
/// The results come from the feeds the bot already gets (the snapshot readers read, the
/// master's poll): no extra request and no extra Redis read. They are kept in memory, so after
/// a start the picture shows the game API's window and grows up to `draws` as draws come.
/// Each picture goes through its sink's `TrendSink` worker: once per draw and sink through the
/// ledger, and never in the way of the messages.
final class TrendPoster: Sendable {
    private struct Entry: Sendable {
        let worker: SinkWorker
        let settings: TrendSettings
    }

    private let entries: [Entry]
    private let keep: Int
    private let seen = Mutex<[Int64: Draw]>([:])
    private let logger: Logger

    /// A poster for those of `sinks` that post the picture.
    init(
        sinks: [any MessageSink], ledger: any DeliveryLedger, delivery: DeliverySettings, clock: any Clock<Duration>, wallClock: any WallClock,
        maxCatchUp: Int, logger: Logger, metrics: BotMetrics
    ) {
        entries = sinks.compactMap { sink -> Entry? in
            guard let pictures = sink as? any PictureSink, let settings = pictures.trend else { return nil }
            let worker = SinkWorker(
                sink: TrendSink(pictures), ledger: ledger, settings: delivery, clock: clock, wallClock: wallClock, maxCatchUp: maxCatchUp,
                logger: logger, metrics: metrics)
            return Entry(worker: worker, settings: settings)
        }
        keep = entries.map(\.settings.draws).max() ?? 0
        self.logger = logger
    }

    /// Runs the workers until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for entry in entries { group.addTask { await entry.worker.run() } }
        }
    }

    /// Returns once every picture handed out so far is delivered or given up on.
    func idle(orLost: Bool = false) async {
        for entry in entries { await entry.worker.idle(orLost: orLost) }
    }

    /// Remembers the results of `feed`, keeping the newest the sinks show.
    func remember(_ feed: [Draw]) {
        guard keep > 0 else { return }
        seen.withLock { seen in
            for draw in feed { seen[draw.issue] = draw }
            if seen.count > keep * 2 {
                let cut = seen.keys.sorted().dropLast(keep)
                for issue in cut { seen.removeValue(forKey: issue) }
            }
        }
    }

    /// Hands the picture of the results up to `draw` to every sink whose `every` divides its issue.
    func post(after draw: Draw, bundle: LocaleBundle, postedAtMillis: Int64) {
        let due = entries.filter { $0.settings.every > 0 && draw.issue % Int64($0.settings.every) == 0 }
        guard !due.isEmpty else { return }
        let window = seen.withLock { seen in seen.values.filter { $0.issue <= draw.issue } } + [draw]
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
            let caption = TrendCaption.render(stats, bundle: bundle, format: entry.worker.sink.format)
            entry.worker.enqueue(
                Post(
                    locale: bundle.code, draw: draw, colorNames: draw.colors.map { $0.lowercased() }, text: caption, postedAtMillis: postedAtMillis,
                    picture: png))
        }
    }
}
