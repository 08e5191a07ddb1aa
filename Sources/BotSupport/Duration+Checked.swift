// SPDX-License-Identifier: Apache-2.0
extension Duration {
    /// The longest duration a setting may name or a peer may ask for: 365 days. Beyond it a wait or
    /// a time-out means nothing, and its milliseconds (and a wall-clock time plus them) still fit
    /// every integer handed to Redis, libcurl or the clocks.
    package static let longest: Duration = .seconds(365 * 24 * 3600)

    /// `seconds` from outside (a `Retry-After` header, a JSON `retry_after`, a config value) as a
    /// duration, rounded up to whole milliseconds; nil when it is not a number of at least zero
    /// (`nan`, `-1`). Anything longer than `longest` (`1e300`, `inf`) is `longest`: never a trap.
    package static func checkedSeconds(_ seconds: Double) -> Duration? {
        guard !seconds.isNaN, seconds >= 0 else { return nil }
        guard seconds < Double(longest.components.seconds) else { return longest }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// A whole number of `seconds` from outside as a duration; nil when negative, `longest` when longer.
    package static func checkedSeconds(_ seconds: Int64) -> Duration? {
        guard seconds >= 0 else { return nil }
        return min(.seconds(seconds), longest)
    }
}
