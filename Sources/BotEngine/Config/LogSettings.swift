// SPDX-License-Identifier: Apache-2.0
/// What a bot logs beyond its events (`log:`).
package struct LogSettings: Sendable, Equatable {
    /// How often the bot logs its one-line summary (`log.summary_interval`).
    package var summaryInterval: Duration = .seconds(300)

    /// Defaults: a summary every 5 minutes.
    package init() {}
}
