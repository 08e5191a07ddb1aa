// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Foundation
import TestHarness
import Testing

/// `locales check`: every problem of every file, against the reference.
@Suite struct LocaleCheckTests {
    static let vi = """
        name: Tiếng Việt
        log_prefix: ""
        formatting_locale: vi_VN
        colors:
          red: "ĐỎ"
          green: "XANH"
          blue: "LAM"
        color_separator: " + "
        color_symbols:
          red: "r"
          green: "g"
          violet: "v"
        plurals:
          streak: "{{count}} kỳ {{cout}}"
        messages:
          result: "{{issue}} {{colors}} {{streak_color}} {{streak}} {{utc_offset}}"

        """

    static let th = """
        name: ไทย
        log_prefix: "[TH]"
        fallback: en
        messages:
          result: "{{issue}} {{colors}} {{history}} {{streak_color}} {{streak}}"

        """

    /// The problems of `files`, leaving out the one-line notice that a file records no
    /// `translated_from` (every file written here has none; `LocaleStalenessTests` checks it).
    func check(_ files: [String: String]) throws -> (dir: String, problems: [String]) {
        let dir = try LocaleFiles.directory(files)
        let problems = try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.key != "translated_from" }
        return (dir, problems.map(\.description))
    }

    /// The shipped locales have no error, and one warning: Vietnamese shows the offset
    /// ({{utc_offset}}, UTC+7) where English shows the zone's name, which is the translator's choice.
    @Test func theShippedLocalesAreClean() throws {
        #expect(
            try LocaleCheck.run(directory: RepoPaths.locales, reference: "en").map(\.description) == [
                "\(RepoPaths.locales)/vi.yaml:32: warning: messages.result: leaves out {{time_zone}}, which the reference "
                    + "\(RepoPaths.locales)/en.yaml shows"
            ])
    }

    @Test func everyProblemOfEveryFileIsReportedInFileAndLineOrder() throws {
        let (dir, problems) = try check([
            "en.yaml": LocaleFiles.full(name: "English", prefix: "[EN]"),
            "ja.yaml": "name: 日本語\ncolors: [\n  red: x\n",
            "th.yaml": Self.th,
            "vi.yaml": Self.vi,
        ])
        let ja = problems.filter { $0.hasPrefix("\(dir)/ja.yaml") }
        #expect(ja.count == 1)
        #expect(ja.first?.contains("YAML syntax error at column") == true)

        let vi = problems.filter { $0.hasPrefix("\(dir)/vi.yaml") }
        #expect(
            vi == [
                "\(dir)/vi.yaml:2: error: log_prefix: must not be empty",
                "\(dir)/vi.yaml:4: error: colors.violet: is required (a label such as 'GREEN 🟢')",
                "\(dir)/vi.yaml:7: warning: colors.blue: is not in the reference \(dir)/en.yaml",
                "\(dir)/vi.yaml:14: error: plurals.streak: unknown placeholder 'cout' (known: color, count, few, many, one, ordinal, other, two, zero)",
                "\(dir)/vi.yaml:16: warning: messages.result: leaves out {{history}}, which the reference \(dir)/en.yaml shows",
            ]
        )

        let th = problems.filter { $0.hasPrefix("\(dir)/th.yaml") }
        #expect(th.count == 8)
        #expect(th.contains("\(dir)/th.yaml: warning: plurals.streak: is missing; the text of \(dir)/en.yaml is used"))
        #expect(th.contains("\(dir)/th.yaml: warning: colors.violet: is missing; the text of \(dir)/en.yaml is used"))
        #expect(problems.count == ja.count + vi.count + th.count, "the reference itself is clean: \(problems)")
    }

    @Test func aMissingKeyWithoutFallbackIsReported() throws {
        let partial = LocaleFiles.full(name: "Deutsch", prefix: "[DE]").replacingOccurrences(of: "color_separator: \" + \"\n", with: "")
        let (dir, problems) = try check(["en.yaml": LocaleFiles.full(), "de.yaml": partial])
        #expect(problems == ["\(dir)/de.yaml: error: color_separator: is missing (\(dir)/en.yaml has it)"])
    }

    @Test func problemsOfTheReferenceAndOfAFallbackAreReportedOnce() throws {
        let brokenEnglish = LocaleFiles.full(result: "{{issue}} {{nope}}")
        let (dir, problems) = try check(["en.yaml": brokenEnglish, "th.yaml": Self.th])
        #expect(problems.filter { $0.contains("'nope'") }.count == 1)
        #expect(problems.first { $0.contains("'nope'") }?.hasPrefix("\(dir)/en.yaml:16: error: messages.result:") == true)
    }

    @Test func nothingToCheckIsAnError() throws {
        #expect(throws: FileError.self) { try LocaleCheck.run(directory: "/nonexistent/Locales", reference: "en") }
        let empty = try LocaleFiles.directory([:])
        #expect(throws: FileError.self) { try LocaleCheck.run(directory: empty, reference: "en") }
        let noReference = try LocaleFiles.directory(["vi.yaml": LocaleFiles.full()])
        let error = #expect(throws: FileError.self) { try LocaleCheck.run(directory: noReference, reference: "en") }
        #expect(error?.description.contains("available: vi") == true)
    }

    @Test func problemsEncodeAsJSONWithLineAndColumn() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(), "ja.yaml": "name: x\ncolors: [\n  red: x\n"])
        let problems = try LocaleCheck.run(directory: dir, reference: "en")
        let data = try JSONEncoder().encode(problems)
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects[0]["file"] as? String == "\(dir)/ja.yaml")
        #expect(objects[0]["code"] as? String == "syntax")
        #expect(objects[0]["line"] as? Int != nil)
        #expect(objects[0]["column"] as? Int != nil)
        #expect(objects[0]["key"] as? String == "")
    }
}
