// SPDX-License-Identifier: Apache-2.0
extension MessageTemplate {
    /// The names `messages.trend` (the trend picture's caption) may use, with what they hold.
    public static let trendPlaceholders: [String: String] = [
        "draws": "how many results the picture shows",
        "first_issue": "the issue number of the oldest result shown",
        "last_issue": "the issue number of the newest result shown",
        "counts": "each colour's label and how many results name it, joined by ' · ' (RED 🔴 48 · GREEN 🟢 45)",
        "current_count": "how many draws in a row the newest result's main colour has come",
        "current_color": "the colour label of the current run",
        "longest_count": "the length of the longest run shown",
        "longest_color": "the colour label of the longest run",
        "locale_name": "the locale's display name",
        "game_type": "the game's type tag from config, such as RG5M",
        "game": "the game's name as the locale's games: section gives it, else its type tag",
    ]

    /// The names `messages.digest` (one message for many missed draws) may use, with what they hold.
    public static let digestPlaceholders: [String: String] = [
        "count": "how many results the digest covers (a number: {{#match count plural}} words it)",
        "first_issue": "the issue number of the oldest result covered",
        "last_issue": "the issue number of the newest result covered",
        "results": "the results covered, oldest first, one line each: issue · value · colour labels",
        "game_type": "the game's type tag from config, such as RG5M",
        "game": "the game's name as the locale's games: section gives it, else its type tag",
        "locale_name": "the locale's display name",
    ]

    /// The placeholders of the message template `messages.<name>`: the result's, the trend
    /// caption's, and both for the live board. Kept here, with the engine, so that loading and
    /// checking a locale needs nothing of the pictures, the board or the sinks that fill them.
    static func placeholders(ofMessage name: String) -> [String: String] {
        switch name {
        case "trend", "trend_alt": trendPlaceholders
        case "digest": digestPlaceholders
        case "board": placeholders.merging(trendPlaceholders) { message, _ in message }
        default: placeholders
        }
    }
}
