// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// Writes the issue number (without grouping: `१२३४` for `hi_IN@numbers=deva` with
/// `digits: locale`, `1234` with Latin digits) and counts (as the locale groups them: `1.234` in
/// Vietnamese) with the digits a locale asks for.
public struct DigitWriter: Sendable {
    /// The ten digits, 0 to 9; nil for ASCII digits.
    private let digits: [Character]?
    /// How the formatting locale writes a count.
    private let countStyle: IntegerFormatStyle<Int>
    /// The counts written so far (a message's counts are small and repeat: ICU formats each once).
    private let written = WrittenCounts()

    /// Latin digits when `style` is `.latin`, else those of `locale`'s numbering system.
    public init(style: LocaleStyle.Digits, locale: Locale) {
        countStyle = IntegerFormatStyle<Int>(locale: locale)
        guard style == .locale else {
            digits = nil
            return
        }
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.usesGroupingSeparator = false
        let written = (0...9).map { formatter.string(from: NSNumber(value: $0)) ?? "\($0)" }
        // A locale whose digits are not one character each keeps ASCII digits.
        let single = written.compactMap { $0.count == 1 ? $0.first : nil }
        digits = single.count == 10 && single != Array("0123456789") ? single : nil
    }

    /// A count as the formatting locale writes it (grouped), in ASCII digits unless the locale's
    /// own were asked for.
    public func count(_ number: Int) -> String {
        if let known = written.text(of: number) { return known }
        var text = number.formatted(countStyle)
        if digits == nil {
            text = String(text.map { $0.isWholeNumber && !$0.isASCII ? $0.wholeNumberValue.map { Character(String($0)) } ?? $0 : $0 })
        }
        written.remember(text, of: number)
        return text
    }

    /// The ASCII digits of `text` replaced by the locale's digits; other characters kept.
    public func write(_ text: String) -> String {
        guard let digits else { return text }
        return String(text.map { $0.isASCII && $0.isWholeNumber ? digits[$0.wholeNumberValue!] : $0 })
    }
}

/// The texts of the counts a ``DigitWriter`` wrote, up to `limit` of them.
private final class WrittenCounts: Sendable {
    private static let limit = 256
    private let texts = Mutex<[Int: String]>([:])

    func text(of number: Int) -> String? { texts.withLock { $0[number] } }

    func remember(_ text: String, of number: Int) {
        texts.withLock { texts in
            if texts.count < Self.limit { texts[number] = text }
        }
    }
}
