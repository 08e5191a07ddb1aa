// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One draw of the game: its issue (period) number, the result as shown, and its colours.
public struct Draw: Sendable, Equatable, Hashable {
    /// The issue number; draws are ordered by it, never by position in a response.
    public var issue: Int64
    /// The result as the game shows it (`"123"`).
    public var value: String
    /// Colour names as the game API sent them (`["Red", "Violet"]`).
    public var colors: [String]
    /// When the draw happened, if the API says.
    public var time: Date?

    /// Creates a draw.
    public init(issue: Int64, value: String, colors: [String], time: Date? = nil) {
        self.issue = issue
        self.value = value
        self.colors = colors
        self.time = time
    }

    /// `time` in milliseconds since 1970 (what the master's poll schedule learns the draw period
    /// from), if the draw has one that milliseconds in an `Int64` hold (the decoder takes only
    /// times from 1970 to the year 9999).
    public var timeMillis: Int64? {
        time.flatMap { Int64(exactly: ($0.timeIntervalSince1970 * 1000).rounded(.towardZero)) }
    }
}

/// A validated response of the game API: its draws in issue order, and the response verbatim.
public struct DrawFeed: Sendable, Equatable {
    /// The draws, ascending by issue, each issue once.
    public var draws: [Draw]
    /// The response body exactly as received, kept for the snapshot's `game_data`.
    public var raw: [UInt8]

    /// The newest draw.
    public var latest: Draw? { draws.last }

    /// Creates a feed; `draws` must already be sorted and unique (the decoder makes them so).
    public init(draws: [Draw], raw: [UInt8]) {
        self.draws = draws
        self.raw = raw
    }
}
