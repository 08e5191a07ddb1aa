// SPDX-License-Identifier: Apache-2.0
/// The JSON shape the simulated game API answers in: games of this kind publish the same facts
/// under different shapes.
package enum SimulatorShape: String, Sendable, CaseIterable {
    /// The original game: `{"code":0,"msg":"Succeed","data":{"records":[{"issue":1009,"value":"207",
    /// "resultFormatValueI18n":["Green"],"time":…}]}}`, newest first.
    case original
    /// A common other shape: `{"code":0,"msg":"Succeed","data":{"list":[{"issueNumber":"1009","number":"7"}]}}`,
    /// newest first, with no colour names: `number` is the last digit of the draw's value, and
    /// a client decides colours from it.
    case list
    /// The original game's records as the project's first bots read them (`../shared/seed`):
    /// `{"issue":1009,"value":"207","resultFormatValueI18n":["Green"]}`, with no `time`, so a
    /// master learns when draws appear from its own polls.
    case untimed
}
