// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

/// The worked examples of docs/games.md, "Pointing the fleet at a new game", load and decode what
/// they say they decode, so the documentation cannot drift from the code.
@Suite struct DocsGameExampleTests {
    /// The text of the docs page `docs/<page>`.
    static func page(_ page: String) throws -> String {
        try String(contentsOfFile: RepoPaths.root + "/docs/" + page, encoding: .utf8)
    }

    /// The fenced blocks of `language` in the section `title` of the docs page `page`.
    static func blocks(_ language: String, inSection title: String, of page: String = "games.md") throws -> [String] {
        let text = try Self.page(page)
        let start = try #require(text.range(of: "\n## \(title)\n"), "docs/\(page) has no section '\(title)'")
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return section.components(separatedBy: "```\(language)\n").dropFirst().map { String($0.components(separatedBy: "\n```").first!) }
    }

    @Test func thePresetExampleLoads() throws {
        let yaml = try #require(try Self.blocks("yaml", inSection: "Pointing the fleet at a new game").first)
        let config = try BotConfig.parse(yaml: yaml, file: RepoPaths.config + "/rg1m-en.yaml")
        #expect(config.gameType == "RG1M")
        #expect(config.shared.key == "fivem_red_green_shared_data:RG1M")
        #expect(config.upstream.mapping.preset == "list")
        #expect(config.upstream.mapping.colorsByLastDigit.colors(forDigit: 0) == ["red"])
        #expect(config.upstream.mapping.colorsByLastDigit.colors(forDigit: 5) == ["green"])
        let body = #"{"code":0,"msg":"Succeed","data":{"list":[{"issueNumber":"20260101100051","number":"5"}]}}"#
        #expect(try DrawDecoder.decode(Array(body.utf8), mapping: config.upstream.mapping).latest?.colors == ["green"])
    }

    @Test func theCustomMappingExampleDecodesItsResponse() throws {
        let yaml = try #require(try Self.blocks("yaml", inSection: "Pointing the fleet at a new game").dropFirst().first)
        let json = try #require(try Self.blocks("json", inSection: "Pointing the fleet at a new game").first { $0.contains("\"result\"") })
        let config = try BotConfig.parse(yaml: "locale: en\nrole: master\n" + yaml, file: RepoPaths.config + "/other.yaml")
        let draw = try DrawDecoder.decode(Array(json.utf8), mapping: config.upstream.mapping).latest
        #expect(draw == Draw(issue: 88, value: "3", colors: ["green"], time: Date(timeIntervalSince1970: 1_740_227_344)))
    }
}
