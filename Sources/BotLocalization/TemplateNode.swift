// SPDX-License-Identifier: Apache-2.0
/// One part of a parsed message template: literal text, a value, or a section shown on a
/// condition. Sections nest at most `MessageTemplate.maxNesting` deep (the parser refuses deeper),
/// so walking a tree recursively is bounded.
indirect enum TemplateNode: Sendable, Equatable {
    /// Text written as it is.
    case text(String)
    /// `{{name}}` or `{{ordinal.few}}`: the value of a placeholder, by its dotted path.
    case value([String])
    /// `{{#name}}…{{/name}}` (or `{{^name}}` when `inverted`): shown when the value is true or
    /// present (inverted: when it is false or absent).
    case section([String], inverted: Bool, [TemplateNode])
    /// `{{#color=violet}}…{{/color=violet}}` (or `{{^…}}`): shown when the placeholder's value is
    /// the one named, compared case-insensitively (inverted: when it is not).
    case variant(MessageTemplate.Variant, inverted: Bool, [TemplateNode])
    /// `{{#match draws plural}}{{one}}…{{*}}…{{/match}}`: the branch whose keys best match the
    /// selectors' values.
    case match(TemplateMatch)
}

/// Renders a parsed template with named values: strings as they are, `Bool` for a section, a
/// dictionary for a dotted name (`ordinal` → `few` → true). Variant sections and `match` blocks
/// compare the raw values in `variants` (a number's digits, a colour's name), plural selectors
/// by `cardinal` and ordinal ones by `ordinal`.
struct TemplateRendering {
    let values: [String: Any]
    let variants: [String: String]
    let cardinal: PluralRules
    let ordinal: PluralRules

    /// The value at `path`, looked up through nested dictionaries; nil when any step is missing.
    func lookup(_ path: [String]) -> Any? {
        guard let first = path.first else { return nil }
        // A colour's form (`streak_color.object`) is given flat, under its dotted name.
        if path.count > 1, let flat = values[path.joined(separator: ".")] { return flat }
        var current: Any? = values[first]
        for step in path.dropFirst() {
            guard let dictionary = current as? [String: Any] else { return nil }
            current = dictionary[step]
        }
        return current
    }

    /// True for `true` and for any value that is present and not a `Bool` (Mustache's rule).
    func isShown(_ path: [String]) -> Bool {
        switch lookup(path) {
        case let flag as Bool: flag
        case .some: true
        case .none: false
        }
    }

    func render(_ nodes: [TemplateNode], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .value(let path):
                switch lookup(path) {
                case let text as String: out += text
                case let value as any CustomStringConvertible: out += value.description
                default: break
                }
            case .section(let path, let inverted, let children):
                if isShown(path) != inverted { render(children, into: &out) }
            case .variant(let variant, let inverted, let children):
                let matches = variants[variant.name]?.lowercased() == variant.value
                if matches != inverted { render(children, into: &out) }
            case .match(let match):
                if let branch = match.branch(values: variants, cardinal: cardinal, ordinal: ordinal) { render(branch.nodes, into: &out) }
            }
        }
    }
}
