// SPDX-License-Identifier: Apache-2.0
/// Parses a message template (`{{issue}}`, `{{#one}}…{{/one}}`, `{{^color=red}}…{{/color=red}}`)
/// into `TemplateNode`s, in one pass over its bytes and without recursion: time and memory grow
/// linearly with the text, and sections nested deeper than the limit are refused at the first tag
/// past it, before anything walks the tree.
///
/// The syntax is the part of Mustache a message needs: values (`{{name}}`, `{{&name}}`,
/// `{{{name}}}`, dotted `{{ordinal.few}}`), sections and inverted sections, comments (`{{! … }}`),
/// and Mustache's rule that a line holding only a section tag or a comment leaves no blank line.
/// Partials, inheritance and delimiter changes are refused.
struct TemplateParser {
    /// Why a template does not parse, and on which of its lines (0 is the first).
    struct Failure: Error, Equatable {
        var lineOffset: Int
        var message: String
    }

    private enum Kind {
        case value([String])
        case open(key: String, TemplateNode)
        case close(key: String)
        case comment
    }

    private struct Tag {
        var kind: Kind
        var line: Int
        var written: String
    }

    private enum Piece {
        case text(Range<Int>)
        case tag(Tag)
    }

    private let bytes: [UInt8]
    private let maxNesting: Int

    /// The nodes of `source`, whose sections nest at most `maxNesting` deep.
    static func parse(_ source: String, maxNesting: Int) throws(Failure) -> [TemplateNode] {
        let parser = TemplateParser(bytes: Array(source.utf8), maxNesting: maxNesting)
        return try parser.tree(parser.pieces())
    }

    private static let brace = UInt8(ascii: "{"), closingBrace = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")

    /// The text and tags in order; a line whose only tag is a section's or a comment, with nothing
    /// else but blanks, loses its blanks and its line break (Mustache's standalone tags).
    private func pieces() throws(Failure) -> [Piece] {
        var pieces: [Piece] = []
        var lineStart = 0
        var textStart = 0
        var line = 0
        var index = 0
        func endLine() {
            defer { lineStart = pieces.count }
            var tags = 0
            var standalone = true
            for piece in pieces[lineStart...] {
                switch piece {
                case .text(let range): if !bytes[range].allSatisfy({ [0x20, 0x09, 0x0D, 0x0A].contains($0) }) { standalone = false }
                case .tag(let tag):
                    tags += 1
                    if case .value = tag.kind { standalone = false }
                }
            }
            guard standalone, tags == 1 else { return }
            let tag = pieces[lineStart...].filter { if case .tag = $0 { true } else { false } }
            pieces.removeSubrange(lineStart...)
            pieces += tag
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.newline {
                pieces.append(.text(textStart..<index + 1))
                textStart = index + 1
                endLine()
                line += 1
                index += 1
                continue
            }
            guard byte == Self.brace, index + 1 < bytes.count, bytes[index + 1] == Self.brace else {
                index += 1
                continue
            }
            if textStart < index { pieces.append(.text(textStart..<index)) }
            let (tag, end, lines) = try self.tag(at: index, line: line)
            pieces.append(.tag(tag))
            line += lines
            index = end
            textStart = end
        }
        if textStart < bytes.count { pieces.append(.text(textStart..<bytes.count)) }
        endLine()
        return pieces
    }

    /// The tag starting at `start` (its `{{`), the index just past it and the line breaks in it.
    private func tag(at start: Int, line: Int) throws(Failure) -> (Tag, end: Int, lines: Int) {
        let triple = start + 2 < bytes.count && bytes[start + 2] == Self.brace
        let contentStart = start + (triple ? 3 : 2)
        let closing = triple ? 3 : 2
        var end = contentStart
        var lines = 0
        while end + closing <= bytes.count, !(bytes[end..<end + closing].allSatisfy { $0 == Self.closingBrace }) {
            if bytes[end] == Self.newline { lines += 1 }
            end += 1
        }
        let written = String(decoding: bytes[start..<min(end + closing, bytes.count)].prefix(60), as: UTF8.self)
        guard end + closing <= bytes.count else {
            throw Failure(lineOffset: line, message: "'\(written)' is not closed by '\(triple ? "}}}" : "}}")'")
        }
        let content = String(decoding: bytes[contentStart..<end], as: UTF8.self).trimmingBlanks
        let kind = try self.kind(of: content, triple: triple, written: written, line: line)
        return (Tag(kind: kind, line: line, written: written), end + closing, lines)
    }

    private func kind(of content: String, triple: Bool, written: String, line: Int) throws(Failure) -> Kind {
        func failure(_ message: String) -> Failure { Failure(lineOffset: line, message: message) }
        guard !triple, let sigil = content.first, "#^/!&><$=".contains(sigil) else {
            return .value(try path(content, written: written, line: line))
        }
        let rest = String(content.dropFirst()).trimmingBlanks
        switch sigil {
        case "!":
            return .comment
        case "&":
            return .value(try path(rest, written: written, line: line))
        case "#", "^", "/":
            if let equals = rest.firstIndex(of: "=") {
                let name = String(rest[..<equals]).trimmingBlanks
                let value = String(rest[rest.index(after: equals)...]).trimmingBlanks
                guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }),
                    !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                else {
                    throw failure("'\(written)' is not a variant section such as {{#color=violet}} or {{#=1}}")
                }
                let variant = MessageTemplate.Variant(name: name.isEmpty ? "count" : name, value: value.lowercased())
                let key = "\(variant.name)=\(variant.value)"
                if sigil == "/" { return .close(key: key) }
                return .open(key: key, .variant(variant, inverted: sigil == "^", []))
            }
            let path = try path(rest, written: written, line: line)
            let key = path.joined(separator: ".")
            if sigil == "/" { return .close(key: key) }
            return .open(key: key, .section(path, inverted: sigil == "^", []))
        default:
            throw failure("'{{\(sigil)' (partials, inheritance, delimiter changes) is not allowed in a message template")
        }
    }

    /// A placeholder's dotted name (`issue`, `ordinal.few`).
    private func path(_ name: String, written: String, line: Int) throws(Failure) -> [String] {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let valid = parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "?") }
        }
        guard valid else {
            throw Failure(lineOffset: line, message: "'\(written)' is not a placeholder (a name of letters, digits and _, such as {{issue}})")
        }
        return parts
    }

    /// The tree of `pieces`, built with a stack of open sections.
    private func tree(_ pieces: [Piece]) throws(Failure) -> [TemplateNode] {
        struct Open {
            var tag: Tag?
            var key: String
            var node: TemplateNode?
            var children: [TemplateNode] = []
        }
        var stack = [Open(tag: nil, key: "", node: nil)]
        for piece in pieces {
            switch piece {
            case .text(let range):
                stack[stack.count - 1].children.append(.text(String(decoding: bytes[range], as: UTF8.self)))
            case .tag(let tag):
                switch tag.kind {
                case .comment:
                    break
                case .value(let path):
                    stack[stack.count - 1].children.append(.value(path))
                case .open(let key, let node):
                    guard stack.count <= maxNesting else {
                        throw Failure(
                            lineOffset: tag.line,
                            message: "sections nest more than \(maxNesting) deep at '\(tag.written)' (close a section before opening the next)")
                    }
                    stack.append(Open(tag: tag, key: key, node: node))
                case .close(let key):
                    guard stack.count > 1, let open = stack.last, let openTag = open.tag, let node = open.node else {
                        throw Failure(lineOffset: tag.line, message: "'\(tag.written)' closes a section that is not open")
                    }
                    guard open.key == key else {
                        throw Failure(
                            lineOffset: tag.line,
                            message: "'\(tag.written)' does not close '\(openTag.written)' (line \(openTag.line + 1) of the text), "
                                + "the section open there")
                    }
                    stack.removeLast()
                    stack[stack.count - 1].children.append(node.with(children: open.children))
                }
            }
        }
        if let open = stack.last, let tag = open.tag {
            throw Failure(lineOffset: tag.line, message: "'\(tag.written)' is never closed (add its {{/…}})")
        }
        return stack[0].children
    }
}

extension TemplateNode {
    /// A section node with `children` in place of its own.
    fileprivate func with(children: [TemplateNode]) -> TemplateNode {
        switch self {
        case .section(let path, let inverted, _): .section(path, inverted: inverted, children)
        case .variant(let variant, let inverted, _): .variant(variant, inverted: inverted, children)
        case .text, .value: self
        }
    }
}

extension String {
    /// Without the spaces and tabs around it.
    fileprivate var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
