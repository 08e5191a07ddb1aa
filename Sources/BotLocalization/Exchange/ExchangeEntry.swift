// SPDX-License-Identifier: Apache-2.0
/// One key of a locale as a translation tool sees it: the reference text, the translation, how
/// current the translation is, and the context a translator needs.
struct ExchangeEntry: Sendable, Equatable {
    /// How a translation stands against the reference, from `locales check`'s stale check.
    enum State: Sendable, Equatable {
        /// The file has no text for the key (a fallback's is used, or none).
        case untranslated
        /// Translated, but from another reference text than today's, or with no record of which.
        case stale
        /// Translated from today's reference text.
        case current
    }

    /// The dotted key (`messages.result`).
    var key: String
    /// The reference text today.
    var source: String
    /// The translation as the file writes it; nil when the file has none.
    var target: String?
    var state: State
    /// The reference text the translation was made from, when it differs from `source` and the
    /// file records it.
    var previousSource: String?
    /// The placeholders' meanings and an example, one line each.
    var notes: [String]
}

/// One key as a translation file brings it back.
struct ImportedEntry: Sendable, Equatable {
    /// The reference text the file shows (the one the translator translated from).
    var source: String
    /// The translation; empty when the file leaves the key untranslated.
    var target: String
    /// Whether the file marks the translation as done against `source`.
    enum Confirmation: Sendable, Equatable {
        /// PO `#, fuzzy`, XLIFF `initial`: the file's record stays as it is.
        case no
        /// XLIFF `translated`: a new text was translated from `source`; an unchanged one keeps its record.
        case ifChanged
        /// PO without `fuzzy`, XLIFF `reviewed` or `final`.
        case yes
    }

    var confirmation: Confirmation
    /// The line of the entry in the file, for errors.
    var line: Int?
}

/// The keys of one translation file, for one locale.
struct ImportedCatalog: Sendable {
    /// The locale the file translates into (`pt-BR`).
    var code: String
    /// The entries by key, in the file's order.
    var entries: [(key: String, entry: ImportedEntry)]
    /// Whether sources and targets are written in ICU MessageFormat (XLIFF) rather than as
    /// templates (PO).
    var isICU: Bool
}
