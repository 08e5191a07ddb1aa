// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Foundation
import Logging
import BotLocalization

/// One locale's messages for `locales preview`: the result, the trend caption and the board for
/// the draw described, and with `--all-branches` once more for each value of the streak, the
/// number of draws and the main colour that shows another branch of a plural or select.
struct LocalePreview {
    /// What the translator describes: the draw, its run, and the draws the caption counts.
    struct Arguments {
        var issue: Int64
        var value: String
        var colors: [String]
        var streak: Int
        var time: Date
        var draws: Int?
        var counts: [String: Int]?

        /// The draw and the window before it.
        func window(history: Int) -> PreviewDraws {
            if let counts {
                return PreviewDraws(issue: issue, value: value, colors: colors, streak: streak, time: time, counts: counts)
            }
            return PreviewDraws(issue: issue, value: value, colors: colors, streak: streak, time: time, history: max(history, draws ?? 100))
        }

        /// How many draws the caption counts.
        var limit: Int { draws ?? counts.map { $0.values.reduce(0, +) } ?? 100 }
    }

    let bundle: LocaleBundle
    let renderer: MessageRenderer
    let format: MessageFormat
    /// The config's `game_type`, for `{{game}}` and `{{game_type}}`.
    let gameType: String

    init(bundle: LocaleBundle, zone: TimeZone, gameType: String, format: MessageFormat) {
        self.bundle = bundle
        self.gameType = gameType
        self.renderer = MessageRenderer(bundle: bundle, gameType: gameType, timeZone: zone, logger: Logger(label: bundle.logPrefix))
        self.format = format
    }

    /// `message` (result, trend, board) for `arguments`; a line saying so when the locale has none.
    func render(_ message: String, _ arguments: Arguments) -> String {
        let draws = arguments.window(history: bundle.historyLength)
        switch message {
        case "trend":
            guard bundle.trendTemplate != nil else { return "(\(bundle.file) has no messages.trend)" }
            return TrendCaption.render(TrendStats(draws.window, limit: arguments.limit), bundle: bundle, format: format, gameType: gameType)
        case "board":
            let window = Array(draws.window.suffix(arguments.limit))
            return renderer.renderBoard(draws.draw, history: window, format: format, seenAt: arguments.time)
                ?? "(\(bundle.file) has no messages.board)"
        default:
            return renderer.render(draws.draw, seenAt: arguments.time, format: format, history: draws.window)
        }
    }

    /// `message` under a `== code · message ==` heading, then with `allBranches` each variation under its own.
    func section(_ message: String, _ arguments: Arguments, allBranches: Bool) -> String {
        var out = "== \(bundle.code) · \(message) ==\n" + render(message, arguments) + "\n"
        guard allBranches else { return out }
        for (label, varied) in variations(of: message, arguments) {
            out += "== \(bundle.code) · \(message) · \(label) ==\n" + render(message, varied) + "\n"
        }
        return out
    }

    /// The placeholders each argument sets, as the templates name them.
    private static let streakNames = ["streak_count", "current_count", "count"]
    private static let colorNames = ["streak_color", "current_color", "color"]

    /// Each value of the streak, the draws counted and the main colour that some branch of the
    /// message (or of the `{{streak}}` phrase it uses) is for, one argument changed at a time.
    func variations(of message: String, _ arguments: Arguments) -> [(String, Arguments)] {
        var samples: [String: [String]] = [:]
        for template in templates(of: message) {
            samples.merge(template.branchSamples(colors: LocaleBundle.requiredColors, lowest: 1)) { $0 + $1.filter { !$0.isEmpty } }
        }
        func values(_ names: [String]) -> [String] {
            var seen: [String] = []
            for value in names.flatMap({ samples[$0] ?? [] }) where !seen.contains(value) { seen.append(value) }
            return seen
        }
        let rules = templates(of: message).first?.cardinalRules
        func counted(_ value: Int) -> String { rules.map { "\(value) (\($0.category(for: value).rawValue))" } ?? String(value) }
        var out: [(String, Arguments)] = []
        for value in values(Self.streakNames).compactMap(Int.init) where (1...PreviewDraws.maxStreak).contains(value) && value != arguments.streak {
            var varied = arguments
            varied.streak = value
            if var counts = varied.counts {
                counts[varied.colors[0].lowercased()] = max(counts[varied.colors[0].lowercased(), default: 0], value); varied.counts = counts
            }
            out.append(("streak \(counted(value))", varied))
        }
        for value in values(["draws"]).compactMap(Int.init) where (1...PreviewDraws.maxStreak).contains(value) && value != arguments.limit {
            var varied = arguments
            (varied.draws, varied.counts) = (value, nil)
            varied.streak = min(varied.streak, value)
            out.append(("draws \(counted(value))", varied))
        }
        for color in values(Self.colorNames) where color.lowercased() != arguments.colors.first?.lowercased() {
            var varied = arguments
            varied.colors = [color.lowercased()]
            varied.counts = nil
            out.append(("colour \(color.lowercased())", varied))
        }
        return out
    }

    /// The templates a message is made of: its own, and the `{{streak}}` phrase's when it uses one.
    private func templates(of message: String) -> [MessageTemplate] {
        let own: MessageTemplate? =
            switch message {
            case "trend": bundle.trendTemplate
            case "board": bundle.boardTemplate
            default: bundle.resultTemplate
            }
        guard let own else { return [] }
        let phrases = LocaleBundle.phraseNames.filter(own.names.contains).compactMap { bundle.phrases[$0]?.template }
        return [own] + phrases
    }
}
