// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Testing

/// Durations as a config spells them (`DurationText`) and their checked arithmetic: moved from
/// ConfigTests and HugeDurationConfigTests (issue 19), which keep what a config makes of them.
@Suite struct DurationTextTests {
    @Test(arguments: [("500ms", 500), ("10s", 10_000), ("5m", 300_000), ("1h", 3_600_000), ("1m30s", 90_000), ("1.5s", 1500)])
    func durations(text: String, millis: Int64) {
        #expect(DurationText.parse(text)?.milliseconds == millis)
    }

    @Test(arguments: ["", "10", "ten s", "5 minutes", "-1s", "10x"])
    func badDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    /// Milliseconds of a duration that do not fit an `Int64` are its bound, not a trap.
    @Test func millisecondsOfAHugeDurationSaturate() {
        #expect(Duration.seconds(Int64.max).milliseconds == .max)
        #expect(Duration.seconds(Int64.min).milliseconds == .min)
        #expect(Duration.milliseconds(1500).milliseconds == 1500)
    }

    @Test(arguments: [
        (Double.infinity, Duration.longest), (.nan, nil), (-1, nil), (-.infinity, nil), (1e300, Duration.longest), (1.5, .milliseconds(1500)),
        (0, .zero),
    ])
    func checkedSecondsAreInRange(_ seconds: Double, expected: Duration?) {
        #expect(Duration.checkedSeconds(seconds) == expected)
    }

    /// Every pair and triple of pieces a config could hold: the parser answers, never traps, and
    /// anything it takes is within a year.
    @Test func noDurationTextTraps() {
        let pieces = [
            "9", "99999999999999999999", String(repeating: "9", count: 400), ".", "0.5", "h", "m", "s", "ms", "1e300", "-", " ", "inf", "nan",
        ]
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    if let value = DurationText.parse(a + b + c) { #expect(value >= .zero && value <= .longest, "\(a + b + c)") }
                }
            }
        }
    }
}
