// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A locale as an XLIFF 2.0 file: a `<unit id="key">` per key with its notes (the placeholders,
/// an example, the reference text a stale translation was made from) and one segment whose
/// `state` is the stale check's (`initial`: not translated; `translated`: stale or never marked
/// current; `reviewed`: translated from today's reference text). Sources and targets are ICU
/// MessageFormat (`ICUMessage`).
enum XLIFFFile {
    static let namespace = "urn:oasis:names:tc:xliff:document:2.0"

    /// The XLIFF text of `catalog`.
    static func write(_ catalog: ExchangeCatalog) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<xliff xmlns=\"\(namespace)\" version=\"2.0\" srcLang=\"\(escape(catalog.reference))\" trgLang=\"\(escape(catalog.code))\">\n"
        out += "  <file id=\"\(escape(catalog.code))\" original=\"\(escape(catalog.code)).yaml\" xml:space=\"preserve\">\n"
        for entry in catalog.entries {
            out += "    <unit id=\"\(escape(entry.key))\">\n"
            var notes = entry.notes.map { ("context", $0) }
            if let previous = entry.previousSource {
                notes.append(("previous-source", ICUMessage.write(previous, key: entry.key)))
                notes.append(("source-changes", WordDiff.of(previous, entry.source)))
            }
            if !notes.isEmpty {
                out += "      <notes>\n"
                for (category, text) in notes { out += "        <note category=\"\(category)\">\(escape(text))</note>\n" }
                out += "      </notes>\n"
            }
            let state =
                switch entry.state {
                case .untranslated: "initial"
                case .stale: "translated"
                case .current: "reviewed"
                }
            out += "      <segment state=\"\(state)\">\n"
            out += "        <source>\(escape(ICUMessage.write(entry.source, key: entry.key)))</source>\n"
            if let target = entry.target { out += "        <target>\(escape(ICUMessage.write(target, key: entry.key)))</target>\n" }
            out += "      </segment>\n    </unit>\n"
        }
        return out + "  </file>\n</xliff>\n"
    }

    /// `text` with `&`, `<`, `>`, `"` (as HTML escapes them) and carriage returns as references.
    static func escape(_ text: String) -> String {
        MessageFormat.html.escape(text).replacingOccurrences(of: "\r", with: "&#13;")
    }
}
