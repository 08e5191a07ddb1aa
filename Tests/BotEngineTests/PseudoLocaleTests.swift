// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import Foundation
import Logging
import Testing

/// `locales pseudo`: en-XA and ar-XB made from the shipped reference load, pass the check, and
/// render every message in every sink format within the chats' limits with every value shown.
@Suite struct PseudoLocaleTests {
    @Test func textIsAccentedLongerAndBracketedWithEverythingTheEngineReadsKept() {
        let text = PseudoLocale.accented.transform("<b>Result:</b> {{value}} &amp; {{#one}}draw{{/one}}", bracket: true)
        #expect(text.hasPrefix("[<b>Ŕéšúĺţ:</b> {{value}} &amp; {{#one}}đŕáŵ{{/one}} "))
        #expect(text.hasSuffix("··]"))
        let literal = "Result:   draw".count
        #expect(text.filter { $0 == "·" }.count == (literal * 2 + 4) / 5)
        #expect(!text.contains("Result") && !text.contains("draw{"))
    }

    /// The digest's list stays on a line of its own, so a long pseudo digest splits as a real one.
    @Test func aLastLineThatIsOneTagAloneStaysAlone() {
        let text = PseudoLocale.accented.transform("{{count}} results:\n{{results}}", bracket: true)
        #expect(text.hasPrefix("[{{count}} ŕéšúĺţš:") && text.hasSuffix("··]\n{{results}}"), "\(text)")
    }

    @Test func mirroredTextRunsRightToLeftAroundWhatItKeeps() {
        let text = PseudoLocale.mirrored.transform("Period {{issue}}: <code>{{value}}</code>", bracket: true)
        #expect(text == "\u{202E}Period \u{202C}{{issue}}\u{202E}: \u{202C}<code>{{value}}</code>")
    }

    /// en.yaml with the two pseudo-locales made from it, in a fresh directory.
    static func generated() throws -> String {
        let directory = try LocaleFiles.directory(["en.yaml": try LocaleFiles.shipped("en")])
        let written = try PseudoLocale.writeAll(reference: "en", directory: directory, to: directory)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["en-XA.yaml", "ar-XB.yaml"])
        return directory
    }

    @Test func bothLoadAndPassTheCheckWithNoProblem() throws {
        let directory = try Self.generated()
        let problems = try LocaleCheck.run(directory: directory, reference: "en")
        #expect(problems.isEmpty, "\(problems)")
        #expect(try LocaleBundle.load(code: "ar-XB", directory: directory).style.direction == .rtl)
        #expect(try LocaleBundle.load(code: "en-XA", directory: directory).style.direction == .ltr)
    }

    @Test(arguments: PseudoLocale.allCases)
    func everyMessageFitsEveryChatWithNoValueLost(pseudo: PseudoLocale) throws {
        let directory = try Self.generated()
        let bundle = try LocaleBundle.load(code: pseudo.rawValue, directory: directory)
        let english = try LocaleBundle.load(code: "en", directory: directory)
        let logger = Logger(label: "test")
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", logger: logger)
        let reference = MessageRenderer(bundle: english, gameType: "RG5M", logger: logger)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        for colors in [["red"], ["green"], ["red", "violet"], ["green", "violet"]] {
            for streak in [1, 2, 5, 21, 101] {
                let draws = PreviewDraws(issue: 1010, value: "98765", colors: colors, streak: streak, time: now, history: bundle.historyLength)
                let stats = TrendStats(draws.window, limit: draws.window.count)
                for format in MessageFormat.allCases {
                    let limit = format == .markdown ? 2000 : 4096
                    let texts = [
                        ("result", renderer.render(draws.draw, seenAt: now, format: format, history: draws.window),
                         reference.render(draws.draw, seenAt: now, format: format, history: draws.window)),
                        ("trend", TrendCaption.render(stats, bundle: bundle, format: format, gameType: "RG5M"),
                         TrendCaption.render(stats, bundle: english, format: format, gameType: "RG5M")),
                        ("board", renderer.renderBoard(draws.draw, history: draws.window, format: format, seenAt: now) ?? "",
                         reference.renderBoard(draws.draw, history: draws.window, format: format, seenAt: now) ?? ""),
                    ]
                    for (message, text, original) in texts {
                        let at = "\(pseudo.rawValue) \(message) \(format) \(colors) streak \(streak)"
                        #expect(text.count <= limit, "\(at): \(text.count) characters")
                        #expect(!text.contains("{{") && !text.contains("}}"), "\(at): \(text)")
                        // Every value the reference shows is shown: its numbers, and each colour symbol as often.
                        for number in Set(original.split(whereSeparator: { !$0.isNumber })) {
                            #expect(text.contains(number), "\(at): '\(number)' of \(original) is lost in \(text)")
                        }
                        for symbol in Set(original.filter(\.isEmoji)) {
                            #expect(text.filter { $0 == symbol }.count >= original.filter { $0 == symbol }.count, "\(at): \(symbol) lost in \(text)")
                        }
                        if pseudo == .accented {
                            #expect(Double(text.count) >= Double(original.count) * 1.2, "\(at): \(text) is not longer than \(original)")
                        }
                    }
                }
            }
        }
    }
}

extension Character {
    fileprivate var isEmoji: Bool { unicodeScalars.contains { $0.properties.isEmojiPresentation } }
}
