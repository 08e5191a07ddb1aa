// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// `redgreen-bot locales export` and `import`: locale files to and from the formats translation
/// tools work in, gettext PO and XLIFF 2.0.
package enum TranslationExchange {
    /// A translation file format.
    package enum Format: String, Sendable, CaseIterable {
        /// gettext PO (Poedit, Weblate, Crowdin, Lokalise).
        case po
        /// XLIFF 2.0 with ICU MessageFormat texts (Crowdin, Lokalise, Phrase, Weblate, CAT tools).
        case xliff

        /// The file name extension.
        package var fileExtension: String { self == .po ? "po" : "xliff" }
    }

    /// Writes `<output>/<code>.<po|xliff>` for each of `codes` (every locale of `directory` but
    /// the reference when empty); returns the paths written.
    package static func export(format: Format, codes: [String], directory: String, reference: String, to output: String) throws(FileError) -> [String]
    {
        let all = (try? LocaleBundle.availableCodes(in: directory)) ?? []
        guard all.contains(reference) else {
            throw FileError(
                .unreadable, file: (directory as NSString).appendingPathComponent("\(reference).yaml"), key: "", "no such reference locale")
        }
        let chosen = codes.isEmpty ? all.filter { $0 != reference } : codes
        for code in chosen where !all.contains(code) || code == reference {
            let path = (directory as NSString).appendingPathComponent("\(code).yaml")
            throw FileError(
                .unreadable, file: path, key: "", code == reference ? "is the reference: its texts are every file's source" : "no such locale file")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw FileError(.unreadable, file: output, key: "", "cannot be made: \(error.localizedDescription)")
        }
        var written: [String] = []
        for code in chosen {
            let catalog = try ExchangeCatalog.make(code: code, reference: reference, directory: directory)
            let path = (output as NSString).appendingPathComponent("\(code).\(format.fileExtension)")
            try TranslationRecord.write(format == .po ? POFile.write(catalog) : XLIFFFile.write(catalog), to: path)
            written.append(path)
        }
        return written
    }

    /// What an import did.
    package struct ImportSummary: Sendable, Equatable {
        /// The locale file written (or left as it was).
        package var path: String
        /// The keys whose text changed.
        package var changed: [String]
        /// The keys whose `translated_from` record was written.
        package var recorded: [String]
    }

    /// An import refused because the file it would write fails `locales check`: nothing is written.
    package struct Refusal: Error, Sendable {
        /// The check's errors, as the file would be written.
        package var problems: [LocaleProblem]
    }

    /// Reads the PO or XLIFF file at `path` into its locale's file of `directory`; `locales check`
    /// is the gate (a `Refusal` with its errors, and nothing written); unchanged texts and records
    /// stay byte for byte as they were.
    package static func importFile(_ path: String, directory: String, reference: String) throws -> ImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(.unreadable, file: path, key: "", "cannot be read") }
        let isXML = path.hasSuffix(".xliff") || path.hasSuffix(".xlf") || String(decoding: data.prefix(64), as: UTF8.self).hasPrefix("<?xml")
        let catalog = try isXML ? XLIFFFile.read(data, file: path) : POFile.read(String(decoding: data, as: UTF8.self), file: path)
        return try TranslationImport(catalog: catalog, file: path, directory: directory, reference: reference).run()
    }
}
