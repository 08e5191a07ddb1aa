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
        /// A branch's keys inside `{{#match}}`: `{{one}}`, `{{=1}}`, `{{*}}`, `{{one red}}`.
        case keys([TemplateMatch.Key])
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
    private let placeholders: Set<String>

    /// The nodes of `source`, whose sections nest at most `maxNesting` deep. `placeholders` are the
    /// names the text may use: directly inside a match block, `{{name}}` is a value when it is one
    /// of them (and not a plural category of a plural or ordinal match), else a branch's key.
    static func parse(_ source: String, maxNesting: Int, placeholders: Set<String> = []) throws(Failure) -> [TemplateNode] {
        let parser = TemplateParser(bytes: Array(source.utf8), maxNesting: maxNesting, placeholders: placeholders)
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
        var open: [(key: String, selectors: [TemplateMatch.Selector])] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.newline {
                pieces.append(.text(textStart..<index + 1))
                textStart = index + 1
                endLine(&pieces, from: &lineStart)
                line += 1
                index += 1
                continue
            }
            guard byte == Self.brace, index + 1 < bytes.count, bytes[index + 1] == Self.brace else {
                index += 1
                continue
            }
            if textStart < index { pieces.append(.text(textStart..<index)) }
            var (tag, end, lines) = try self.tag(at: index, line: line)
            try classify(&tag, open: &open)
            pieces.append(.tag(tag))
            line += lines
            index = end
            textStart = end
        }
        if textStart < bytes.count { pieces.append(.text(textStart..<bytes.count)) }
        endLine(&pieces, from: &lineStart)
        return pieces
    }

    /// Follows the sections `tag` opens and closes in `open`, and makes a `{{one}}` or `{{red}}`
    /// directly inside a match block a branch's key rather than a placeholder; a name that is
    /// neither, inside a plural match, is an error naming both.
    private func classify(_ tag: inout Tag, open: inout [(key: String, selectors: [TemplateMatch.Selector])]) throws(Failure) {
        switch tag.kind {
        case .open(let key, let node):
            if case .match(let match) = node { open.append((key, match.selectors)) } else { open.append((key, [])) }
        case .close: _ = open.popLast()
        case .value(let path) where path.count == 1 && isKey(path[0], selectors: open.last?.selectors ?? []):
            tag.kind = .keys([.name(path[0].lowercased())])
        case .value(let path) where path.count == 1 && !placeholders.isEmpty && !placeholders.contains(path[0]):
            if let selectors = open.last?.selectors, selectors.count == 1, let selector = selectors.first, selector.kind != .select {
                let categories = PluralCategory.allCases.map(\.rawValue).joined(separator: ", ")
                throw Failure(
                    lineOffset: tag.line,
                    message: "'\(tag.written)' is neither a key of the \(selector.kind.rawValue) match on \(selector.name) "
                        + "(a CLDR plural category: \(categories); an exact number such as {{=1}}; or {{*}}) nor a placeholder")
            }
        default: break
        }
    }

    /// Ends the line whose pieces start at `lineStart`: a line of one section or comment tag and
    /// blanks keeps the tag alone (Mustache's standalone tags).
    private func endLine(_ pieces: inout [Piece], from lineStart: inout Int) {
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

    /// Whether `{{name}}` directly inside a match on `selectors` is a key (else a placeholder): a
    /// plural category for one plural or ordinal selector, any name but a placeholder's otherwise.
    private func isKey(_ name: String, selectors: [TemplateMatch.Selector]) -> Bool {
        guard let first = selectors.first else { return false }
        if selectors.count == 1, first.kind != .select { return PluralCategory(rawValue: name.lowercased()) != nil }
        return !placeholders.contains(name)
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
        if !triple, let keys = Self.keys(content) { return .keys(keys) }
        guard !triple, let sigil = content.first, "#^/!&><$=".contains(sigil) else {
            return .value(try path(content, written: written, line: line))
        }
        let rest = String(content.dropFirst()).trimmingBlanks
        switch sigil {
        case "!":
            return .comment
        case "&":
            return .value(try path(rest, written: written, line: line))
        case "#" where rest.hasPrefix("match") && rest.dropFirst(5).first.map({ $0 == " " || $0 == "\t" }) == true:
            let match = TemplateMatch(
                selectors: try selectors(String(rest.dropFirst(5)), written: written, line: line), branches: [], lineOffset: line)
            return .open(key: "match", .match(match))
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

    /// The keys of a match branch (`*`, `=1`, `* red`), or nil when `content` is not one: a lone
    /// name (`one`) is a key only inside a match block, which `pieces()` knows.
    private static func keys(_ content: String) -> [TemplateMatch.Key]? {
        let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, words.count > 1 || first == "*" || (first.hasPrefix("=") && first.count > 1) else { return nil }
        var keys: [TemplateMatch.Key] = []
        for word in words {
            let body = word.hasPrefix("=") ? word.dropFirst() : word[...]
            if word == "*" {
                keys.append(.any)
            } else if !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) {
                keys.append(word.hasPrefix("=") ? .exact(body.lowercased()) : .name(body.lowercased()))
            } else {
                return nil
            }
        }
        return keys
    }

    /// The selectors of `{{#match draws plural, current_color}}`: placeholder names, each with
    /// `plural`, `ordinal` or `select` (the default).
    private func selectors(_ text: String, written: String, line: Int) throws(Failure) -> [TemplateMatch.Selector] {
        var selectors: [TemplateMatch.Selector] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let words = part.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard (1...2).contains(words.count), words[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }),
                let kind = words.count == 2 ? TemplateMatch.Kind(rawValue: words[1]) : .select
            else {
                throw Failure(
                    lineOffset: line,
                    message: "'\(written)' is not a match such as {{#match draws plural}}, {{#match current_color}} or "
                        + "{{#match count plural, color}} (a placeholder, then plural, ordinal or select)")
            }
            selectors.append(TemplateMatch.Selector(name: words[0], kind: kind))
        }
        return selectors
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
        var builder = TreeBuilder(parser: self)
        var line = 0
        for piece in pieces {
            switch piece {
            case .text(let range):
                try builder.append(.text(String(decoding: bytes[range], as: UTF8.self)), line: line)
                line += bytes[range].count { $0 == Self.newline }
            case .tag(let tag):
                line = tag.line
                try builder.add(tag)
            }
        }
        return try builder.finish()
    }
}

extension TemplateParser {
    /// The stack of open sections `tree` builds the nodes in.
    private struct TreeBuilder {
        struct Open {
            var tag: Tag?
            var key: String
            var node: TemplateNode?
            var children: [TemplateNode] = []
            var match: TemplateMatch?
        }

        let parser: TemplateParser
        var stack = [Open(tag: nil, key: "", node: nil)]

        /// Adds `node` to the open section, or to the last branch of the open match block.
        mutating func append(_ node: TemplateNode, line: Int) throws(Failure) {
            guard var match = stack[stack.count - 1].match else {
                stack[stack.count - 1].children.append(node)
                return
            }
            guard !match.branches.isEmpty else {
                if case .text(let text) = node, text.allSatisfy(\.isWhitespace) { return }
                throw Failure(
                    lineOffset: line,
                    message:
                        "'\(stack[stack.count - 1].tag?.written ?? "")' has text before its first key (start with a key such as {{one}} or {{*}})")
            }
            match.branches[match.branches.count - 1].nodes.append(node)
            stack[stack.count - 1].match = match
        }

        /// Adds what `tag` says: a match key, a value, a section opened or closed (a comment: nothing).
        mutating func add(_ tag: Tag) throws(Failure) {
            switch tag.kind {
            case .comment:
                break
            case .keys(let keys):
                try startBranch(keys, tag: tag)
            case .value(let path):
                try append(.value(path), line: tag.line)
            case .open(let key, let node):
                guard stack.count <= parser.maxNesting else {
                    throw Failure(
                        lineOffset: tag.line,
                        message: "sections nest more than \(parser.maxNesting) deep at '\(tag.written)' (close a section before opening the next)")
                }
                var open = Open(tag: tag, key: key, node: node)
                if case .match(let match) = node { open.match = match }
                stack.append(open)
            case .close(let key):
                try close(key, tag: tag)
            }
        }

        /// Starts the branch of the open match block that `keys` name.
        private mutating func startBranch(_ keys: [TemplateMatch.Key], tag: Tag) throws(Failure) {
            guard var match = stack[stack.count - 1].match else {
                let isKey = keys.contains { if case .name = $0 { false } else { true } }
                throw Failure(
                    lineOffset: tag.line,
                    message: isKey
                        ? "'\(tag.written)' is a match key outside a {{#match …}} block"
                        : "'\(tag.written)' is not a placeholder (a name of letters, digits and _, such as {{issue}})")
            }
            try parser.check(keys, of: match, tag: tag)
            match.branches.append(TemplateMatch.Branch(keys: keys, nodes: [], lineOffset: tag.line))
            stack[stack.count - 1].match = match
        }

        /// Closes the open section `key`: a match block needs its default branch.
        private mutating func close(_ key: String, tag: Tag) throws(Failure) {
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
            guard let match = open.match else {
                try append(node.with(children: open.children), line: tag.line)
                return
            }
            guard match.branches.contains(where: { $0.keys.allSatisfy { $0 == .any } }) else {
                let star = Array(repeating: "*", count: match.selectors.count).joined(separator: " ")
                throw Failure(
                    lineOffset: openTag.line,
                    message: "'\(openTag.written)' has no {{\(star)}} branch: every match needs a default "
                        + "(ICU's other, MessageFormat 2's *) for the values no key names")
            }
            try append(.match(match), line: tag.line)
        }

        /// The top level's nodes, once no section is left open.
        func finish() throws(Failure) -> [TemplateNode] {
            if let open = stack.last, let tag = open.tag {
                throw Failure(lineOffset: tag.line, message: "'\(tag.written)' is never closed (add its {{/…}})")
            }
            return stack[0].children
        }
    }
}

extension TemplateParser {
    /// One key per selector; a plural or ordinal key is a CLDR category or an exact number.
    private func check(_ keys: [TemplateMatch.Key], of match: TemplateMatch, tag: Tag) throws(Failure) {
        guard keys.count == match.selectors.count else {
            let names = match.selectors.map(\.name).joined(separator: ", ")
            throw Failure(
                lineOffset: tag.line,
                message: "'\(tag.written)' has \(keys.count) key(s), but the match chooses on \(match.selectors.count) (\(names)): one key each")
        }
        for (key, selector) in zip(keys, match.selectors) where selector.kind != .select {
            switch key {
            case .any: continue
            case .exact(let value) where PluralOperands(value) != nil: continue
            case .name(let name) where PluralCategory(rawValue: name) != nil: continue
            default:
                let categories = PluralCategory.allCases.map(\.rawValue).joined(separator: ", ")
                throw Failure(
                    lineOffset: tag.line,
                    message: "'\(key)' in '\(tag.written)' is not a CLDR plural category (\(categories)), an exact number such as =1, "
                        + "or * for \(selector.name) \(selector.kind.rawValue)")
            }
        }
    }
}

extension TemplateNode {
    /// A section node with `children` in place of its own.
    fileprivate func with(children: [TemplateNode]) -> TemplateNode {
        switch self {
        case .section(let path, let inverted, _): .section(path, inverted: inverted, children)
        case .variant(let variant, let inverted, _): .variant(variant, inverted: inverted, children)
        case .text, .value, .match: self
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
