// SPDX-License-Identifier: Apache-2.0
/// Colours decided by the last digit of a draw's value, for games whose API sends only a number:
/// `upstream.colors_by_last_digit` in a bot's config. Games disagree on some digits (0 and 5 in
/// particular), so the table is data, never code.
public struct LastDigitColors: Sendable, Equatable {
    /// Colour names by digit 0...9; a digit with no entry has no rule.
    public private(set) var table: [Int: [String]]

    /// The rule of the original game: 0 red and violet, 5 green and violet, other odd digits
    /// green, other even digits red.
    public static let original = LastDigitColors(table: [
        0: ["red", "violet"], 5: ["green", "violet"],
        1: ["green"], 3: ["green"], 7: ["green"], 9: ["green"],
        2: ["red"], 4: ["red"], 6: ["red"], 8: ["red"],
    ])

    /// A table of colour names by digit; digits outside 0...9 and empty entries are dropped.
    public init(table: [Int: [String]]) {
        self.table = table.filter { (0...9).contains($0.key) && !$0.value.isEmpty }
    }

    /// Whether no digit has a rule.
    public var isEmpty: Bool { table.isEmpty }

    /// The colours of `digit`, or nil when no rule names it.
    public func colors(forDigit digit: Int) -> [String]? { table[digit] }

    /// The digits with a rule, as a short text for messages (`0-4, 6-9`).
    public var coveredDigits: String {
        let digits = table.keys.sorted()
        guard !digits.isEmpty else { return "none" }
        var ranges: [String] = []
        var start = digits[0]
        var previous = digits[0]
        for digit in digits.dropFirst() + [Int.max] {
            if digit == previous + 1 {
                previous = digit
                continue
            }
            ranges.append(start == previous ? "\(start)" : "\(start)-\(previous)")
            start = digit
            previous = digit
        }
        return ranges.joined(separator: ", ")
    }
}
