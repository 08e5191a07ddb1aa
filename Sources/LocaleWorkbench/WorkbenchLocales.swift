// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import BotSupport
import Foundation
import Logging

/// Every locale of a directory as the workbench shows it: each file loaded (or the error that
/// stopped it), every message rendered for a set of sample draws in each sink's markup, and the
/// problems `locales check` finds, sorted to the message they concern.
package struct WorkbenchLocales: Sendable {
    /// One locale file.
    package struct Entry: Sendable {
        /// The file's code (`vi` for `vi.yaml`).
        package var code: String
        /// The locale's own name, or the code when the file does not load.
        package var name: String
        /// Whether its lines read right to left.
        package var rightToLeft: Bool
        /// Why the file does not load, or nil.
        package var loadError: FileError?
        /// The problems `locales check` reports for this file.
        package var problems: [LocaleProblem]
        /// The rendered samples, message by message (`result`, `trend`, `board`).
        package var messages: [Message]
    }

    /// One message of a locale and what it reads like.
    package struct Message: Sendable {
        /// `result`, `trend` or `board`: the key under `messages`.
        package var key: String
        /// Distinct renderings: what a chat shows, and the sample arguments that give it.
        package var samples: [Sample]
    }

    /// One rendering of a message, in the markup of each chat.
    package struct Sample: Sendable {
        /// The arguments that give this rendering, e.g. `RED 🔴, streak 5`.
        package var arguments: [String]
        /// Telegram's HTML.
        package var telegram: String
        /// Discord's Markdown.
        package var discord: String
    }

    /// The locales, sorted by code, with the reference first.
    package var entries: [Entry]
    /// A problem with the directory itself (no reference locale, unreadable), or nil.
    package var directoryError: String?

    /// The sample arguments: red after runs that reach each CLDR plural category of the shipped
    /// languages (one, two, few, many and other in Arabic, Russian, Hebrew and the rest), then every
    /// other colour and two-colour result alone and after a short run.
    static let sampleArguments: [(colors: [String], streak: Int)] =
        [1, 2, 3, 5, 11, 21, 100, 101].map { (["red"], $0) }
        + [["green"], ["red", "violet"], ["green", "violet"]].flatMap { colors in [1, 3].map { (colors, $0) } }

    /// Loads and renders every locale in `directory`, checked against `reference`; `zones` gives
    /// a locale's bot time zone (UTC when absent); `now` is the sample draws' time.
    package static func load(directory: String, reference: String = "en", zones: [String: TimeZone] = [:], now: Date) -> WorkbenchLocales {
        let codes: [String]
        do {
            codes = try LocaleBundle.availableCodes(in: directory)
        } catch {
            return WorkbenchLocales(entries: [], directoryError: "cannot read \(directory): \(error)")
        }
        var problems: [LocaleProblem] = []
        var directoryError: String?
        do {
            problems = try LocaleCheck.run(directory: directory, reference: reference)
        } catch {
            directoryError = error.description
        }
        let ordered = codes.sorted { ($0 == reference ? 0 : 1, $0) < ($1 == reference ? 0 : 1, $1) }
        let entries = ordered.map { code in
            let path = (directory as NSString).appendingPathComponent("\(code).yaml")
            let own = problems.filter { $0.problem.file == path || ($0.problem.file as NSString).lastPathComponent == "\(code).yaml" }
            return entry(code: code, directory: directory, problems: own, zone: zones[code] ?? .gmt, now: now)
        }
        return WorkbenchLocales(entries: entries, directoryError: directoryError)
    }

    static func entry(code: String, directory: String, problems: [LocaleProblem], zone: TimeZone, now: Date) -> Entry {
        let bundle: LocaleBundle
        do {
            bundle = try LocaleBundle.load(code: code, directory: directory)
        } catch {
            return Entry(code: code, name: code, rightToLeft: false, loadError: error, problems: problems, messages: [])
        }
        var logger = Logger(label: "workbench.\(code)")
        logger.logLevel = .critical
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", timeZone: zone, logger: logger)
        var messages = [Message(key: "result", samples: samples(bundle: bundle, now: now) { draws, format in
            renderer.render(draws.draw, seenAt: now, format: format, history: draws.window)
        })]
        if bundle.trendTemplate != nil {
            messages.append(Message(key: "trend", samples: samples(bundle: bundle, now: now) { draws, format in
                TrendCaption.render(TrendStats(draws.window, limit: draws.window.count), bundle: bundle, format: format, gameType: "RG5M")
            }))
        }
        if bundle.boardTemplate != nil {
            messages.append(Message(key: "board", samples: samples(bundle: bundle, now: now) { draws, format in
                renderer.renderBoard(draws.draw, history: draws.window, format: format, seenAt: now) ?? ""
            }))
        }
        if bundle.digestTemplate != nil {
            messages.append(Message(key: "digest", samples: digestSamples(renderer)))
        }
        return Entry(
            code: code, name: bundle.displayName, rightToLeft: bundle.style.direction == .rtl, loadError: nil,
            problems: problems, messages: messages)
    }

    /// The counts the digest's samples cover: each plural form of the shipped languages once or more.
    static let digestCounts = [1, 2, 3, 11, 21, 22]

    /// `messages.digest` for digests of `digestCounts` results.
    static func digestSamples(_ renderer: MessageRenderer) -> [Sample] {
        digestCounts.map { count in
            let draws = (1...count).map { (n: Int) -> Draw in
                var colors: [String] = [n % 2 == 0 ? "red" : "green"]
                if n % 5 == 0 { colors.append("violet") }
                return Draw(issue: Int64(1000 + n), value: String(n % 10), colors: colors)
            }
            return Sample(
                arguments: ["\(count) results"], telegram: renderer.renderDigest(draws, format: .html) ?? "",
                discord: renderer.renderDigest(draws, format: .markdown) ?? "")
        }
    }

    /// Renders `render` for every sample colour set and streak, keeping each distinct text once
    /// with every argument list that gives it.
    static func samples(bundle: LocaleBundle, now: Date, _ render: (PreviewDraws, MessageFormat) -> String) -> [Sample] {
        var out: [Sample] = []
        var index: [String: Int] = [:]
        for (colors, streak) in sampleArguments {
            let draws = PreviewDraws(issue: 1010, value: "7", colors: colors, streak: streak, time: now, history: bundle.historyLength)
            let telegram = render(draws, .html)
            let label = colors.map { bundle.label(forColor: $0) ?? $0 }.joined(separator: " + ") + ", streak \(streak)"
            if let at = index[telegram] {
                out[at].arguments.append(label)
            } else {
                index[telegram] = out.count
                out.append(Sample(arguments: [label], telegram: telegram, discord: render(draws, .markdown)))
            }
        }
        return out
    }
}
