// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
extension MessageRenderer {
    /// The separator between an item's issue, value and colour labels in `{{results}}`.
    static let digestItemSeparator = " · "

    /// `messages.digest` for `draws` (ascending by issue): one message covering them all, nil when
    /// the locale has no digest or `draws` is empty. `{{results}}` lists them oldest first, one line
    /// each (`issue · value · colour labels`, every value escaped for `format`), so a digest split
    /// at a chat's length limit on line boundaries leaves every part's markup whole.
    package func renderDigest(_ draws: [Draw], format: MessageFormat = .plain) -> String? {
        let texts = current.withLock { $0 }
        let bundle = texts.bundle
        guard let template = bundle.digestTemplate, let first = draws.first, let last = draws.last else { return nil }
        let style = bundle.style
        func inserted(_ text: String) -> String { style.isolate(format.escape(text)) }
        let lines = draws.map { draw in
            let colors = colorLabels(of: draw, bundle: bundle).joined(separator: bundle.colorSeparator)
            return [texts.digits.write(String(draw.issue)), draw.value, colors].map(inserted).joined(separator: Self.digestItemSeparator)
        }
        var values: [String: Any] = [:]
        for name in template.names {
            switch name {
            case "count": values[name] = inserted(texts.digits.count(draws.count))
            case "first_issue": values[name] = inserted(texts.digits.write(String(first.issue)))
            case "last_issue": values[name] = inserted(texts.digits.write(String(last.issue)))
            case "results": values[name] = lines.joined(separator: "\n")
            case "game_type": values[name] = inserted(gameType)
            case "locale_name": values[name] = inserted(bundle.displayName)
            default: break
            }
        }
        let game = bundle.gameValues(gameType, forms: template.gameForms)
        values.merge(game.mapValues(inserted)) { _, new in new }
        let variants = [
            "count": String(draws.count), "first_issue": String(first.issue), "last_issue": String(last.issue), "game_type": gameType,
        ].merging(game) { a, _ in a }
        return style.markLines(template.render(values, variants: variants), format: format)
    }
}
