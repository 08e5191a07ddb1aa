// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Every locale's bot in one process, sharing one in-memory store: the master polls the
/// simulator over loopback HTTP, the readers take its snapshot. Finishes once every bot has
/// posted `drawsWanted` draws, which ends the demo.
struct DemoFleet: Service {
    /// Every locale prints its trend caption after every draw whose issue is a multiple of this.
    static let captionEvery = 5
    let codes: [String]
    let masterCode: String
    let localesDir: String
    let drawsWanted: Int?
    let ports: AsyncStream<Int>
    let period: Duration
    let trendOut: String
    private let bundles: [LocaleBundle]
    private let timeZones: [String: TimeZone]

    init(
        codes: [String], masterCode: String, localesDir: String, configDir: String, drawsWanted: Int?, ports: AsyncStream<Int>,
        period: Duration, trendOut: String
    ) throws {
        self.codes = codes
        self.masterCode = masterCode
        self.localesDir = localesDir
        self.drawsWanted = drawsWanted
        self.ports = ports
        self.period = period
        self.trendOut = trendOut
        do {
            // Validate every locale before anything starts, so a bad file stops the demo at once.
            self.bundles = try codes.map { code throws(FileError) in try LocaleBundle.load(code: code, directory: localesDir) }
            self.timeZones = try Self.timeZones(codes: codes, configDir: configDir)
        } catch {
            throw exitForBadFile(error)
        }
    }

    /// The `time_zone` of each locale's config in `configDir`, for the locales that have one.
    static func timeZones(codes: [String], configDir: String) throws(FileError) -> [String: TimeZone] {
        var zones: [String: TimeZone] = [:]
        for code in codes {
            let path = (configDir as NSString).appendingPathComponent("\(code).yaml")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            zones[code] = try BotConfig.load(path: path, environment: [:]).timeZone
        }
        return zones
    }

    func run() async throws {
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { return }
        let url = "http://127.0.0.1:\(port)/api/draws"
        let readers = codes.filter { $0 != masterCode }
        ConsoleOutput.standardOutput.writeIfOpen(
            """
            RedGreen demo: a simulated game at \(url) publishes a draw every \(DurationText.format(period)).
            Master: \(masterCode). Readers: \(readers.joined(separator: ", ")), sharing the master's snapshot in memory. Ctrl-C stops.
            The trend picture of the draws so far is written to \(trendOut) after every draw,
            and every locale prints its caption (🖼) every \(Self.captionEvery) draws.


            """
        )

        let store = InMemorySnapshotStore()
        let progress = DemoProgress(locales: codes, wanted: drawsWanted)
        var bots: [Bot] = []
        for bundle in bundles {
            var config = BotConfig(locale: bundle.code, role: bundle.code == masterCode ? .master : .reader, upstreamURL: url)
            config.localesDirectory = localesDir
            if let zone = timeZones[bundle.code] { config.timeZone = zone }
            config.upstream.pollInterval = bundle.code == masterCode ? min(period / 4, .milliseconds(500)) : .milliseconds(100)
            config.upstream.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
            var parts = BotAssembly.Parts()
            parts.bundle = bundle
            parts.store = store
            parts.ledger = InMemoryDeliveryLedger()
            parts.sinks = [ProgressSink(inner: ConsoleSink(format: .text, prefix: bundle.logPrefix), progress: progress)]
            parts.sinks! += [DemoTrendFile(captionPrefix: bundle.logPrefix, every: Self.captionEvery)]
            if bundle.code == masterCode { parts.sinks! += [DemoTrendFile(path: trendOut)] }
            bots.append(try BotAssembly.make(config: config, parts: parts))
        }
        let fleet = bots
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for bot in fleet { group.addTask { try await bot.service.run() } }
                if drawsWanted != nil {
                    group.addTask { await progress.waitUntilDone() }
                    try await group.next()
                    group.cancelAll()
                } else {
                    try await group.waitForAll()
                }
            }
        }
    }
}

/// Counts each locale's posts and tells when every locale has posted enough.
final class DemoProgress: Sendable {
    private struct State {
        var posted: [String: Int]
        var waiter: CheckedContinuation<Void, Never>?
        var done = false
    }

    private let state: Mutex<State>
    private let wanted: Int?

    init(locales: [String], wanted: Int?) {
        self.wanted = wanted
        self.state = Mutex(State(posted: Dictionary(uniqueKeysWithValues: locales.map { ($0, 0) })))
    }

    func record(_ locale: String) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.posted[locale, default: 0] += 1
            guard let wanted, !state.done, state.posted.values.allSatisfy({ $0 >= wanted }) else { return nil }
            state.done = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func waitUntilDone() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.done { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// Passes posts on and counts them.
struct ProgressSink: MessageSink {
    let inner: any MessageSink
    let progress: DemoProgress
    var name: String { inner.name }
    var format: MessageFormat { inner.format }
    var maxLength: Int? { inner.maxLength }

    func send(_ text: String, of post: Post) async throws {
        try await inner.send(text, of: post)
        progress.record(post.locale)
    }
}

extension DemoFleet: CustomStringConvertible {
    var description: String { "DemoFleet(\(codes.joined(separator: ",")))" }
}
