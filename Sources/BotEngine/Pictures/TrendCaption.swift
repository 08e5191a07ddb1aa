// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import Foundation

/// The trend picture's caption: the locale's `messages.trend` filled with the counts, the runs
/// and the issues the picture covers, every value escaped for the sink's markup. A locale without
/// `messages.trend` posts the picture without a caption (the picture has no words of its own).
package enum TrendCaption {
    /// The names `messages.trend` may use, with what they hold (the localization engine's list).
    package static var placeholders: [String: String] { MessageTemplate.trendPlaceholders }

    /// The caption of `stats` in `bundle`'s language, escaped for `format` (and isolated in a
    /// right-to-left locale, as `messages.result` is), for a bot of game `gameType` (`{{game}}`,
    /// `{{game_type}}`); empty without `messages.trend`.
    package static func render(_ stats: TrendStats, bundle: LocaleBundle, format: MessageFormat, gameType: String) -> String {
        guard let template = bundle.trendTemplate else { return "" }
        // As in `messages.result`: in a right-to-left locale each value is isolated and each line starts with a mark.
        let style = bundle.style
        let game = game(gameType, template: template, bundle: bundle)
        let values = values(stats, bundle: bundle).merging(game) { own, _ in own }.mapValues { style.isolate(format.escape($0)) }
        let variants = rawValues(stats).merging(forms(stats, bundle: bundle)) { a, _ in a }.merging(game) { a, _ in a }
        return style.markLines(template.render(values, variants: variants), format: format)
    }

    /// The picture's alt text of `stats` in `bundle`'s language (`messages.trend_alt`), plain text,
    /// for the upload's description, for a bot of game `gameType`; nil without `messages.trend_alt`.
    package static func altText(_ stats: TrendStats, bundle: LocaleBundle, gameType: String) -> String? {
        guard let template = bundle.trendAltTemplate else { return nil }
        let style = bundle.style
        let game = game(gameType, template: template, bundle: bundle)
        let variants = rawValues(stats).merging(forms(stats, bundle: bundle)) { a, _ in a }.merging(game) { a, _ in a }
        let values = values(stats, bundle: bundle).merging(game) { own, _ in own }.mapValues { style.isolate($0) }
        return style.markLines(template.render(values, variants: variants))
    }

    /// `{{game_type}}`, `{{game}}` and the game's forms `template` asks for, for a bot of game `type`.
    static func game(_ type: String, template: MessageTemplate, bundle: LocaleBundle) -> [String: String] {
        bundle.gameValues(type, forms: template.gameForms).merging(["game_type": type]) { _, tag in tag }
    }

    /// The raw values `{{#match draws plural}}`, `{{#match current_color}}` and variant sections
    /// compare: numbers in ASCII digits, colours by their names (`red`), not by their labels.
    static func rawValues(_ stats: TrendStats) -> [String: String] {
        var raw = [
            "draws": String(stats.draws.count),
            "current_count": String(stats.currentRun?.length ?? 0),
            "longest_count": String(stats.longestRun?.length ?? 0),
        ]
        raw["first_issue"] = stats.draws.first.map { String($0.issue) }
        raw["last_issue"] = stats.draws.last.map { String($0.issue) }
        raw["current_color"] = stats.currentRun?.color.lowercased()
        raw["longest_color"] = stats.longestRun?.color.lowercased()
        return raw
    }

    /// The forms of the current and the longest run's colour (`current_color.gender`), as written.
    static func forms(_ stats: TrendStats, bundle: LocaleBundle) -> [String: String] {
        bundle.formValues("current_color", color: stats.currentRun?.color).merging(bundle.formValues("longest_color", color: stats.longestRun?.color))
        { a, _ in a }
    }

    /// The values of `placeholders` for `stats` in `bundle`'s language, not yet escaped.
    static func values(_ stats: TrendStats, bundle: LocaleBundle) -> [String: String] {
        let numbers = IntegerFormatStyle<Int>(locale: bundle.formattingLocale)
        func label(_ color: String) -> String { bundle.label(forColor: color) ?? color }
        let ordered = bundle.colorOrder.filter { stats.counts[$0] != nil } + stats.countedColors.filter { !bundle.colorOrder.contains($0) }
        let counts = ordered.map { "\(label($0)) \(stats.counts[$0, default: 0].formatted(numbers))" }
        let own: [String: String] = [
            "draws": stats.draws.count.formatted(numbers),
            "first_issue": stats.draws.first.map { String($0.issue) } ?? "",
            "last_issue": stats.draws.last.map { String($0.issue) } ?? "",
            "counts": bundle.countsList.format(counts),
            "current_count": (stats.currentRun?.length ?? 0).formatted(numbers),
            "current_color": stats.currentRun.map { label($0.color) } ?? "",
            "longest_count": (stats.longestRun?.length ?? 0).formatted(numbers),
            "longest_color": stats.longestRun.map { label($0.color) } ?? "",
            "locale_name": bundle.displayName,
        ]
        return forms(stats, bundle: bundle).merging(own) { _, new in new }
    }
}
