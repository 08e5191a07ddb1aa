// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension XLIFFFile {
    /// The units of the XLIFF 2.0 `data` (the file `file`), for `locales import`: the locale from
    /// `trgLang`, each unit's key from its `id`.
    static func read(_ data: Data, file: String) throws(FileError) -> ImportedCatalog {
        let reader = UnitReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        if !parser.parse() || reader.problem != nil {
            let message = reader.problem ?? parser.parserError.map { "does not parse as XML: \($0.localizedDescription)" } ?? "does not parse as XML"
            throw FileError(.syntax, file: file, key: "", line: parser.lineNumber, message)
        }
        guard let code = reader.code, !code.isEmpty else {
            throw FileError(.missingKey, file: file, key: "trgLang", "the <xliff> element names no target language (trgLang)")
        }
        return ImportedCatalog(code: code, entries: reader.entries, isICU: true)
    }

    /// Collects the units as the parser reports them.
    private final class UnitReader: NSObject, XMLParserDelegate {
        var code: String?
        var entries: [(key: String, entry: ImportedEntry)] = []
        var problem: String?
        private var key: String?
        private var state = "initial"
        private var source: String?
        private var target: String?
        private var text: String?
        private var line: Int?

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if element == "xliff" {
                if namespaceURI != XLIFFFile.namespace { fail(parser, "is not XLIFF 2.0 (the namespace is not \(XLIFFFile.namespace))") }
                code = attributes["trgLang"]
            }
            switch element {
            case "unit":
                (key, state, source, target, line) = (attributes["id"], "initial", nil, nil, parser.lineNumber)
            case "segment":
                state = attributes["state"] ?? "initial"
            case "source", "target":
                text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "source": (source, text) = (text, nil)
            case "target": (target, text) = (text, nil)
            case "unit":
                guard let key, let source else { return fail(parser, "a <unit> without an id or a <source>") }
                if entries.contains(where: { $0.key == key }) { return fail(parser, "the unit \(key) is given twice") }
                let confirmation: ImportedEntry.Confirmation = ["reviewed": .yes, "final": .yes, "translated": .ifChanged][state] ?? .no
                entries.append((key, ImportedEntry(source: source, target: target ?? "", confirmation: confirmation, line: line)))
            default: break
            }
        }

        private func fail(_ parser: XMLParser, _ message: String) {
            problem = problem ?? message
            parser.abortParsing()
        }
    }
}
