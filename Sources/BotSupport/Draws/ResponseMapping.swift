// SPDX-License-Identifier: Apache-2.0
/// Where a game API response keeps its draws and how a draw's colours are decided: the
/// `upstream.mapping` and `upstream.colors_by_last_digit` keys of a bot's config, or a preset
/// (`upstream.preset`). Every bot of one game shares it: the master decodes the API with it and
/// readers decode the snapshot's `game_data` with it.
public struct ResponseMapping: Sendable, Equatable {
    /// The array of draws (`upstream.mapping.records`).
    public var records: FieldPath
    /// A draw's issue, an integer or a string of digits (`upstream.mapping.issue`).
    public var issue: FieldPath
    /// A draw's displayed result, a string or a whole number (`upstream.mapping.value`).
    public var value: FieldPath
    /// A draw's colour names, a list or one string (`upstream.mapping.colors`); nil: the colours
    /// come from `colorsByLastDigit`.
    public var colors: FieldPath?
    /// A draw's time, epoch seconds or milliseconds or ISO 8601 (`upstream.mapping.time`);
    /// optional in every draw. Nil: draws carry no time.
    public var time: FieldPath?
    /// Colours by the value's last digit, used when `colors` is nil.
    public var colorsByLastDigit: LastDigitColors
    /// The preset it came from, if any, for messages.
    public var preset: String?

    /// A mapping.
    public init(
        records: FieldPath, issue: FieldPath, value: FieldPath, colors: FieldPath?, time: FieldPath?,
        colorsByLastDigit: LastDigitColors = .original, preset: String? = nil
    ) {
        self.records = records
        self.issue = issue
        self.value = value
        self.colors = colors
        self.time = time
        self.colorsByLastDigit = colorsByLastDigit
        self.preset = preset
    }

    /// The original game's shape, the default: `data.records[]` with `issue`, `value`,
    /// `resultFormatValueI18n` (colour names) and an optional `time`.
    public static let original = ResponseMapping(
        records: FieldPath("data.records")!, issue: FieldPath("issue")!, value: FieldPath("value")!,
        colors: FieldPath("resultFormatValueI18n")!, time: FieldPath("time")!
    )

    /// The config key of each mapped field, for messages.
    public enum Key: String, Sendable, CaseIterable {
        case records, issue, value, colors, time

        /// `upstream.mapping.<key>`.
        public var configKey: String { "upstream.mapping.\(rawValue)" }
    }

    /// The path configured for `key`.
    public func path(_ key: Key) -> FieldPath? {
        switch key {
        case .records: records
        case .issue: issue
        case .value: value
        case .colors: colors
        case .time: time
        }
    }

    /// `upstream.mapping.<key>: <path>`, and the preset it came from: what a message about a
    /// response that does not match names.
    public func describe(_ key: Key) -> String {
        let path = path(key).map(\.description) ?? "null"
        return "\(key.configKey): \(path)" + (preset.map { ", preset \($0)" } ?? "")
    }
}
