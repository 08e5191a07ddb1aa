// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The command line on hostile locale input (issue 27, finding 5): each gets a clear error and an
/// exit status, never a crash or an out-of-memory kill.
@Suite struct LocaleFileBoundsCLITests {
    /// A locale of 1000 nested sections (24 KB) crashed `locales check` and `locales preview` with a
    /// stack overflow; both now name the file, line and key.
    @Test func deeplyNestedSectionsAreAnErrorWithTheirLine() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let english = try String(contentsOfFile: RepoPaths.locales + "/en.yaml", encoding: .utf8)
        let nested = String(repeating: "{{#streak}}", count: 1000) + "{{issue}}" + String(repeating: "{{/streak}}", count: 1000)
        let head = english.components(separatedBy: "\nmessages:")[0]
        try (head + "\nmessages:\n  result: \"\(nested)\"\n").write(toFile: dir + "/en.yaml", atomically: true, encoding: .utf8)
        let line = head.split(separator: "\n", omittingEmptySubsequences: false).count + 2
        let expected = "\(dir)/en.yaml:\(line): error: messages.result: sections nest more than 16 deep"

        let check = try ChildProcess(try BotBinary.require(), ["locales", "check", "--dir", dir])
        #expect(await check.waitForExit(timeout: .seconds(60)) == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains(expected), "\(check.stdout)")

        let preview = try ChildProcess(try BotBinary.require(), ["locales", "preview", "en", "--dir", dir])
        #expect(await preview.waitForExit(timeout: .seconds(60)) == 2, "\(preview.stderr)")
        #expect(preview.stderr.contains("messages.result"), "\(preview.stderr)")
        #expect(preview.stderr.contains("nest more than 16 deep"), "\(preview.stderr)")
    }

    /// `--streak 999999999999` made a window of a trillion draws and was killed for lack of memory.
    @Test func aStreakBeyondWhatABotCanCountIsAUsageError() async throws {
        let child = try ChildProcess(try BotBinary.require(), ["locales", "preview", "en", "--streak", "999999999999"], directory: RepoPaths.root)
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2, "a usage error: \(child.stderr)")
        #expect(child.stderr.contains("--streak must be between 1 and 10000, got 999999999999"), "\(child.stderr)")

        let longest = try ChildProcess(try BotBinary.require(), ["locales", "preview", "en", "--streak", "10000"], directory: RepoPaths.root)
        #expect(await longest.waitForExit(timeout: .seconds(60)) == 0, "\(longest.stderr)")
        #expect(longest.stdout.contains("000 draws in a row"), "10,000 as en_GB writes it: \(longest.stdout)")
    }
}
