// SPDX-License-Identifier: Apache-2.0
import Foundation

/// How a locale writes what the engine inserts: the direction of its lines, its digits, and its
/// date and time formats (`direction`, `digits`, `date_pattern`, `date_skeleton`, `time_pattern`,
/// `time_skeleton` in a locale file). The defaults are those of a left-to-right locale with
/// Latin digits and CLDR's medium date and time styles.
public struct LocaleStyle: Sendable, Equatable {
    /// The direction a locale's lines are read in.
    public enum Direction: String, Sendable, CaseIterable {
        /// Left to right: the text goes out as rendered.
        case ltr
        /// Right to left: each inserted value is isolated (U+2068 … U+2069), each line starts with
        /// a right-to-left mark (U+200F), and the history strip stays in time order, left to right.
        case rtl
    }

    /// The digits the issue number and counts are written with.
    public enum Digits: String, Sendable, CaseIterable {
        /// ASCII digits, whatever the locale (`1234`).
        case latin
        /// The formatting locale's own digits (`hi_IN@numbers=deva` writes `१२३४`).
        case locale
    }

    /// A date or time format: a CLDR pattern written out (`dd/MM/y`) or a skeleton (`yMd`,
    /// `Hms`) that Foundation turns into the locale's own pattern with those fields.
    public enum Format: Sendable, Equatable {
        case pattern(String)
        case skeleton(String)
    }

    /// Left to right unless the locale says `direction: rtl`.
    public var direction: Direction = .ltr
    /// Latin digits unless the locale says `digits: locale`.
    public var digits: Digits = .latin
    /// The date's format; CLDR's medium date style when nil.
    public var date: Format?
    /// The time's format; CLDR's medium time style when nil.
    public var time: Format?

    /// The defaults.
    public init(direction: Direction = .ltr, digits: Digits = .latin, date: Format? = nil, time: Format? = nil) {
        self.direction = direction
        self.digits = digits
        self.date = date
        self.time = time
    }

    /// First strong isolate: starts an inserted value in a right-to-left line.
    public static let firstStrongIsolate: Character = "\u{2068}"
    /// Left-to-right isolate: starts the history strip, which reads in time order.
    public static let leftToRightIsolate: Character = "\u{2066}"
    /// Pop directional isolate: ends an isolated value.
    public static let popDirectionalIsolate: Character = "\u{2069}"
    /// Right-to-left mark: starts each line of a right-to-left message.
    public static let rightToLeftMark: Character = "\u{200F}"

    /// `value` isolated for a right-to-left line (as it is for left to right).
    public func isolate(_ value: String, leftToRight: Bool = false) -> String {
        guard direction == .rtl else { return value }
        let start = leftToRight ? Self.leftToRightIsolate : Self.firstStrongIsolate
        return "\(start)\(value)\(Self.popDirectionalIsolate)"
    }

    /// `text` with a right-to-left mark at the start of each line that has text (as it is for
    /// left to right).
    public func markLines(_ text: String) -> String {
        guard direction == .rtl else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\(Self.rightToLeftMark)\($0)" }
            .joined(separator: "\n")
    }
}
