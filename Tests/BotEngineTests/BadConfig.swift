// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Testing

/// A config text that must be refused with `code`, naming `key` (and saying `mentions`, when
/// given): the cases of the config suites' `@Test(arguments:)`.
struct BadConfig: Sendable, CustomTestStringConvertible {
    var yaml: String
    var key: String
    var code: FileError.Code
    var mentions: String = ""
    var testDescription: String { key }
}
