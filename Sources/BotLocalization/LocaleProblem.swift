// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// One finding of `redgreen-bot locales check`: an error, which a bot would refuse to start on
/// (or which breaks a sink's posts), or a warning, worth a look but harmless to run with.
public struct LocaleProblem: Sendable, Equatable, CustomStringConvertible, Encodable {
    /// How bad a finding is.
    public enum Severity: String, Sendable, Encodable {
        /// Fails the check (exit status 1).
        case error
        /// Reported; does not fail the check.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, key, line and message.
    public var problem: FileError

    /// A finding of `severity`.
    public init(_ severity: Severity, _ problem: FileError) {
        self.severity = severity
        self.problem = problem
    }

    /// `file:line: error: key: message` (or `warning:`), the shape compilers use.
    public var description: String {
        var out = problem.file
        if let line = problem.line { out += ":\(line)" }
        out += ": \(severity.rawValue): "
        if !problem.key.isEmpty { out += "\(problem.key): " }
        return out + problem.message
    }

    /// The problem's fields (`FileError`'s JSON) with `severity` added.
    public func encode(to encoder: any Encoder) throws {
        try problem.encode(to: encoder)
        var container = encoder.container(keyedBy: SeverityKey.self)
        try container.encode(severity, forKey: .severity)
    }

    private enum SeverityKey: String, CodingKey { case severity }
}
