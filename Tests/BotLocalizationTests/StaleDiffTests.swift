// SPDX-License-Identifier: Apache-2.0
@testable import BotLocalization
import Foundation
import Testing

/// A stale translation shows what changed in the reference since it was made: `locales check`
/// as a word diff, the PO export as `#| msgid`, the XLIFF export as a note.
@Suite struct StaleDiffTests {
    static let oldTrend = "📈 Last {{draws}} results, periods"
    static let newTrend = "📈 Latest {{draws}} results, periods"

    /// A copy of the shipped locales whose `ru` records the texts it was translated from, then
    /// the reference's trend caption changes.
    static func changedReference() throws -> String {
        let dir = try TranslationExchangeTests.shippedCopy()
        _ = try TranslationRecord.markCurrent(code: "ru", reference: "en", directory: dir)
        let en = try TranslationExchangeTests.file(dir, "en")
        #expect(en.contains(oldTrend))
        try en.replacingOccurrences(of: oldTrend, with: newTrend).write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static func staleness(_ dir: String, _ code: String) throws -> [String] {
        try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.file.hasSuffix("/\(code).yaml") }.map(\.problem.message)
    }

    @Test func checkShowsAWordDiffOfTheReferenceSinceTheTranslation() throws {
        let dir = try Self.changedReference()
        let ru = try Self.staleness(dir, "ru")
        #expect(ru.count == 1)
        #expect(ru.first?.contains("changed: 📈 [-Last-]{+Latest+} {{draws}} results") == true, "\(ru)")
        // A record written before texts were kept still works, and says what it cannot show.
        let vi = try Self.staleness(dir, "vi").filter { $0.contains("is stale") }
        #expect(vi.count == 1 && vi.first?.contains("changed, old text not recorded") == true, "\(vi)")
    }

    @Test func markCurrentRecordsTheTextAndAFingerprintOnlyRecordStillLoads() throws {
        let dir = try TranslationExchangeTests.shippedCopy()
        _ = try TranslationRecord.markCurrent(code: "ru", reference: "en", directory: dir, keys: ["messages.trend"])
        let text = try TranslationExchangeTests.file(dir, "ru")
        #expect(text.contains("  messages.trend:\n    text: \"📈 Last {{draws}} results"), "\(text)")
        #expect(text.contains("  plurals.streak: \"40df8dea315a7859\""))
        #expect(try Self.staleness(dir, "ru").isEmpty)
        #expect(try LocaleBundle.load(code: "ru", directory: dir).displayName == "Русский")
    }

    @Test func theExportsCarryThePreviousSourceAndReviewingItInPORecordsTheNewOne() throws {
        let dir = try Self.changedReference()
        let po = try TranslationExchange.export(format: .po, codes: ["ru"], directory: dir, reference: "en", to: dir + "/out")[0]
        let text = try String(contentsOfFile: po, encoding: .utf8)
        #expect(text.contains("#, fuzzy\n#| msgid \"\(Self.oldTrend)"), "\(text)")
        let xliff = try TranslationExchange.export(format: .xliff, codes: ["ru"], directory: dir, reference: "en", to: dir + "/out")[0]
        let xml = try String(contentsOfFile: xliff, encoding: .utf8)
        #expect(xml.contains("<note category=\"previous-source\">📈 Last {draws} results"))
        #expect(xml.contains("<note category=\"source-changes\">📈 [-Last-]{+Latest+} {{draws}} results"))
        #expect(xml.contains("<segment state=\"translated\">"))

        // Unchanged and still fuzzy: nothing is written.
        let marked = try TranslationExchangeTests.file(dir, "ru")
        #expect(try TranslationExchange.importFile(po, directory: dir, reference: "en").recorded.isEmpty)
        #expect(try TranslationExchangeTests.file(dir, "ru") == marked)
        // The translator reviews it (no longer fuzzy): the new reference text is recorded.
        try text.replacingOccurrences(of: "#, fuzzy\n", with: "").write(toFile: po, atomically: true, encoding: .utf8)
        #expect(try TranslationExchange.importFile(po, directory: dir, reference: "en").recorded == ["messages.trend"])
        #expect(try Self.staleness(dir, "ru").isEmpty)
        #expect(try TranslationExchangeTests.file(dir, "ru").contains("text: \"\(Self.newTrend)"))
    }
}
