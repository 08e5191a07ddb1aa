// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// The YAML alias limit holds whatever a file's line breaks are (issue 19, item 3): the scan
/// split lines at `\n` only, while libyaml also breaks at `\r`, NEL, LS and PS, so aliases joined
/// by `\r` after a comment were one comment line to the scan and were expanded by Yams.
@Suite struct YAMLLineBreakTests {
    /// 27 aliases in three lines after a comment, joined by `separator`.
    static func aliases(joinedBy separator: String) -> String {
        [
            "# nested aliases", "locale: vi", #"a: &a ["x","x","x","x","x","x","x","x","x"]"#, "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        ].joined(separator: separator)
    }

    static let separators = ["\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"]

    @Test(arguments: separators)
    func aConfigOverTheAliasLimitIsRefusedWhateverItsLineBreaks(separator: String) {
        let error = #expect(throws: FileError.self) { try BotConfig.parse(yaml: Self.aliases(joinedBy: separator), file: "bomb.yaml") }
        #expect(error?.message.hasPrefix("more than 16 YAML aliases") == true, "\(String(describing: error))")
        #expect(error?.line == 5)
    }

    @Test(arguments: separators)
    func aLocaleOverTheAliasLimitIsRefusedWhateverItsLineBreaks(separator: String) {
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: Self.aliases(joinedBy: separator), file: "en.yaml", code: "en") }
        #expect(error?.message.hasPrefix("more than 16 YAML aliases") == true, "\(String(describing: error))")
    }

    @Test func mixedLineBreaksAreCountedAsLibyamlCountsThem() {
        let mixed = Self.aliases(joinedBy: "\n").split(separator: "\n").enumerated()
            .map { $0.element + ["\r\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", ""][$0.offset] }.joined()
        let error = #expect(throws: FileError.self) { try BotConfig.parse(yaml: mixed, file: "bomb.yaml") }
        #expect(error?.line == 5)
    }

    @Test(arguments: ["\r", "\r\n"])
    func aConfigWithOtherLineBreaksLoadsAsWithNewlines(separator: String) throws {
        let text = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api\n  poll_interval: 3s\n"
        let config = try BotConfig.parse(yaml: text.replacingOccurrences(of: "\n", with: separator), file: "cr.yaml")
        #expect(config.locale == "vi")
        #expect(config.upstream.pollInterval == .seconds(3))
    }
}
