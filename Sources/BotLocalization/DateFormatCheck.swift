// SPDX-License-Identifier: Apache-2.0
/// Checks a locale's `date_pattern`, `time_pattern`, `date_skeleton` and `time_skeleton`: only
/// CLDR's date field letters outside quotes (`dd/MM/y`, `HH:mm:ss`, `'Ngày' d`), and a skeleton
/// has no literal text at all (`yMd`, `Hms`).
enum DateFormatCheck {
    /// CLDR's date and time field letters (UTS #35, "Date Field Symbol Table").
    static let fieldLetters = Set("GyYuUrQqMLlwWdDFgEecabBhHKkjJCmsSAzZOvVXx")

    /// The longest pattern or skeleton taken, in characters. CLDR's own are under 40; ICU turns a
    /// pattern of a few thousand letters down without a word and formats with the default style,
    /// so a long one is refused here rather than silently replaced.
    static let maxLength = 100

    /// What is wrong with `text` as a pattern (`isSkeleton` false) or a skeleton; nil when fine.
    static func problem(_ text: String, isSkeleton: Bool) -> String? {
        let length = text.count
        if length > maxLength {
            return "is \(length) characters long; a date or time \(isSkeleton ? "skeleton" : "pattern") has at most \(maxLength) "
                + "(such as \(isSkeleton ? "yMd or Hms" : "dd/MM/y or HH:mm:ss"))"
        }
        var quoted = false
        for character in text {
            if character == "'" {
                if isSkeleton { return "a skeleton has only field letters (such as yMd or Hms), no quoted text" }
                quoted.toggle()
                continue
            }
            if quoted { continue }
            if character.isASCII && character.isLetter && !fieldLetters.contains(character) {
                return "'\(character)' is not a CLDR date field letter (quote literal text: 'at' HH:mm)"
            }
            if isSkeleton && !(character.isASCII && character.isLetter) {
                return "a skeleton has only field letters (such as yMd or Hms); '\(character)' is not one"
            }
        }
        return quoted ? "a quote (') is not closed" : nil
    }
}
