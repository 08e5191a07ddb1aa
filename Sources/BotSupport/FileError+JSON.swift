// SPDX-License-Identifier: Apache-2.0
/// A `FileError` as JSON, for scripts (`redgreen-bot locales check --json`):
/// `{"file","line","column","key","code","message"}`, with `line` and `column` null when unknown.
extension FileError: Encodable {
    package enum CodingKeys: String, CodingKey {
        case file, line, column, key, code, message
    }

    /// Encodes every field; an unknown line or column is `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(key, forKey: .key)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}
