// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Durations as people write them in config: `250ms`, `10s`, `5m`, `1h`, or a sum such as `1m30s`.
package enum DurationText {
    /// Parses `text`; nil when it is not a duration, or is longer than `Duration.longest`.
    package static func parse(_ text: String) -> Duration? {
        guard let seconds = seconds(text), seconds <= Double(Duration.longest.components.seconds) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// `text` in seconds, whatever its size (`99999999999999999999h` is 3.6e23); nil when it is
    /// not a duration. For telling a duration that is too long from one that is not a duration.
    package static func seconds(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        var total = 0.0
        var rest = Substring(text)
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
            guard !digits.isEmpty, let number = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix(while: { $0.isLetter })
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += number / 1000
            case "s": total += number
            case "m": total += number * 60
            case "h": total += number * 3600
            default: return nil
            }
        }
        return total.isFinite ? total : .infinity
    }

    /// The shortest exact text for `duration` (`1500ms`, `10s`, `5m`).
    package static func format(_ duration: Duration) -> String {
        let ms = duration.milliseconds
        if ms % 3_600_000 == 0 && ms > 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 && ms > 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero; `Int64.max` (or `.min`) when they do not fit.
    package var milliseconds: Int64 {
        let parts = components
        let (whole, overflow) = parts.seconds.multipliedReportingOverflow(by: 1000)
        let (sum, overflowAgain) = whole.addingReportingOverflow(parts.attoseconds / 1_000_000_000_000_000)
        guard !overflow, !overflowAgain else { return parts.seconds < 0 ? .min : .max }
        return sum
    }
}
