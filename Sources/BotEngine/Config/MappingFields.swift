// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// The keys of a `mapping` block as written: a field given a path, set to null, or not given.
struct MappingFields {
    var paths: [ResponseMapping.Key: FieldPath?] = [:]

    static func parse(_ tree: YAMLTree) throws(FileError) -> MappingFields {
        let keys = try tree.mapping(allowed: Set(ResponseMapping.Key.allCases.map(\.rawValue)))
        var fields = MappingFields()
        for key in ResponseMapping.Key.allCases {
            guard let value = keys[key.rawValue] else { continue }
            let optional = key == .colors || key == .time
            if value.isNull || (optional && (try? value.string())?.isEmpty == true) {
                guard optional else { throw value.error(.invalidValue, "is required: a dot path such as \(example(key))") }
                fields.paths[key] = .some(nil)
                continue
            }
            let text = try value.nonEmptyString()
            guard let path = FieldPath(text) else {
                throw value.error(.invalidValue, "expected a dot path such as \(example(key)) (keys separated by dots, none empty), got '\(text)'")
            }
            fields.paths[key] = .some(path)
        }
        return fields
    }

    static func example(_ key: ResponseMapping.Key) -> String {
        switch key {
        case .records: "data.records"
        case .issue: "issueNumber"
        case .value: "number"
        case .colors: "resultFormatValueI18n"
        case .time: "openTime"
        }
    }

    /// The mapping these keys describe on their own; `records`, `issue` and `value` are required.
    func complete(missingIn tree: YAMLTree) throws(FileError) -> ResponseMapping {
        func required(_ key: ResponseMapping.Key) throws(FileError) -> FieldPath {
            guard case .some(.some(let path)) = paths[key] else {
                let prefix = tree.path.isEmpty ? "" : "\(tree.path)."
                throw FileError(
                    .missingKey, file: tree.file, key: "\(prefix)\(key.rawValue)", line: tree.line,
                    "is required: a dot path such as \(Self.example(key)) (or name a preset with upstream.preset)"
                )
            }
            return path
        }
        return ResponseMapping(
            records: try required(.records), issue: try required(.issue), value: try required(.value),
            colors: paths[.colors] ?? nil, time: paths[.time] ?? nil
        )
    }

    /// Replaces the fields given here.
    func override(_ mapping: inout ResponseMapping) {
        for (key, path) in paths {
            switch key {
            case .records: if let path { mapping.records = path }
            case .issue: if let path { mapping.issue = path }
            case .value: if let path { mapping.value = path }
            case .colors: mapping.colors = path
            case .time: mapping.time = path
            }
        }
    }
}
