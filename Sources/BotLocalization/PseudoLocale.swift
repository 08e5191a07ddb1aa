// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation
import Yams

/// Pseudo-locales made from the reference, to test layout and direction before any translation
/// exists: `en-XA` (every letter accented, each text about 40 % longer, messages and colour labels
/// in brackets, so a cut or a text left untranslated shows) and `ar-XB` (right to left, each run of
/// text mirrored by a right-to-left override). Placeholders, sections, HTML tags and entities pass
/// through untouched, so a message keeps every value it shows.
package enum PseudoLocale: String, Sendable, CaseIterable {
    /// Accented, 40 % longer, bracketed.
    case accented = "en-XA"
    /// Mirrored, right to left.
    case mirrored = "ar-XB"

    /// Writes every pseudo-locale of `<directory>/<reference>.yaml` into `output` as
    /// `<code>.yaml`, with its `translated_from:` the reference's current fingerprints; returns
    /// the paths written.
    package static func writeAll(reference: String, directory: String, to output: String) throws(FileError) -> [String] {
        let path = (directory as NSString).appendingPathComponent("\(reference).yaml")
        let loaded = LocaleLoad.read(path: path, code: reference)
        if let problem = loaded.problems.first { throw problem }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be read: \(error.localizedDescription)")
        }
        var records: [String: TranslationRecord.Recorded] = [:]
        for (key, entry) in loaded.entries where TranslationFingerprint.isTracked(key) {
            records[key] = .text(entry.text)
        }
        var written: [String] = []
        for pseudo in allCases {
            let target = (output as NSString).appendingPathComponent("\(pseudo.rawValue).yaml")
            let file = TranslationRecord.replacingSection(in: try pseudo.file(fromReference: text, path: path), with: records)
            do {
                try file.write(toFile: target, atomically: true, encoding: .utf8)
            } catch {
                throw FileError(.unreadable, file: target, key: "", "cannot be written: \(error.localizedDescription)")
            }
            written.append(target)
        }
        return written
    }

    /// The locale file for this pseudo-locale, made from the reference file's text.
    package func file(fromReference text: String, path: String) throws(FileError) -> String {
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else {
                throw FileError(.syntax, file: path, key: "", "the reference is empty")
            }
            node = parsed
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(.syntax, file: path, key: "", "the reference does not parse: \(error)")
        }
        guard case .mapping(let mapping) = node else {
            throw FileError(.syntax, file: path, key: "", "the reference is not a mapping of keys")
        }
        var out: [(Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            switch name {
            case "translated_from": continue
            case "code": out.append((key, .scalar(.init(rawValue))))
            case "name": out.append((key, .scalar(.init((value.string ?? "") + (self == .accented ? " (pseudo, accented)" : " (pseudo, mirrored)")))))
            case "log_prefix": out.append((key, .scalar(.init(self == .accented ? "[XA]" : "[XB]"))))
            case "direction": continue
            case "colors": out.append((key, transformed(value, bracket: true)))
            case "plurals": out.append((key, transformed(value, bracket: false)))
            case "messages": out.append((key, transformed(value, bracket: true)))
            default: out.append((key, value))
            }
            if name == "formatting_locale", self == .mirrored {
                out.append((.scalar(.init("direction")), .scalar(.init("rtl"))))
            }
        }
        let header = "# \(rawValue): a pseudo-locale made by `redgreen-bot locales pseudo` from \((path as NSString).lastPathComponent); do not edit.\n"
        do {
            return header + (try Yams.serialize(node: .mapping(.init(out)), width: -1, allowUnicode: true))
        } catch {
            throw FileError(.syntax, file: path, key: "", "cannot write the pseudo-locale: \(error)")
        }
    }

    /// Every string under `node` pseudo-localised; multi-line strings written as literal blocks.
    private func transformed(_ node: Node, bracket: Bool) -> Node {
        switch node {
        case .scalar(let scalar):
            let text = transform(scalar.string, bracket: bracket)
            return .scalar(.init(text, .implicit, text.contains("\n") ? .literal : .doubleQuoted))
        case .mapping(let mapping):
            return .mapping(.init(mapping.map { ($0.key, transformed($0.value, bracket: bracket)) }))
        case .sequence(let sequence):
            return .sequence(.init(sequence.map { transformed($0, bracket: bracket) }))
        default:
            return node
        }
    }

    /// `text` pseudo-localised: the literal runs changed, everything the engine reads kept.
    package func transform(_ text: String, bracket: Bool) -> String {
        // A last line that is one tag alone (the digest's `{{results}}`, a list split between its
        // lines) stays alone: the padding and the bracket close the line before it.
        if let cut = text.range(of: "\n", options: .backwards), case let last = text[cut.upperBound...],
            last.hasPrefix("{{"), last.hasSuffix("}}"), !last.dropFirst(2).contains("{{")
        {
            return transform(String(text[..<cut.lowerBound]), bracket: bracket) + "\n" + last
        }
        var out = ""
        var literal = 0
        for piece in Self.pieces(of: text) {
            switch piece {
            case .kept(let kept):
                out += kept
            case .literal(let run):
                literal += run.count
                switch self {
                case .accented: out += String(run.map { Self.accents[$0] ?? $0 })
                case .mirrored: out += run.allSatisfy(\.isWhitespace) ? String(run) : "\u{202E}\(run)\u{202C}"
                }
            }
        }
        guard self == .accented else { return out }
        // 40 % longer: a run of dots after the text, as long as 40 % of its own characters.
        let padding = String(repeating: "·", count: (literal * 2 + 4) / 5)
        let padded = padding.isEmpty ? out : out + " " + padding
        return bracket ? "[" + padded + "]" : padded
    }

    enum Piece: Equatable {
        case literal(Substring)
        case kept(Substring)
    }

    /// `text` cut into literal runs and what passes through: `{{…}}` tags, HTML tags and entities.
    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        var literalStart = rest.startIndex
        var index = rest.startIndex
        while index < rest.endIndex {
            var end: Substring.Index?
            if rest[index...].hasPrefix("{{") {
                end = rest[index...].range(of: "}}")?.upperBound
            } else if rest[index] == "<", let close = rest[index...].firstIndex(of: ">") {
                end = rest.index(after: close)
            } else if rest[index] == "&", let semicolon = rest[index...].prefix(10).firstIndex(of: ";") {
                end = rest.index(after: semicolon)
            }
            guard let end else {
                index = rest.index(after: index)
                continue
            }
            if literalStart < index { pieces.append(.literal(rest[literalStart..<index])) }
            pieces.append(.kept(rest[index..<end]))
            index = end
            literalStart = end
        }
        if literalStart < rest.endIndex { pieces.append(.literal(rest[literalStart...])) }
        rest = ""
        return pieces
    }

    static let accents: [Character: Character] = {
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let accented = Array("áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ")
        return Dictionary(uniqueKeysWithValues: zip(plain, accented))
    }()
}
