// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import Foundation
import TestHarness
import Testing

/// Real translation tools read what `redgreen-bot locales export` writes: gettext's `msgfmt
/// --check` and translate-toolkit (`pofilter`, `translate.storage.po`) the PO files; XLIFF 2.0,
/// which Debian's translate-toolkit 3.8 does not read (it finds no unit in one), translate-toolkit
/// 3.20 from PyPI (`translate.storage.xliff2`, as Weblate reads it), `xmllint` and a script of
/// the XLIFF 2.0 core structure. `make test` installs the tools (gettext, translate-toolkit,
/// libxml2-utils, and the PyPI translate-toolkit in `.build/translate-toolkit`, named by
/// `TRANSLATE_TOOLKIT_PYTHON`); a missing one fails the test.
@Suite struct TranslationToolTests {
    /// The pofilter tests run: those about what a bot would post wrongly (a lost or changed
    /// escape, line break, tab, tag, address, number, blank text), and `variables` with the
    /// Mozilla checker's settings, the ones that know `{{placeholder}}` (a lost placeholder).
    /// Plural phrases are left out of `variables`: their sections are the language's CLDR
    /// categories (`{{#few}}`), different by design and checked by `locales check`. Left out: the
    /// style checks (capitals, punctuation, spacing, length), `brackets` (translations add
    /// parentheses: `Последние результаты ({{draws}})`), start/end whitespace and `purepunc`
    /// (ja and zh-Hans separate colours with `・`, `、`, not ` + `), `untranslated` (pt-BR takes
    /// most texts from pt by its fallback) and `unchanged` (emoji and `{{…}}`-only texts).
    static let pofilterTests = [
        "blank", "escapes", "newlines", "tabs", "printf", "pythonbraceformat", "xmltags", "emails", "urls", "filepaths",
        "nplurals", "doublespacing", "numbers",
    ]

    static func tool(_ name: String) throws -> String {
        let path = try #require(
            ["/usr/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "no \(name): make test installs it (TEST_PKGS)")
        return path
    }

    static func run(_ tool: String, _ arguments: [String]) async throws -> ChildProcess {
        let child = try ChildProcess(try Self.tool(tool), arguments)
        let status = await child.waitForExit(timeout: .seconds(120))
        try #require(status == 0, "\(tool) \(arguments) ended with \(String(describing: status)): \(child.stderr.suffix(2000))")
        return child
    }

    /// Exports every shipped locale with the built binary; the files written.
    static func export(_ format: String) async throws -> [String] {
        let dir = try BotBinary.temporaryDirectory()
        let child = try ChildProcess(try BotBinary.require(), ["locales", "export", "--format", format, "--to", dir, "--dir", RepoPaths.locales])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "\(child.stderr)")
        let files = child.stdout.split(separator: "\n").map(String.init)
        #expect(files.count >= 21)
        return files
    }

    @Test func gettextAndTranslateToolkitReadEveryPOFile() async throws {
        let files = try await Self.export("po")
        for file in files {
            let msgfmt = try await Self.run("msgfmt", ["--check", "--check-accelerators", "-o", "/dev/null", file])
            #expect(msgfmt.stderr.isEmpty, "msgfmt --check \(file): \(msgfmt.stderr)")
            let found = try await Self.pofilter(file, Self.pofilterTests)
            #expect(!found.contains("msgctxt"), "pofilter found problems in \(file):\n\(found)")
            let placeholders = try await Self.pofilter(file, ["variables"], options: ["--mozilla"])
            // A placeholder a translation leaves out by choice is one `locales check` warns about too.
            let code = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let warned = try LocaleCheck.run(directory: RepoPaths.locales, reference: "en")
                .filter { $0.problem.file.hasSuffix("/\(code).yaml") && $0.problem.message.hasPrefix("leaves out") }.map {
                    "msgctxt \"\($0.problem.key)\""
                }
            // Plural phrases and messages that choose (`{{#match count plural}}` in the reference, a
            // language without plurals writing one branch) differ in their selector tags by design.
            // A form of a colour (`{{streak_color.subject}}`) stands for the colour's placeholder.
            let flagged = placeholders.components(separatedBy: "\n\n").filter { !$0.contains("{{#match") && !Self.usesFormsOnly($0) }
                .flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("msgctxt ") && !$0.hasPrefix("msgctxt \"plurals.") }
            #expect(flagged.allSatisfy { warned.contains(String($0)) }, "pofilter variables in \(file):\n\(placeholders)")
        }
        // The same tests do catch a placeholder a translation lost.
        let ru = try #require(files.first { $0.hasSuffix("/ru.po") })
        let text = try String(contentsOfFile: ru, encoding: .utf8)
        let broken = ru + ".broken.po"
        try text.replacingOccurrences(of: "Последние результаты ({{draws}})", with: "Последние результаты").write(
            toFile: broken, atomically: true, encoding: .utf8)
        #expect(try await Self.pofilter(broken, ["variables"], options: ["--mozilla"]).contains("msgctxt \"messages.trend\""))
    }

    /// Whether every placeholder pofilter's `variables` misses in `entry` is there as a form
    /// (`{{streak_color}}` as `{{streak_color.subject}}`).
    static func usesFormsOnly(_ entry: String) -> Bool {
        guard let note = entry.split(separator: "\n").first(where: { $0.hasPrefix("# (pofilter) variables: Do not translate: ") }) else {
            return false
        }
        let missing = note.dropFirst("# (pofilter) variables: Do not translate: ".count).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return missing.allSatisfy { name in name.hasPrefix("{{") && name.hasSuffix("}}") && entry.contains(name.dropLast(2) + ".") }
    }

    /// The entries `tests` flag in `file` (pofilter writes no file when none is).
    static func pofilter(_ file: String, _ tests: [String], options: [String] = []) async throws -> String {
        let filtered = file + ".pofilter-\(UUID().uuidString).po"
        _ = try await Self.run("pofilter", ["--progress=none", "--nofuzzy"] + options + tests.flatMap { ["-t", $0] } + [file, filtered])
        return (try? String(contentsOfFile: filtered, encoding: .utf8)) ?? ""
    }

    @Test func translateToolkitSeesEveryKeyWithItsFuzzyFlag() async throws {
        let files = try await Self.export("po")
        let script = """
            import sys
            from translate.storage import factory
            for path in sys.argv[1:]:
                store = factory.getobject(path)
                units = [u for u in store.units if not u.isheader()]
                print(path, len(units), sum(1 for u in units if u.isfuzzy()), ",".join(u.getcontext() for u in units))
            """
        let out = try await Self.run("python3", ["-c", script] + files).stdout
        let ru = try #require(out.split(separator: "\n").first { $0.contains("/ru.po ") })
        #expect(ru.contains(" 16 0 name,log_prefix,colors.red,colors.green,colors.violet,color_separator,"), "\(ru)")
        #expect(ru.contains("plurals.streak,messages.result"), "\(ru)")
    }

    @Test func everyXLIFFFileIsWellFormedXLIFF2() async throws {
        let files = try await Self.export("xliff")
        for file in files { _ = try await Self.run("xmllint", ["--noout", file]) }
        // The XLIFF 2.0 core structure: namespace, version, languages, one file, units with a
        // unique NMTOKEN id, notes before one segment whose state is a core state, a source each.
        let script = """
            import re, sys
            import xml.etree.ElementTree as ET
            NS = "{urn:oasis:names:tc:xliff:document:2.0}"
            for path in sys.argv[1:]:
                root = ET.parse(path).getroot()
                assert root.tag == NS + "xliff" and root.get("version") == "2.0", path
                assert root.get("srcLang") == "en" and root.get("trgLang"), path
                files = root.findall(NS + "file")
                assert len(files) == 1 and files[0].get("id"), path
                ids = set()
                for unit in files[0]:
                    assert unit.tag == NS + "unit", (path, unit.tag)
                    uid = unit.get("id")
                    assert re.fullmatch(r"[\\w.:-]+", uid) and uid not in ids, (path, uid)
                    ids.add(uid)
                    tags = [child.tag for child in unit]
                    assert tags in ([NS + "segment"], [NS + "notes", NS + "segment"]), (path, uid, tags)
                    segment = unit.find(NS + "segment")
                    assert segment.get("state") in ("initial", "translated", "reviewed", "final"), (path, uid)
                    assert [c.tag for c in segment][0] == NS + "source", (path, uid)
                    for note in unit.iter(NS + "note"):
                        assert note.get("category"), (path, uid)
                print(path, len(ids))
            """
        let out = try await Self.run("python3", ["-c", script] + files).stdout
        #expect(out.split(separator: "\n").count == files.count, "\(out)")
    }

    /// translate-toolkit 3.20's XLIFF 2.0 reader (the one Weblate uses) finds every key of every
    /// file as a unit, with its id, its ICU source and target, and its state.
    @Test func translateToolkitReadsEveryXLIFFUnit() async throws {
        let python =
            ProcessInfo.processInfo.environment["TRANSLATE_TOOLKIT_PYTHON"] ?? RepoPaths.root + "/.build/translate-toolkit/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): make test installs translate-toolkit from PyPI there")
        let files = try await Self.export("xliff")
        let script = """
            import sys
            from translate.storage import xliff2
            for path in sys.argv[1:]:
                store = xliff2.Xliff2File.parsefile(path)
                units = [u for u in store.units if not u.isheader()]
                done = sum(1 for u in units if u.istranslated())
                print(path, len(units), done, ",".join(u.getid() for u in units), "|", (units[-1].target or "").replace("\\n", " "))
            """
        let child = try ChildProcess(python, ["-c", script] + files)
        #expect(await child.waitForExit(timeout: .seconds(120)) == 0, "\(child.stderr.suffix(2000))")
        let lines = child.stdout.split(separator: "\n")
        #expect(lines.count == files.count, "\(child.stdout)")
        let ru = try #require(lines.first { $0.contains("/ru.xliff ") })
        #expect(ru.contains(" 16 16 name,log_prefix,colors.red,colors.green,colors.violet,color_separator,"), "\(ru)")
        #expect(ru.contains("messages.result,messages.trend,messages.trend_alt,messages.board,messages.digest |"), "\(ru)")
        #expect(ru.contains("{count, plural,"), "the digest's target in ICU: \(ru)")
        for line in lines { #expect(line.split(separator: " ")[1] == "16", "\(line)") }
    }

    @Test func importRefusesABrokenFileWithTheChecksProblems() async throws {
        let dir = try BotBinary.temporaryDirectory() + "/Locales"
        try FileManager.default.copyItem(atPath: RepoPaths.locales, toPath: dir)
        let export = try ChildProcess(
            try BotBinary.require(), ["locales", "export", "--format", "po", "--lang", "ru", "--to", dir + "/out", "--dir", dir])
        #expect(await export.waitForExit(timeout: .seconds(60)) == 0, "\(export.stderr)")
        let po = dir + "/out/ru.po"
        let text = try String(contentsOfFile: po, encoding: .utf8)
        try text.replacingOccurrences(of: "msgstr \"выпадает {{count}}", with: "msgstr \"{{#one}}выпадает {{count}}")
            .write(toFile: po, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try BotBinary.require(), ["locales", "import", po, "--dir", dir])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1)
        #expect(child.stdout.contains("\(dir)/ru.yaml:22: error: plurals.streak: '{{#one}}' is never closed"), "\(child.stdout)")
        #expect(child.stderr.contains("nothing written"))
        #expect(
            try String(contentsOfFile: dir + "/ru.yaml", encoding: .utf8) == String(contentsOfFile: RepoPaths.locales + "/ru.yaml", encoding: .utf8))
    }

    /// Each PO header's `Plural-Forms`, run by Python's gettext (`gettext.c2py`), puts every count
    /// in the form CLDR's rules (those the bots use) put it in: forms in CLDR's order, those only
    /// fractions reach left out.
    @Test func pluralFormsAgreeWithCLDR() async throws {
        let counts = Array(0...1200) + [1_000_000, 2_000_000]
        let script = """
            import gettext, re, sys
            for path in sys.argv[2:]:
                header = open(path, encoding="utf-8").read()
                match = re.search(r'"Plural-Forms: nplurals=(\\d+); plural=(.*);\\\\n"', header)
                if not match:
                    print(path, "none"); continue
                plural = gettext.c2py(match.group(2))
                print(path, match.group(1), ",".join(str(plural(int(n))) for n in sys.argv[1].split(",")))
            """
        let files = try await Self.export("po")
        let out = try await Self.run("python3", ["-c", script, counts.map(String.init).joined(separator: ",")] + files).stdout
        var checked = 0
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            let code = ((parts[0] as NSString).lastPathComponent as NSString).deletingPathExtension
            let rules = PluralRules(language: String(code.split(separator: "-")[0]))
            let forms = PluralCategory.allCases.filter { rules.wholeNumberCategories.contains($0) }
            try #require(parts.count == 3, "\(code) has no Plural-Forms")
            #expect(Int(parts[1]) == forms.count, "\(code): nplurals=\(parts[1]), CLDR \(forms)")
            let expected = counts.map { String(forms.firstIndex(of: rules.category(for: $0)) ?? -1) }.joined(separator: ",")
            #expect(parts[2] == expected, "\(code)")
            checked += 1
        }
        #expect(checked == files.count)
    }
}
