// SPDX-License-Identifier: Apache-2.0
/// The gettext `Plural-Forms:` header for a language: CLDR's integer plural rules written as
/// gettext's C expression, the categories in CLDR's order (zero, one, two, few, many, other)
/// without the ones that only fractions reach. Only the messages' tools read it (no entry uses
/// `msgstr[n]`); a language not listed gets no header, which PO tools accept.
enum PluralForms {
    static let expressions: [String: String] = [
        // One form: no plural distinction for integers.
        "ja": "nplurals=1; plural=0;", "ko": "nplurals=1; plural=0;", "my": "nplurals=1; plural=0;", "th": "nplurals=1; plural=0;",
        "vi": "nplurals=1; plural=0;", "zh": "nplurals=1; plural=0;", "id": "nplurals=1; plural=0;",
        // one: n = 1; other.
        "en": "nplurals=2; plural=(n != 1);", "ta": "nplurals=2; plural=(n != 1);", "te": "nplurals=2; plural=(n != 1);",
        "mr": "nplurals=2; plural=(n != 1);", "ur": "nplurals=2; plural=(n != 1);", "tr": "nplurals=2; plural=(n != 1);",
        // one: i = 0,1 (0 and 1); other.
        "hi": "nplurals=2; plural=(n > 1);", "bn": "nplurals=2; plural=(n > 1);",
        "fil": "nplurals=2; plural=(n % 10 == 4 || n % 10 == 6 || n % 10 == 9);",
        "pt": "nplurals=3; plural=(n == 0 || n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
        "es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
        "ru": "nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);",
        "he": "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);",
        "ar": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5);",
    ]

    /// The header for locale `code` (`pt-BR` → pt's), nil for a language not listed.
    static func of(_ code: String) -> String? {
        expressions[String(code.split(separator: "-")[0])]
    }
}
