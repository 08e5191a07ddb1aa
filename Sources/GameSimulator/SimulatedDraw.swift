// SPDX-License-Identifier: Apache-2.0
/// One draw the simulated game published.
package struct SimulatedDraw: Sendable, Equatable, Codable {
    /// The issue number.
    package var issue: Int64
    /// The result, three digits.
    package var value: String
    /// Colour names as the game API sends them, derived from the value's last digit:
    /// 0 red and violet, 5 green and violet, other odd digits green, other even digits red.
    package var colors: [String]
    /// When it was published, in milliseconds since 1970.
    package var publishedAtMillis: Int64

    /// The colours of `value` by the rule above.
    package static func colors(for value: String) -> [String] {
        guard let last = value.last?.wholeNumberValue else { return ["Red"] }
        switch last {
        case 0: return ["Red", "Violet"]
        case 5: return ["Green", "Violet"]
        case let digit where digit % 2 == 1: return ["Green"]
        default: return ["Red"]
        }
    }

    enum CodingKeys: String, CodingKey {
        case issue, value, colors = "resultFormatValueI18n", publishedAtMillis = "time"
    }
}

/// A small deterministic random generator (SplitMix64), so a seeded simulator (or a test's
/// generated inputs) repeats itself.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A generator whose sequence `seed` decides.
    package init(seed: UInt64) { state = seed }
    /// The next number of the sequence.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
