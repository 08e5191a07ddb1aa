// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension ResponseMapping {
    /// The keys of a config's `upstream` block that describe the response mapping.
    static let upstreamKeys: Set<String> = ["preset", "mapping", "colors_by_last_digit"]

    /// The folder of presets, next to the config file that names one: `<config dir>/presets`,
    /// spelled as the config's path was (relative paths stay relative to the working directory).
    package static func presetsDirectory(forConfig file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "./presets" }
        return String(file[..<slash]) + "/presets"
    }

    /// The presets in `directory`: the names of its `*.yaml` files, sorted.
    package static func availablePresets(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads the preset file at `path` (`mapping` and `colors_by_last_digit`, as in a config's
    /// `upstream` block); errors name that file and its key.
    package static func loadPreset(path: String, name: String) throws(FileError) -> ResponseMapping {
        let tree = try YAMLTree.load(path: path)
        let keys = try tree.mapping(allowed: ["mapping", "colors_by_last_digit"])
        guard let mappingTree = keys["mapping"] else { throw tree.error(.missingKey, "mapping is required in a preset") }
        let fields = try MappingFields.parse(mappingTree)
        var mapping = try fields.complete(missingIn: mappingTree)
        mapping.preset = name
        if let digits = keys["colors_by_last_digit"] { mapping.colorsByLastDigit = try parseDigitColors(digits) }
        try mapping.checkColorSource(tree: keys["colors_by_last_digit"] ?? mappingTree)
        return mapping
    }

    /// The mapping of a config's `upstream` block (`keys`; `upstream` is the block itself):
    ///
    /// - neither `preset` nor `mapping`: the original shape;
    /// - `preset: <name>`: `<config dir>/presets/<name>.yaml`, whose keys `mapping` overrides one by one;
    /// - `mapping` alone: a full description (`records`, `issue`, `value` required; `colors` and
    ///   `time` absent unless given).
    ///
    /// `colors_by_last_digit` replaces the preset's (or the original) table as a whole.
    static func parse(_ keys: [String: YAMLTree], block upstream: YAMLTree) throws(FileError) -> ResponseMapping {
        var mapping = ResponseMapping.original
        if let presetTree = keys["preset"] {
            mapping = try preset(presetTree)
        }
        if let mappingTree = keys["mapping"] {
            let fields = try MappingFields.parse(mappingTree)
            if keys["preset"] != nil {
                fields.override(&mapping)
            } else {
                mapping = try fields.complete(missingIn: mappingTree)
            }
        }
        if let digits = keys["colors_by_last_digit"] { mapping.colorsByLastDigit = try parseDigitColors(digits) }
        try mapping.checkColorSource(tree: keys["colors_by_last_digit"] ?? keys["mapping"] ?? keys["preset"] ?? upstream)
        return mapping
    }

    private static func preset(_ tree: YAMLTree) throws(FileError) -> ResponseMapping {
        let name = try tree.nonEmptyString()
        let directory = presetsDirectory(forConfig: tree.file)
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw tree.error(.invalidValue, "expected a preset name such as list (a file \(directory)/<name>.yaml), got '\(name)'")
        }
        let path = "\(directory)/\(name).yaml"
        guard FileManager.default.fileExists(atPath: path) else {
            let known = availablePresets(in: directory)
            let listed = known.isEmpty ? "none found there" : "presets: \(known.joined(separator: ", "))"
            throw tree.error(.invalidValue, "unknown preset '\(name)': no \(path) (\(listed))")
        }
        return try loadPreset(path: path, name: name)
    }

    /// `colors_by_last_digit`: keys are digits or comma-separated digits (`"1,3,7,9"`), values a
    /// list of colour names (or one name); each digit at most once.
    static func parseDigitColors(_ tree: YAMLTree) throws(FileError) -> LastDigitColors {
        var table: [Int: [String]] = [:]
        let entries = try tree.mapping(allowed: [])
        for key in entries.keys.sorted() {
            let entry = entries[key]!
            var digits: [Int] = []
            for part in key.split(separator: ",", omittingEmptySubsequences: false) {
                let text = part.trimmingCharacters(in: .whitespaces)
                guard text.count == 1, let digit = text.first?.wholeNumberValue, text.first!.isASCII else {
                    throw entry.error(.invalidValue, "expected a digit 0-9 or digits separated by commas such as \"1,3,7,9\", got '\(key)'")
                }
                digits.append(digit)
            }
            let names: [String]
            if case .sequence = entry.node {
                names = try entry.sequence().map { item throws(FileError) in try item.nonEmptyString().trimmingCharacters(in: .whitespaces) }
            } else {
                names = DrawDecoder.splitColorNames(try entry.string())
            }
            guard !names.isEmpty else { throw entry.error(.invalidValue, "list at least one colour name, such as [green, violet]") }
            for digit in digits {
                if table[digit] != nil { throw entry.error(.invalidValue, "digit \(digit) has a colour rule already") }
                table[digit] = names
            }
        }
        return LastDigitColors(table: table)
    }

    /// A mapping with no `colors` field needs colours by digit.
    private func checkColorSource(tree: YAMLTree) throws(FileError) {
        if colors == nil && colorsByLastDigit.isEmpty {
            throw tree.error(
                .invalidValue, "draws would have no colours: set upstream.mapping.colors or give rules in upstream.colors_by_last_digit"
            )
        }
    }
}
