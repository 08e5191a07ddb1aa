import Foundation

extension LocaleBundle {
    /// Loads `<directory>/<code>.yaml`.
    public static func load(code: String, directory: String) throws(FileError) -> LocaleBundle {
        let path = (directory as NSString).appendingPathComponent("\(code).yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            let available = (try? availableCodes(in: directory)) ?? []
            let hint = available.isEmpty ? "no locale files there" : "available: \(available.joined(separator: ", "))"
            throw FileError(.unreadable, file: path, key: "", "no such locale file (\(hint))")
        }
        return try load(path: path)
    }

    /// Loads and validates one locale file; the code is the file's base name.
    public static func load(path: String) throws(FileError) -> LocaleBundle {
        let code = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(YAMLTree.load(path: path), code: code)
    }

    /// Parses locale text; `file` names it in errors and `code` is its locale code.
    public static func parse(yaml: String, file: String, code: String) throws(FileError) -> LocaleBundle {
        try parse(YAMLTree.parse(yaml, file: file), code: code)
    }

    static func parse(_ tree: YAMLTree, code: String) throws(FileError) -> LocaleBundle {
        let keys = try tree.mapping(allowed: ["code", "name", "log_prefix", "colors", "color_separator", "messages"])
        func required(_ key: String) throws(FileError) -> YAMLTree {
            guard let value = keys[key] else { throw FileError(.missingKey, file: tree.file, key: key, "is required") }
            return value
        }
        if let declared = keys["code"], try declared.string() != code {
            throw declared.error(.invalidValue, "says '\(try declared.string())' but the file is named \(code).yaml")
        }
        let name = try required("name").nonEmptyString()
        let prefix = try required("log_prefix").nonEmptyString()

        let colorsTree = try required("colors")
        var labels: [String: String] = [:]
        for (color, label) in try colorsTree.mapping(allowed: []) {
            labels[color.lowercased()] = try label.nonEmptyString()
        }
        for color in requiredColors where labels[color] == nil {
            throw FileError(.missingKey, file: tree.file, key: "colors.\(color)", line: colorsTree.line, "is required (a label such as 'GREEN 🟢')")
        }
        let separator = try keys["color_separator"]?.string() ?? " "

        let messagesTree = try required("messages")
        let messages = try messagesTree.mapping(allowed: ["result"])
        guard let result = messages["result"] else {
            throw FileError(.missingKey, file: tree.file, key: "messages.result", line: messagesTree.line, "is required")
        }
        let template = try MessageTemplate(result.nonEmptyString(), file: tree.file, key: "messages.result", line: result.line.map { $0 + 1 })
        return LocaleBundle(
            code: code, file: tree.file, displayName: name, logPrefix: prefix, colorLabels: labels,
            colorSeparator: separator, resultTemplate: template
        )
    }

    /// The codes of the locale files in `directory`, sorted.
    public static func availableCodes(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") }
            .map { ($0 as NSString).deletingPathExtension }
            .sorted()
    }
}
