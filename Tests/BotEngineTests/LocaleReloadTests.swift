// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Logging
import Testing

/// Replacing a running bot's locale: validated first, swapped as a whole, never torn.
@Suite struct LocaleReloadTests {
    let draw = Draw(issue: 7, value: "207", colors: ["Green"])

    @Test func aReloadedFileIsUsedFromTheNextMessage() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}} {{colors}}")])
        let bundle = try LocaleBundle.load(code: "en", directory: dir)
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        #expect(renderer.render(draw, seenAt: Date()) == "old 7 GREEN")

        try LocaleFiles.full(result: "new {{issue}} {{colors}}").replacingOccurrences(of: "\"GREEN\"", with: "\"VERT\"")
            .write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        let reloaded = try LocaleReloader(renderer: renderer, code: "en", directory: dir).reload()
        #expect(reloaded.label(forColor: "green") == "VERT")
        #expect(renderer.render(draw, seenAt: Date()) == "new 7 VERT")
        #expect(renderer.colorLabels(of: draw) == ["VERT"])
        #expect(renderer.bundle.label(forColor: "green") == "VERT")
    }

    @Test(arguments: [
        (LocaleFiles.full(result: "{{valeu}}"), "messages.result"),
        ("name: [unclosed", ""),
    ])
    func aBrokenFileKeepsTheOldTextsAndSaysWhatIsWrong(broken: String, key: String) throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}}")])
        let renderer = MessageRenderer(bundle: try LocaleBundle.load(code: "en", directory: dir), gameType: "G", logger: Logger(label: "t"))
        try broken.write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: FileError.self) { try LocaleReloader(renderer: renderer, code: "en", directory: dir).reload() }
        #expect(error?.file == "\(dir)/en.yaml")
        #expect(error?.key == key)
        #expect(renderer.render(draw, seenAt: Date()) == "old 7")
    }

    @Test func aMessageIsNeverHalfOldAndHalfNew() async throws {
        let old = try LocaleBundle.parse(yaml: LocaleFiles.full(result: "A {{issue}} {{colors}} {{streak}}"), file: "en.yaml", code: "en")
        let yaml = LocaleFiles.full(streak: "{{count}} B-draws", result: "B {{issue}} {{colors}} {{streak}}")
        let new = try LocaleBundle.parse(yaml: yaml.replacingOccurrences(of: "\"GREEN\"", with: "\"B-GREEN\""), file: "en.yaml", code: "en")
        let renderer = MessageRenderer(bundle: old, gameType: "G", logger: Logger(label: "t"))
        let expected: Set = ["A 7 GREEN 1 draw", "B 7 B-GREEN 1 B-draws"]
        let draw = self.draw
        let texts = await withTaskGroup(of: [String].self) { group in
            group.addTask {
                for index in 0..<2000 { renderer.replace(index % 2 == 0 ? new : old) }
                return []
            }
            for _ in 0..<2 {
                group.addTask { (0..<2000).map { _ in renderer.render(draw, seenAt: Date()) } }
            }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(texts.count == 4000)
        #expect(Set(texts).isSubset(of: expected), "\(Set(texts).subtracting(expected))")
    }
}
