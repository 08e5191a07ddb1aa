// SPDX-License-Identifier: Apache-2.0
@testable import BotLocalization
@testable import BotSupport
import Foundation
import TestHarness
import Testing

/// `locales export` and `import`: every shipped locale round-trips through PO and XLIFF byte for
/// byte, an edited file comes back as a checked locale file, and a broken one writes nothing.
@Suite struct TranslationExchangeTests {
    /// A copy of the shipped Locales directory.
    static func shippedCopy() throws -> String {
        let copy = NSTemporaryDirectory() + "redgreen-exchange-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: RepoPaths.locales, toPath: copy)
        return copy
    }

    static func file(_ directory: String, _ code: String) throws -> String {
        try String(contentsOfFile: "\(directory)/\(code).yaml", encoding: .utf8)
    }

    /// `ru` of a copy of the shipped locales exported as `format`, with `old` replaced by `new`
    /// in the exported file (which must have it); the copy and the file's path.
    static func editedExport(_ format: TranslationExchange.Format, replacing old: String, with new: String) throws -> (dir: String, path: String) {
        let dir = try shippedCopy()
        let path = try TranslationExchange.export(format: format, codes: ["ru"], directory: dir, reference: "en", to: dir + "/out")[0]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test(arguments: TranslationExchange.Format.allCases)
    func aRoundTripLeavesEveryShippedFileByteIdentical(format: TranslationExchange.Format) throws {
        let dir = try Self.shippedCopy()
        let codes = try LocaleBundle.availableCodes(in: dir)
        #expect(codes.count >= 22)
        let written = try TranslationExchange.export(format: format, codes: [], directory: dir, reference: "en", to: dir + "/out")
        #expect(written.count == codes.count - 1)
        for path in written {
            let summary = try TranslationExchange.importFile(path, directory: dir, reference: "en")
            #expect(summary.changed.isEmpty && summary.recorded.isEmpty, "\(path): \(summary)")
        }
        for code in codes {
            #expect(try Self.file(dir, code) == Self.file(RepoPaths.locales, code), "\(code).yaml changed in a \(format) round trip")
        }
    }

    /// Each shipped template read back from its ICU form renders as the original does, for every
    /// count and run length tried.
    @Test func icuReadBackRendersEveryShippedTemplateAsWritten() throws {
        let dir = try Self.shippedCopy()
        for code in try LocaleBundle.availableCodes(in: dir) {
            let original = try Self.file(dir, code)
            let source = LocaleLoad.read(path: "\(dir)/\(code).yaml", code: code)
            var converted = original
            for (key, entry) in source.entries where ICUMessage.placeholders(of: key) != nil {
                let icu = ICUMessage.write(entry.text, key: key)
                let back = try ICUMessage.read(icu)
                #expect(ICUMessage.write(back, key: key) == icu, "\(code) \(key): \(back)")
                converted = try YAMLTextEdit.setting(key, to: back, in: converted, file: "\(code).yaml", code: code)
            }
            let before = try LocaleBundle.parse(yaml: original, file: "\(code).yaml", code: code, directory: dir)
            let after = try LocaleBundle.parse(yaml: converted, file: "\(code).yaml", code: code, directory: dir)
            for count in 0...125 {
                let streak: (LocaleBundle) -> String? = {
                    $0.phrases["streak"]?.render(count: count, values: ["color": "R"], variants: ["color": "red"])
                }
                #expect(streak(before) == streak(after), "\(code) plurals.streak for \(count)")
            }
            for run in ["1", "2", "5"] {
                var values: [String: Any] = ExchangeNotes.example
                values["streak_count"] = run
                var variants = ExchangeNotes.exampleVariants
                variants["streak_count"] = run
                #expect(
                    before.resultTemplate.render(values, variants: variants) == after.resultTemplate.render(values, variants: variants),
                    "\(code) result")
            }
        }
    }

    @Test func anEditedPOFileWritesOnlyTheChangedTexts() throws {
        let (dir, po) = try Self.editedExport(.po, replacing: "msgstr \"КРАСНЫЙ 🔴\"", with: "msgstr \"АЛЫЙ 🔴\"")
        let summary = try TranslationExchange.importFile(po, directory: dir, reference: "en")
        #expect(summary.changed == ["colors.red"])
        let before = try Self.file(RepoPaths.locales, "ru"), after = try Self.file(dir, "ru")
        #expect(after == before.replacingOccurrences(of: "red: \"КРАСНЫЙ 🔴\"", with: "red: \"АЛЫЙ 🔴\""))
        #expect(try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.file.hasSuffix("ru.yaml") }.isEmpty)
    }

    /// A colour or a game written with forms gets its new label in its place: its forms, and every
    /// other byte of the file, stay as written, in a flow mapping (`{label: …, subject: …}`) and in
    /// a block one alike.
    @Test(arguments: TranslationExchange.Format.allCases)
    func aNewLabelOfAWordWithFormsKeepsItsForms(format: TranslationExchange.Format) throws {
        let dir = try Self.shippedCopy()
        let flow = "  violet: {label: \"보라 🟣\", subject: \"🟣 보라가\", object: \"🟣 보라를\"}\n"
        let block = "  violet:\n    label: 보라 🟣\n    subject: \"🟣 보라가\"\n    object: '🟣 보라를'\n"
        let ko = try Self.file(dir, "ko").replacingOccurrences(of: flow, with: block)
        try #require(ko.contains(block))
        try ko.write(toFile: "\(dir)/ko.yaml", atomically: true, encoding: .utf8)
        let ru = try Self.file(dir, "ru")
        let paths = try TranslationExchange.export(format: format, codes: ["ko", "ru"], directory: dir, reference: "en", to: dir + "/out")
        let (open, close) = format == .po ? ("msgstr \"", "\"") : ("<target>", "</target>")
        let edits = [("빨강 🔴", "빨간색 🔴"), ("보라 🟣", "자주 🟣"), ("Красно-зелёная 5 мин", "Красно-зелёная, 5 минут")]
        for path in paths {
            var text = try String(contentsOfFile: path, encoding: .utf8)
            for (old, new) in edits where text.contains(open + old + close) {
                text = text.replacingOccurrences(of: open + old + close, with: open + new + close)
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(try TranslationExchange.importFile(paths[0], directory: dir, reference: "en").changed.sorted() == ["colors.red", "colors.violet"])
        #expect(try TranslationExchange.importFile(paths[1], directory: dir, reference: "en").changed == ["games.RG5M"])
        let koAfter = ko.replacingOccurrences(of: "red: {label: \"빨강 🔴\",", with: "red: {label: \"빨간색 🔴\",")
            .replacingOccurrences(of: "    label: 보라 🟣\n", with: "    label: \"자주 🟣\"\n")
        #expect(try Self.file(dir, "ko") == koAfter)
        let ruAfter = ru.replacingOccurrences(of: "{label: \"Красно-зелёная 5 мин\",", with: "{label: \"Красно-зелёная, 5 минут\",")
        #expect(try Self.file(dir, "ru") == ruAfter)
        let bundle = try LocaleBundle.load(code: "ko", directory: dir)
        #expect(bundle.label(forColor: "violet") == "자주 🟣" && bundle.colorForms["violet"]?["object"] == "🟣 보라를")
    }

    /// Setting the label of a word with forms replaces the label's own text whatever its quoting
    /// (plain, single-quoted with a doubled quote, a block scalar), and no other byte.
    @Test func aLabelIsSetInPlaceWhateverItsQuoting() throws {
        let text = """
            colors:
              Red: {label: RED 🔴 , object: "of red", gender: feminine}   # a chip
              green: {object: 'of green', label: 'it''s green', gender: masculine}
              violet:
                label: |-
                  VIOLET
                  🟣
                object: of violet
            games:
              RG5M: {Label: "R-G 5", definite: the R-G 5}

            """
        func set(_ key: String, _ value: String) throws -> String {
            try YAMLTextEdit.setting(key, to: value, in: text, file: "xx.yaml", code: "xx")
        }
        #expect(try set("colors.red", "ALY") == text.replacingOccurrences(of: "{label: RED 🔴 ,", with: "{label: \"ALY\" ,"))
        #expect(try set("colors.green", "a \"green\"") == text.replacingOccurrences(of: "'it''s green'", with: "\"a \\\"green\\\"\""))
        #expect(try set("colors.violet", "LILAC") == text.replacingOccurrences(of: "label: |-\n      VIOLET\n      🟣\n", with: "label: \"LILAC\"\n"))
        #expect(try set("games.RG5M", "Red-Green") == text.replacingOccurrences(of: "\"R-G 5\"", with: "\"Red-Green\""))
    }

    @Test func anImportThatBreaksTheFileIsRefusedWithTheChecksProblemsAndWritesNothing() throws {
        let (dir, po) = try Self.editedExport(.po, replacing: "msgstr \"выпадает {{count}}", with: "msgstr \"{{#one}}выпадает {{count}}")
        do {
            _ = try TranslationExchange.importFile(po, directory: dir, reference: "en")
            Issue.record("the import was not refused")
        } catch let refusal as TranslationExchange.Refusal {
            let lines = refusal.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("\(dir)/ru.yaml:22: error: plurals.streak") }, "\(lines)")
        }
        #expect(try Self.file(dir, "ru") == Self.file(RepoPaths.locales, "ru"))
    }

    @Test func aChangedICUMessageComesBackAsAMatchBlock() throws {
        let (dir, path) = try Self.editedExport(
            .xliff, replacing: "<target>выпадает {count} {count, plural, one {раз} few {раза} many {раз} other {раза}} подряд</target>",
            with: "<target>{count, plural, one {# раз} few {# раза} other {# раз}} подряд, ''ура''</target>")
        #expect(try TranslationExchange.importFile(path, directory: dir, reference: "en").changed == ["plurals.streak"])
        let written = try Self.file(dir, "ru")
        #expect(
            written.contains("streak: \"{{#match count plural}}{{one}}{{count}} раз{{few}}{{count}} раза{{*}}{{count}} раз{{/match}} подряд, 'ура'\"")
        )
        #expect(try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.file.hasSuffix("ru.yaml") && $0.severity == .error }.isEmpty)
        let bundle = try LocaleBundle.load(code: "ru", directory: dir)
        #expect(bundle.phrases["streak"]?.render(count: 3, values: ["count": "3"], variants: [:]) == "3 раза подряд, 'ура'")
    }

    /// A key the locale takes from its fallback (pt-BR from pt), translated in the tool, is added
    /// to the file, in a section of its own, and recorded.
    @Test func aKeyTranslatedForTheFirstTimeIsAddedAndRecorded() throws {
        let dir = try Self.shippedCopy()
        let path = try TranslationExchange.export(format: .xliff, codes: ["pt-BR"], directory: dir, reference: "en", to: dir + "/out")[0]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let untranslated = "<segment state=\"initial\">\n        <source>RED 🔴</source>\n"
        try #require(text.contains(untranslated))
        try text.replacingOccurrences(
            of: untranslated, with: "<segment state=\"translated\">\n        <source>RED 🔴</source>\n        <target>ENCARNADO 🔴</target>\n"
        )
        .write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try TranslationExchange.importFile(path, directory: dir, reference: "en")
        #expect(summary.changed == ["colors.red"] && summary.recorded == ["colors.red"])
        let written = try Self.file(dir, "pt-BR")
        #expect(written.hasPrefix(try Self.file(RepoPaths.locales, "pt-BR").components(separatedBy: "# The reference texts")[0]))
        #expect(written.contains("colors:\n  red: \"ENCARNADO 🔴\"\n"))
        #expect(written.contains("  colors.red:\n    text: \"RED 🔴\"\n  messages.board:\n    text: |-\n      📋 {{game}} · Live board\n"))
        #expect(try LocaleBundle.load(code: "pt-BR", directory: dir).colorLabels["red"] == "ENCARNADO 🔴")
        #expect(try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.file.hasSuffix("/pt-BR.yaml") }.isEmpty)
    }

    @Test func anICUTextThatDoesNotReadIsAnErrorNamingTheFileAndKey() throws {
        let (dir, path) = try Self.editedExport(
            .xliff, replacing: "<target>выпадает {count} {count, plural, one {раз} few {раза} many {раз} other {раза}} подряд</target>",
            with: "<target>выпадает {count, plural, one {раз} other {раза}</target>")
        #expect {
            try TranslationExchange.importFile(path, directory: dir, reference: "en")
        } throws: { error in
            guard let error = error as? FileError else { return false }
            return error.file == path && error.key == "plurals.streak" && error.message.contains("is not ICU MessageFormat")
        }
        #expect(try Self.file(dir, "ru") == Self.file(RepoPaths.locales, "ru"))
    }
}
