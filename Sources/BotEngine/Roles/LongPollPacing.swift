// SPDX-License-Identifier: Apache-2.0
/// How long a reader pauses before its next long poll of a peer: a pure state machine, tested
/// without I/O.
///
/// A long poll that waited (the peer held it until it had a newer snapshot) is followed by the
/// next one at once, so readers post as soon as the lease holder has a draw. One answered at once
/// (a peer that ignores `?wait=`, or answers every poll with a new `ETag`) is followed by a pause
/// of at least ``minimumPause``, doubled for each such answer in a row up to `maximum` (the poll
/// interval): a hostile or broken peer cannot spin a reader, and a healthy one that had a newer
/// snapshot ready costs 100 ms once.
package struct LongPollPacing: Sendable, Equatable {
    /// The pause after a long poll answered at once, the first time.
    package static let minimumPause: Duration = .milliseconds(100)

    /// The longest pause.
    package let maximum: Duration
    /// Long polls answered at once in a row.
    package private(set) var quickInARow = 0

    /// A pacing whose pauses grow up to `maximum` (at least ``minimumPause``).
    package init(maximum: Duration) {
        self.maximum = max(maximum, Self.minimumPause)
    }

    /// The pause before the next long poll, after one that took `elapsed` and brought a new
    /// snapshot: none when the peer waited at least ``minimumPause``, else a growing one.
    package mutating func pause(afterPollThatTook elapsed: Duration) -> Duration {
        if elapsed >= Self.minimumPause {
            quickInARow = 0
            return .zero
        }
        quickInARow += 1
        var pause = Self.minimumPause
        for _ in 1..<min(quickInARow, 32) where pause < maximum { pause *= 2 }
        return min(pause, maximum)
    }
}
