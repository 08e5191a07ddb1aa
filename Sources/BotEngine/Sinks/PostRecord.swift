// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The JSON object that scripts read for a post (console `format: json`, webhook body):
/// `{"locale","issue","value","colors":[...],"text","posted_at_ms"}`.
package struct PostRecord: Codable, Sendable, Equatable {
    /// The bot's locale code.
    package var locale: String
    /// The issue number.
    package var issue: Int64
    /// The result value.
    package var value: String
    /// Lower-case colour names.
    package var colors: [String]
    /// The rendered message.
    package var text: String
    /// When it was posted, in milliseconds since 1970.
    package var postedAtMs: Int64
    /// Webhook sinks with `quiet_hours` only: whether the post falls in them (a receiver that
    /// notifies people should not); absent otherwise.
    package var silent: Bool?
    /// A digest only (`messages.digest`): the issues it covers, oldest first (`issue` is the
    /// newest); absent for one draw's post.
    package var covers: [Int64]?

    enum CodingKeys: String, CodingKey {
        case locale, issue, value, colors, text, postedAtMs = "posted_at_ms", silent, covers
    }

    /// The record of `post`.
    package init(_ post: Post) {
        locale = post.locale
        issue = post.draw.issue
        value = post.draw.value
        colors = post.colorNames
        text = post.text
        postedAtMs = post.postedAtMillis
        covers = post.covered.isEmpty ? nil : post.covered.map(\.issue)
    }

    /// One line of JSON, without a newline.
    package func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
