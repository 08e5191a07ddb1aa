// SPDX-License-Identifier: Apache-2.0
/// An error in a file a user edits (a config or a locale): names the file, the key and, where
/// known, the line, so that the message alone says what to fix.
public struct FileError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, in a word a script can branch on.
    public enum Code: String, Sendable {
        case unreadable, syntax, missingKey, unknownKey, wrongType, invalidValue, secretInFile
    }

    /// What went wrong.
    public var code: Code
    /// The file at fault, as the user named it.
    public var file: String
    /// The dotted key at fault (`redis.timeout`, `sinks[1].format`); empty for the whole file.
    public var key: String
    /// The 1-based line of the key, when known.
    public var line: Int?
    /// The 1-based column, when known (YAML syntax errors).
    public var column: Int?
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error for `file` at `key`.
    public init(_ code: Code, file: String, key: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.key = key
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: key: message`, the shape compilers and linters use.
    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": "
        if !key.isEmpty { out += "\(key): " }
        return out + message
    }
}
