/// Checks a locale's `date_pattern`, `time_pattern`, `date_skeleton` and `time_skeleton`: only
/// CLDR's date field letters outside quotes (`dd/MM/y`, `HH:mm:ss`, `'Ngày' d`), and a skeleton
/// has no literal text at all (`yMd`, `Hms`).
enum DateFormatCheck {
    /// CLDR's date and time field letters (UTS #35, "Date Field Symbol Table").
    static let fieldLetters = Set("GyYuUrQqMLlwWdDFgEecabBhHKkjJCmsSAzZOvVXx")

    /// What is wrong with `text` as a pattern (`isSkeleton` false) or a skeleton; nil when fine.
    static func problem(_ text: String, isSkeleton: Bool) -> String? {
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
