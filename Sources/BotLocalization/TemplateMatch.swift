// SPDX-License-Identifier: Apache-2.0
/// A `{{#match …}}` block: one or more selectors (`draws plural`, `current_color`) and the
/// branches that choose between them by their keys (`{{one}}`, `{{=1}}`, `{{red}}`, `{{*}}`), as
/// ICU MessageFormat's `plural`, `selectordinal` and `select` and MessageFormat 2's `.match` do.
/// Every block has a branch whose keys are all `*` (the parser refuses one without), so a value
/// no key names still shows a text.
struct TemplateMatch: Sendable, Equatable {
    /// How a selector compares its placeholder's value with a branch's keys.
    enum Kind: String, Sendable, CaseIterable {
        /// The value's CLDR cardinal plural category (`one`, `few`, …) or an exact number (`=1`).
        case plural
        /// The value's CLDR ordinal category (1st `one`, 2nd `two`, 3rd `few`) or an exact number.
        case ordinal
        /// The value itself (a colour name, a game type), compared case-insensitively.
        case select
    }

    /// One placeholder a block chooses on, and how.
    struct Selector: Sendable, Equatable {
        var name: String
        var kind: Kind
    }

    /// One key of a branch, for one selector.
    enum Key: Sendable, Equatable, CustomStringConvertible {
        /// `=1`, `=red`: this exact value.
        case exact(String)
        /// `one`, `red`: a plural category (plural, ordinal) or a value (select).
        case name(String)
        /// `*`: any value.
        case any

        var description: String {
            switch self {
            case .exact(let value): "=\(value)"
            case .name(let name): name
            case .any: "*"
            }
        }
    }

    /// The keys (one per selector) and the text shown when they are the best match.
    struct Branch: Sendable, Equatable {
        var keys: [Key]
        var nodes: [TemplateNode]
        /// Where the branch's key tag is, as the parser counts lines (0 is the template's first).
        var lineOffset: Int
    }

    var selectors: [Selector]
    var branches: [Branch]
    /// The line of the `{{#match …}}` tag (0 is the template's first).
    var lineOffset: Int

    /// The branch for `values` (the raw value of each selector's placeholder, by name): for each
    /// selector an exact key beats a category or value key, which beats `*`; the first selector
    /// decides first (MessageFormat 2's order). A value that is missing or not a number (for
    /// plural and ordinal) matches only `*`.
    func branch(values: [String: String], cardinal: PluralRules, ordinal: PluralRules) -> Branch? {
        let chosen: [(exact: String?, category: String?)] = selectors.map { selector in
            guard let value = values[selector.name] else { return (nil, nil) }
            switch selector.kind {
            case .select:
                let lowered = value.lowercased()
                return (lowered, lowered)
            case .plural, .ordinal:
                guard let operands = PluralOperands(value) else { return (nil, nil) }
                let rules = selector.kind == .plural ? cardinal : ordinal
                return (value, rules.category(for: operands).rawValue)
            }
        }
        var best: (branch: Branch, score: [Int])?
        for branch in branches {
            var score: [Int] = []
            for (key, value) in zip(branch.keys, chosen) {
                switch key {
                case .any: score.append(0)
                case .name(let name) where name == value.category: score.append(1)
                case .exact(let exact) where exact == value.exact: score.append(2)
                default: break
                }
            }
            guard score.count == branch.keys.count else { continue }
            // On a tie the branch written first wins.
            if let current = best, !current.score.lexicographicallyPrecedes(score) { continue }
            best = (branch, score)
        }
        return best?.branch
    }
}
