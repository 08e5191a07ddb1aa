// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A locale's `formatting_locale`: a Foundation locale identifier with optional keywords, checked
/// before use (`ko_KR@hours=h23`, `ar@numbers=latn`, `th_TH@calendar=gregorian`,
/// `hi_IN@numbers=deva;hours=h23`).
///
/// Foundation lists no identifier with keywords among its available ones, so the part before `@`
/// must be a locale Foundation knows and each keyword one it honours, with a value it accepts.
enum FormattingLocale {
    /// The keywords accepted, with their values.
    static let keywords: [String: Set<String>] = [
        "hours": ["h11", "h12", "h23", "h24"],
        "calendar": [
            "gregorian", "buddhist", "japanese", "islamic", "islamic-civil", "islamic-umalqura", "islamic-tbla", "hebrew", "persian",
            "indian", "chinese", "dangi", "coptic", "ethiopic", "roc", "iso8601",
        ],
        "numbers": [
            "latn", "arab", "arabext", "beng", "deva", "gujr", "guru", "knda", "khmr", "laoo", "mlym", "mymr", "orya", "tamldec", "telu",
            "thai", "tibt", "hanidec", "fullwide",
        ],
    ]

    /// The identifier Foundation is given: `-` in the language part becomes `_` (`pt-BR` → `pt_BR`).
    static func identifier(_ written: String) -> String {
        let parts = written.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts[0].replacingOccurrences(of: "-", with: "_")
        return parts.count == 2 ? "\(base)@\(parts[1])" : base
    }

    /// What is wrong with `written`, or nil when Foundation knows it and honours its keywords.
    static func problem(_ written: String) -> String? {
        let parts = identifier(written).split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard Locale.availableIdentifiers.contains(parts[0]) else {
            return "'\(written)' is not a locale Foundation knows (use one such as vi_VN, ja_JP, en_GB, with keywords such as ko_KR@hours=h23)"
        }
        guard parts.count == 2 else { return nil }
        for keyword in parts[1].split(separator: ";", omittingEmptySubsequences: false) {
            let pair = keyword.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let known = keywords.keys.sorted().map { "@\($0)=" }.joined(separator: ", ")
            guard pair.count == 2, let values = keywords[pair[0]] else {
                return "'\(keyword)' in '\(written)' is not a keyword the engine passes on (known: \(known))"
            }
            guard values.contains(pair[1]) else {
                return "'\(pair[1])' is not a value of @\(pair[0]) (one of: \(values.sorted().joined(separator: ", ")))"
            }
        }
        return nil
    }
}
