// SPDX-License-Identifier: Apache-2.0
/// A locale text in ICU MessageFormat, as XLIFF tools (Crowdin, Lokalise, Phrase, Weblate) edit
/// plural and select messages: `{{issue}}` is `{issue}`, a `{{#match draws plural}}` block is
/// `{draws, plural, one {…} other {…}}` (a match on several placeholders nests one per
/// selector), a variant section `{{#color=violet}}…{{/color=violet}}` a `select` with an empty
/// `other`, and a plural phrase's category sections (`{{#one}}…{{/one}}{{#other}}…{{/other}}`)
/// one `{count, plural, …}`. `ICUMessage.read` turns ICU back into a template, writing every
/// choice as a `{{#match}}` block; anything else a template has (a `{{#name}}` section) stays
/// Mustache, quoted as ICU literal text.
enum ICUMessage {
    /// The names the text of `key` may use, nil for a key that is not a template.
    static func placeholders(of key: String) -> Set<String>? {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "messages": return Set(MessageTemplate.placeholders(ofMessage: parts[1]).keys)
        case "plurals": return Set(MessageTemplate.phrasePlaceholders.keys)
        default: return nil
        }
    }

    /// `text`, the value of `key`, in ICU MessageFormat; a text that is not a template, or that
    /// does not parse, as literal text.
    static func write(_ text: String, key: String) -> String {
        guard let names = placeholders(of: key),
            let nodes = try? TemplateParser.parse(text, maxNesting: MessageTemplate.maxNesting, placeholders: names)
        else { return literal(text, inPlural: false) }
        var writer = Writer(isPhrase: key.hasPrefix("plurals."))
        writer.write(nodes, inPlural: false)
        return writer.out
    }

    /// `text` as ICU literal text: `'` doubled, `{`, `}` (and `#` in a plural branch) quoted.
    static func literal(_ text: String, inPlural: Bool) -> String {
        var out = ""
        var quoting = false
        for character in text {
            if character == "{" || character == "}" || (inPlural && character == "#") {
                if !quoting { out += "'" }
                quoting = true
                out.append(character)
            } else if character == "'" {
                out += "''"
            } else {
                if quoting { out += "'" }
                quoting = false
                out.append(character)
            }
        }
        return quoting ? out + "'" : out
    }

    private struct Writer {
        let isPhrase: Bool
        var out = ""

        mutating func write(_ nodes: [TemplateNode], inPlural: Bool) {
            var index = 0
            while index < nodes.count {
                if isPhrase, let (group, kind) = categoryGroup(nodes, from: index) {
                    writeGroup(Array(nodes[index..<index + group]), kind: kind)
                    index += group
                    continue
                }
                write(nodes[index], inPlural: inPlural)
                index += 1
            }
        }

        mutating func write(_ node: TemplateNode, inPlural: Bool) {
            switch node {
            case .text(let text):
                out += ICUMessage.literal(text, inPlural: inPlural)
            case .value(let path):
                out += "{\(path.joined(separator: "."))}"
            case .variant(let variant, let inverted, let children):
                let number = MessageTemplate.numberNames.contains(variant.name) && Int(variant.value) != nil
                out += "{\(variant.name), \(number ? "plural" : "select"), \(number ? "=" : "")\(variant.value) {"
                if !inverted { write(children, inPlural: number || inPlural) }
                out += "} other {"
                if inverted { write(children, inPlural: number || inPlural) }
                out += "}}"
            case .match(let match):
                writeMatch(match.selectors, match.branches.map { ($0.keys, $0.nodes) }, inPlural: inPlural)
            case .section(let path, let inverted, let children):
                let name = path.joined(separator: ".")
                out += ICUMessage.literal("{{\(inverted ? "^" : "#")\(name)}}", inPlural: false)
                write(children, inPlural: inPlural)
                out += ICUMessage.literal("{{/\(name)}}", inPlural: false)
            }
        }

        /// How many nodes from `start` are a phrase's plural sections of one kind (`{{#one}}`,
        /// `{{#=1}}`; or `{{#ordinal.few}}`), and which kind.
        private func categoryGroup(_ nodes: [TemplateNode], from start: Int) -> (Int, String)? {
            func kind(_ node: TemplateNode) -> String? {
                switch node {
                case .section(let path, false, _) where path.count == 1 && PluralCategory(rawValue: path[0]) != nil: "plural"
                case .section(let path, false, _) where path.count == 2 && path[0] == "ordinal" && PluralCategory(rawValue: path[1]) != nil:
                    "selectordinal"
                case .variant(let variant, false, _) where variant.name == "count" && Int(variant.value) != nil: "plural"
                default: nil
                }
            }
            guard let first = kind(nodes[start]) else { return nil }
            var end = start + 1
            while end < nodes.count, kind(nodes[end]) == first { end += 1 }
            return (end - start, first)
        }

        private mutating func writeGroup(_ nodes: [TemplateNode], kind: String) {
            var branches: [(String, [TemplateNode])] = []
            for node in nodes {
                switch node {
                case .section(let path, _, let children): branches.append((path.last!, children))
                case .variant(let variant, _, let children): branches.append(("=\(variant.value)", children))
                default: continue
                }
            }
            out += "{count, \(kind),"
            for (key, children) in branches {
                out += " \(key) {"
                write(children, inPlural: true)
                out += "}"
            }
            if !branches.contains(where: { $0.0 == "other" }) { out += " other {}" }
            out += "}"
        }

        /// A match on `selectors`, nested one selector per level.
        private mutating func writeMatch(
            _ selectors: [TemplateMatch.Selector], _ branches: [([TemplateMatch.Key], [TemplateNode])], inPlural outer: Bool
        ) {
            guard let selector = selectors.first else { return }
            let kind = ["plural": "plural", "ordinal": "selectordinal", "select": "select"][selector.kind.rawValue]!
            let inPlural = outer || selector.kind != .select
            var order: [TemplateMatch.Key] = []
            for branch in branches where !order.contains(branch.0[0]) { order.append(branch.0[0]) }
            out += "{\(selector.name), \(kind),"
            for key in order {
                let rest = branches.filter { $0.0[0] == key }.map { (Array($0.0.dropFirst()), $0.1) }
                switch key {
                case .any: out += " other {"
                case .exact(let value): out += selector.kind == .select ? " \(value) {" : " =\(value) {"
                case .name(let name): out += " \(name) {"
                }
                if selectors.count == 1 {
                    write(rest[0].1, inPlural: inPlural)
                } else {
                    writeMatch(Array(selectors.dropFirst()), rest, inPlural: inPlural)
                }
                out += "}"
            }
            if !order.contains(.any) { out += " other {}" }
            out += "}"
        }
    }
}
