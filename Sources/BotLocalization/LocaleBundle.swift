// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Everything a translator writes for one language, loaded from `Locales/<code>.yaml` (and the
/// locales it falls back to).
public struct LocaleBundle: Sendable {
    /// The locale code, which is the file's name (`vi` for `vi.yaml`).
    public let code: String
    /// The file it was loaded from.
    public let file: String
    /// The language's own name for itself (`Tiếng Việt`).
    public let displayName: String
    /// Starts every log line of a bot in this locale (`[VI]`).
    public let logPrefix: String
    /// Colour labels by lower-case colour name (`green` → `XANH 🟢`).
    public let colorLabels: [String: String]
    /// Joins the labels of a result with several colours.
    public let colorSeparator: String
    /// The message posted for each draw.
    public let resultTemplate: MessageTemplate
    /// The Foundation locale whose conventions dates, times and numbers follow (`formatting_locale`,
    /// or the code).
    public let formattingLocale: Locale
    /// Direction, digits and date and time formats (`direction`, `digits`, `date_pattern`, …).
    public let style: LocaleStyle
    /// One symbol per lower-case colour name for the `{{history}}` strip (`green` → `🟢`).
    public let colorSymbols: [String: String]
    /// How many results `{{history}}` shows.
    public let historyLength: Int
    /// Counted phrases by name (`streak`), from `plurals:`.
    public let phrases: [String: CountedPhrase]
    /// The locale this one falls back to for keys it lacks (`fallback:`), if any.
    public let fallback: String?
    /// One notice per key this file lacks whose text came from a fallback, naming the file and the
    /// key: a bot logs them once when it starts.
    public let fallbackNotices: [FileError]
    /// The trend picture's caption (`messages.trend`), if the locale (or its fallback) has one.
    public var trendTemplate: MessageTemplate?
    /// The live board's text (`messages.board`), if the locale (or a fallback in its language) has one.
    public var boardTemplate: MessageTemplate?
    /// The trend picture's alt text (`messages.trend_alt`): what the picture shows, in words, for
    /// readers who cannot see it; plain text.
    public var trendAltTemplate: MessageTemplate?
    /// The one message that covers many missed draws (`messages.digest`), posted instead of one
    /// message each past `posting.max_catch_up`; every shipped locale has it.
    public var digestTemplate: MessageTemplate?

    /// The colours every locale must label.
    public static let requiredColors = ["red", "green", "violet"]
    /// The message templates a locale has (`messages.result`).
    public static let messageNames = ["result"]
    /// The message templates a locale may leave out (`messages.trend`, the trend picture's caption;
    /// `messages.board`, the live board, which a sink with `board:` needs; `messages.trend_alt`,
    /// the trend picture's alt text).
    public static let optionalMessageNames = ["trend", "board", "trend_alt"]
    /// The message templates `locales check` requires of every locale, which a bot can still run
    /// without (`messages.digest`: taken from a fallback like `messages.result`; with none, the
    /// missed draws are posted one message each).
    public static let checkedMessageNames = ["digest"]
    /// Every message template a locale file may have.
    public static var allMessageNames: [String] { messageNames + optionalMessageNames + checkedMessageNames }
    /// The counted phrases a locale may have (`plurals.streak`).
    public static let phraseNames = ["streak"]
    /// Results in `{{history}}` when the locale does not set `history_length`.
    public static let defaultHistoryLength = 10

    /// Creates a bundle; `LocaleBundle.load` is the usual way.
    public init(
        code: String, file: String, displayName: String, logPrefix: String, colorLabels: [String: String],
        colorSeparator: String, resultTemplate: MessageTemplate, formattingLocale: Locale? = nil, style: LocaleStyle = LocaleStyle(),
        colorSymbols: [String: String] = [:],
        historyLength: Int = LocaleBundle.defaultHistoryLength, phrases: [String: CountedPhrase] = [:], fallback: String? = nil,
        fallbackNotices: [FileError] = []
    ) {
        self.code = code
        self.file = file
        self.displayName = displayName
        self.logPrefix = logPrefix
        self.colorLabels = colorLabels
        self.colorSeparator = colorSeparator
        self.resultTemplate = resultTemplate
        self.formattingLocale = formattingLocale ?? Locale(identifier: code)
        self.style = style
        self.colorSymbols = colorSymbols
        self.historyLength = historyLength
        self.phrases = phrases
        self.fallback = fallback
        self.fallbackNotices = fallbackNotices
        self.countsList = ListFormat(locale: self.formattingLocale.identifier)
        self.colorsList = ListFormat(separator: colorSeparator)
    }

    /// How `{{counts}}` is joined: CLDR's list patterns of `formattingLocale` (`lists.style`,
    /// standard unless set), or `lists.separator`.
    public var countsList: ListFormat
    /// How `{{colors}}` (a result with two colours) is joined: `color_separator` when the locale
    /// sets one, else as `countsList`.
    public var colorsList: ListFormat
    /// The colours' order in `{{counts}}` (`lists.order`); colours it leaves out follow in the
    /// usual order (red, green, violet, then by name).
    public var colorOrder: [String] = []

    /// The named forms of each colour (`red` → `object` → `красного`, `gender` → `masculine`), for
    /// `{{streak_color.object}}` and `{{#match streak_color.gender}}`.
    public var colorForms: [String: [String: String]] = [:]

    /// The forms of `color` as the values of placeholder `name` (`streak_color.object` →
    /// `красного`), one for every form any colour has, and `label` (`streak_color.label`), the
    /// colour's label; a colour without a form (one the game sends but the locale has no forms
    /// for) shows its label, else its raw name.
    public func formValues(_ name: String, color: String?) -> [String: String] {
        guard let color else { return [:] }
        let label = label(forColor: color) ?? color
        let own = colorForms[color.lowercased()] ?? [:]
        var out = ["\(name).label": label]
        for form in Set(colorForms.values.flatMap(\.keys)) where form != "label" { out["\(name).\(form)"] = own[form] ?? label }
        return out
    }

    /// The locale's names of games (`games:`), by game type tag as written (`RG5M` →
    /// `Red-Green 5 min`): what `{{game}}` shows for a bot of that game.
    public var gameLabels: [String: String] = [:]

    /// The named forms of each game the locale names (`RG5M` → `definite` → `…`), for
    /// `{{game.definite}}` and `{{#match game.gender}}`.
    public var gameForms: [String: [String: String]] = [:]

    /// The values of `{{game}}` and of the forms `forms` asks for (`game.definite`) for a bot of
    /// game `type` (matched case-insensitively): the game's label and forms, a form the game lacks
    /// shows its label, and a game the locale does not name shows `type`, the tag, for every form.
    public func gameValues(_ type: String, forms: Set<String>) -> [String: String] {
        let tag = gameLabels.keys.first { $0.caseInsensitiveCompare(type) == .orderedSame }
        let label = tag.flatMap { gameLabels[$0] } ?? type
        let own = tag.flatMap { gameForms[$0] } ?? [:]
        var out = ["game": label]
        for form in forms { out["game.\(form)"] = form == "label" ? label : own[form] ?? label }
        return out
    }

    /// The label for a colour name from the game API, matched case-insensitively; nil when the
    /// locale has none (the caller shows the raw name).
    public func label(forColor name: String) -> String? {
        colorLabels[name.lowercased()]
    }

    /// The history-strip symbol for a colour name, matched case-insensitively; nil when the
    /// locale has none.
    public func symbol(forColor name: String) -> String? {
        colorSymbols[name.lowercased()]
    }
}
