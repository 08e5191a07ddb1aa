// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging

/// The paths a bad input takes through the engine, for the libFuzzer targets in `Fuzz/` and for
/// the tests that replay their corpora and regressions: a game API response (decode, validate,
/// the master's poll schedule and snapshot, a reader's view of that snapshot, render), a snapshot
/// payload as a reader takes it from Redis (judge, decode, render) and a locale file (parse,
/// validate, compile, render).
///
/// Each returns what the input came to. A refusal is the expected end of a bad input; a crash, or
/// `.broken`, is a defect.
public enum FuzzEntryPoints {
    /// What one input came to on one path.
    public enum Outcome: Sendable, Equatable {
        /// Accepted: the messages rendered from it.
        case accepted(messages: Int)
        /// Refused with this error, as a user would read it.
        case refused(String)
        /// The input broke a promise of the path (a master's snapshot that its readers refuse, draws
        /// out of order): a defect, which a fuzz target reports as a crash.
        case broken(String)
    }

    /// The response mappings a response or a snapshot is decoded with: the default (`original`)
    /// and every preset in `Config/presets/`.
    public static let mappings: [(name: String, mapping: ResponseMapping)] = {
        let directory = RepoPaths.config + "/presets"
        var out: [(name: String, mapping: ResponseMapping)] = [("default", .original)]
        for name in ResponseMapping.availablePresets(in: directory) {
            do {
                out.append((name, try ResponseMapping.loadPreset(path: "\(directory)/\(name).yaml", name: name)))
            } catch {
                preconditionFailure("a shipped preset does not load: \(error)")
            }
        }
        return out
    }()

    /// The shipped reference locale, which response and snapshot draws are rendered in.
    static let english: LocaleBundle = {
        do {
            return try LocaleBundle.load(code: "en", directory: RepoPaths.locales)
        } catch {
            preconditionFailure("Locales/en.yaml does not load: \(error)")
        }
    }()

    /// Now, for every path: a fixed moment, so that an input always takes the same path.
    static let nowMillis: Int64 = 1_795_000_000_000
    static let ttl = Duration.seconds(300)
    static let freshness = Duration.seconds(10)

    /// What a libFuzzer target's `LLVMFuzzerTestOneInput` does: runs `path` on the input and ends
    /// the process when the input broke a promise of it, so that libFuzzer saves it as a crash.
    public static func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int, through path: ([UInt8]) -> [Outcome]) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        for case .broken(let why) in path(bytes) { fatalError(why) }
        return 0
    }

    // MARK: Game API responses

    /// A game API response body, decoded with each mapping of `mappings`, then as far as a valid
    /// one goes: the master learns the draw period from the draws' times, writes the snapshot and
    /// the legacy key, a reader reads both back with the same mapping, and every draw a bot would
    /// post is rendered.
    public static func upstream(_ bytes: [UInt8]) -> [Outcome] {
        mappings.map { upstream(bytes, mapping: $0.mapping) }
    }

    static func upstream(_ bytes: [UInt8], mapping: ResponseMapping) -> Outcome {
        let feed: DrawFeed
        do {
            feed = try DrawDecoder.decode(bytes, mapping: mapping)
        } catch {
            return .refused(error.message)
        }
        if let broken = checkOrder(feed.draws) { return .broken(broken) }
        guard let latest = feed.latest else { return .broken("a response was accepted with no draw") }

        var schedule = PollSchedule(pollIntervalMillis: 2000, burstMillis: 250, freshnessMillis: freshness.milliseconds)
        for draw in feed.draws + [nil] {
            schedule.polled(draw.map { [$0] } ?? feed.draws, startedMillis: nowMillis, answeredMillis: nowMillis)
            _ = schedule.nextDelay(nowMillis: nowMillis)
        }

        let renderer = makeRenderer(english, timeZone: "Asia/Ho_Chi_Minh")
        var snapshot = Snapshot(
            timestamp: nowMillis, feed: feed,
            processed: .init(
                issueNumber: latest.issue, colors: renderer.colorLabels(of: latest).joined(separator: " "), resultFormat: latest.value,
                gameType: "RG5M", lastUpdate: nowMillis
            )
        )
        snapshot.ttlMillis = ttl.milliseconds
        let remaining = ttl.milliseconds - 1000
        for (stored, what) in [
            (StoredSnapshot.primary(snapshot.encoded(), remainingMillis: remaining), "snapshot"),
            (.legacy(feed.raw, remainingMillis: remaining), "legacy key"),
        ] {
            guard case .fresh(let read, _, _, _) = judge(stored, mapping: mapping) else {
                return .broken("the master's \(what) for this response does not read back: \(judge(stored, mapping: mapping))")
            }
            guard read.draws == feed.draws else { return .broken("the master's \(what) reads back other draws than the response's") }
        }
        return .accepted(messages: render(feed.draws, with: renderer))
    }

    // MARK: Snapshots

    /// A snapshot payload as a reader takes it from Redis, judged with each mapping of `mappings`
    /// (aged by its `ttl_ms` and a remaining TTL, then by its timestamp), and under the legacy
    /// key; every draw of a fresh one a bot would post is rendered.
    public static func snapshot(_ bytes: [UInt8]) -> [Outcome] {
        var outcomes: [Outcome] = []
        for (_, mapping) in mappings {
            for stored in [StoredSnapshot.primary(bytes, remainingMillis: ttl.milliseconds - 1000), .primary(bytes, remainingMillis: nil)] {
                outcomes.append(read(stored, mapping: mapping))
            }
        }
        outcomes.append(read(.legacy(bytes, remainingMillis: ttl.milliseconds - 1000), mapping: .original))
        return outcomes
    }

    static func read(_ stored: StoredSnapshot, mapping: ResponseMapping) -> Outcome {
        switch judge(stored, mapping: mapping) {
        case .fresh(let feed, _, _, _):
            if let broken = checkOrder(feed.draws) { return .broken(broken) }
            return .accepted(messages: render(feed.draws, with: makeRenderer(english, timeZone: "Asia/Tokyo")))
        case .stale(let age):
            return .refused("stale (\(age) ms old)")
        case .missing:
            return .broken("a payload was read as missing")
        case .corrupt(let message):
            return .refused(message)
        }
    }

    static func judge(_ stored: StoredSnapshot, mapping: ResponseMapping) -> SnapshotReading {
        SnapshotReading.judge(stored, nowMillis: nowMillis, freshness: freshness, ttl: ttl, mapping: mapping, gameType: "RG5M")
    }

    // MARK: Locales

    /// A locale file's text, loaded as `<code>.yaml` (its `code:` key when it has a plain one,
    /// else `en`) with its fallbacks looked for in `Locales/`, then, when it loads, every sample
    /// draw rendered in every message format and in three zones (UTC, one with a name, one with a
    /// half-hour offset). `file` names the text in errors.
    public static func locale(_ bytes: [UInt8], file: String? = nil) -> Outcome {
        let text = String(decoding: bytes, as: UTF8.self)
        let code = declaredCode(in: text) ?? "en"
        let bundle: LocaleBundle
        do {
            bundle = try LocaleBundle.parse(yaml: text, file: file ?? "fuzz/\(code).yaml", code: code, directory: RepoPaths.locales)
        } catch {
            return .refused(error.description)
        }
        var messages = 0
        for zone in ["UTC", "Asia/Bangkok", "America/St_Johns"] {
            messages += render(sampleDraws, with: makeRenderer(bundle, timeZone: zone))
        }
        return .accepted(messages: messages)
    }

    /// The value of a plain `code: xx` line (letters, digits, `_`, `-`), as the file's name would be.
    static func declaredCode(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("code:") {
            let value = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            let plain =
                !value.isEmpty && value.count <= 16 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            return plain ? value : nil
        }
        return nil
    }

    /// Draws that reach every branch of a message: several colours, an unknown colour, no colour
    /// for the history strip, times from 1970 to the year 9999, no time.
    static let sampleDraws: [Draw] = [
        Draw(issue: 1, value: "0", colors: ["Red", "Violet"], time: Date(timeIntervalSince1970: 0)),
        Draw(issue: 2, value: "5", colors: ["GREEN", "violet"], time: Date(timeIntervalSince1970: 1_740_227_344)),
        Draw(issue: 3, value: "<b>&_*`", colors: ["blue"], time: nil),
        Draw(issue: 4, value: "7", colors: [], time: Date(timeIntervalSince1970: 253_402_300_799)),
        Draw(issue: 999_999_999_999_999_999, value: "9", colors: ["green"], time: Date(timeIntervalSince1970: 1_795_000_000)),
    ]

    // MARK: Shared steps

    /// Nil when `draws` are non-empty and strictly ascending by issue, as the decoder promises.
    static func checkOrder(_ draws: [Draw]) -> String? {
        guard !draws.isEmpty else { return "a feed was accepted with no draw" }
        for (earlier, later) in zip(draws, draws.dropFirst()) where earlier.issue >= later.issue {
            return "draws out of order: issue \(earlier.issue) before \(later.issue)"
        }
        return nil
    }

    static func makeRenderer(_ bundle: LocaleBundle, timeZone: String) -> MessageRenderer {
        let logger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }
        return MessageRenderer(bundle: bundle, gameType: "RG5M", timeZone: TimeZone(identifier: timeZone)!, logger: logger)
    }

    /// Renders what a bot posts of `draws` (at most the newest 10, the default catch-up), each with
    /// the draws as its history, in every message format; the number of messages.
    static func render(_ draws: [Draw], with renderer: MessageRenderer) -> Int {
        let seenAt = Date(timeIntervalSince1970: Double(nowMillis) / 1000)
        var count = 0
        for draw in draws.suffix(10) {
            for format in MessageFormat.allCases {
                _ = renderer.render(draw, seenAt: seenAt, format: format, history: draws)
                count += 1
            }
        }
        return count
    }
}
