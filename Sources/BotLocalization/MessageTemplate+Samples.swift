// SPDX-License-Identifier: Apache-2.0
extension MessageTemplate {
    /// Values of each placeholder the template chooses on that, between them, show every branch
    /// it has for that placeholder, for `locales preview --all-branches`: a number for each plural
    /// or ordinal category a `{{#match}}` or a `{{#one}}` section names (the smallest whole
    /// number in it), each exact key (`=1`), each colour or value a selector or variant section
    /// names, and one value for `{{*}}` that no other key takes, when there is one. `colors` are
    /// the colours a colour placeholder can take; numbers are taken from `lowest` on (1 for a count
    /// of draws, which is never 0). Keys: `count` for a counted phrase's count.
    public func branchSamples(colors: [String], lowest: Int = 0) -> [String: [String]] {
        var samples = SampleList()
        for match in matches {
            for (index, selector) in match.selectors.enumerated() {
                let keys = match.branches.map { $0.keys[index] }
                samples.add(selector.name, values(for: keys, selector: selector, colors: colors, lowest: lowest))
            }
        }
        for variant in variants.sorted(by: { $0.description < $1.description }) {
            let others =
                Self.colorNames.contains(variant.name) ? colors.filter { $0 != variant.value } : ["0", "1", "2"].filter { $0 != variant.value }
            samples.add(variant.name, [variant.value] + others.prefix(1))
        }
        let sections = PluralCategory.allCases.filter { names.contains($0.rawValue) }
        if !sections.isEmpty {
            let exact = variants.filter { $0.name == "count" }.map(\.value).sorted()
            samples.add("count", exact + sections.compactMap { Self.smallest(in: $0, rules: cardinalRules, lowest: lowest) })
        }
        if !ordinalCategories.isEmpty {
            samples.add("count", ordinalCategories.sorted().compactMap { Self.smallest(in: $0, rules: ordinalRules, lowest: lowest) })
        }
        return samples.byName
    }

    private func values(for keys: [TemplateMatch.Key], selector: TemplateMatch.Selector, colors: [String], lowest: Int) -> [String] {
        var out: [String] = []
        var named: Set<String> = []
        // A category's number is not one an exact key takes (`=1` beats `one`: 21 shows `one` in Russian).
        let exact = keys.compactMap { key -> Int? in if case .exact(let value) = key { Int(value) } else { nil } }
        for key in keys {
            switch key {
            case .exact(let value):
                out.append(value)
                named.insert(value.lowercased())
            case .name(let name):
                named.insert(name.lowercased())
                if selector.kind == .select {
                    out.append(name)
                } else if let category = PluralCategory(rawValue: name) {
                    let rules = selector.kind == .plural ? cardinalRules : ordinalRules
                    out += (lowest...1000).first { !exact.contains($0) && rules.category(for: $0) == category }.map { [String($0)] } ?? []
                }
            case .any:
                break
            }
        }
        // A value for `{{*}}`: one no key names (a number in no named category, a colour no key names).
        if selector.kind == .select {
            let pool = Self.colorNames.contains(selector.name) ? colors : ["other"]
            out += pool.first { !named.contains($0.lowercased()) }.map { [$0] } ?? []
        } else {
            let rules = selector.kind == .plural ? cardinalRules : ordinalRules
            out +=
                (lowest...1000).first { !named.contains(String($0)) && !named.contains(rules.category(for: $0).rawValue) }.map { [String($0)] } ?? []
        }
        return out
    }

    /// The smallest whole number from `lowest` to 1000 in `category`, as text.
    private static func smallest(in category: PluralCategory, rules: PluralRules, lowest: Int) -> String? {
        (lowest...1000).first { rules.category(for: $0) == category }.map(String.init)
    }
}

/// Values by placeholder name, each once, in the order first added.
private struct SampleList {
    var byName: [String: [String]] = [:]

    mutating func add(_ name: String, _ values: [String]) {
        for value in values where !(byName[name] ?? []).contains(value) { byName[name, default: []].append(value) }
    }
}
