// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A secret a config names but never holds: an environment variable (`<…>_env`) or a file
/// (`<…>_file`) gives it, and a literal value in the config is refused. Every secret of a config
/// (the Redis and Sentinel passwords, bot tokens, webhook URLs, signing secrets, the peer token) is
/// read here, so that each is found, refused and trimmed alike: a file's value loses the white
/// space and line breaks at its ends (an editor's last newline), and an empty value is none.
package struct SecretSetting {
    /// The key whose literal value is refused (`token`, `password`), if the config has one.
    package var literal: String?
    /// The key naming the environment variable (`token_env`).
    package var env: String
    /// The key naming the file (`token_file`), if the secret may come from one.
    package var file: String?
    /// What the secret is, for messages ("the bot token").
    package var what: String
    /// Whether an unset or empty environment variable is an error, or means no secret.
    package var unsetVariable: UnsetVariable = .error

    /// A secret under `env` (and `file`, refusing `literal`), described as `what`.
    package init(literal: String? = nil, env: String, file: String? = nil, what: String, unsetVariable: UnsetVariable = .error) {
        self.literal = literal
        self.env = env
        self.file = file
        self.what = what
        self.unsetVariable = unsetVariable
    }

    /// What an unset or empty environment variable means.
    package enum UnsetVariable { case error, absent }

    /// Where the secret came from, and its value.
    package struct Resolved {
        /// The environment variable named, if any.
        package var variable: String?
        /// The file named, if any.
        package var file: String?
        /// The secret, or nil when none is configured (or its variable is unset, where that means none).
        package var secret: Secret?
    }

    /// The secret of `keys` (the mapping `tree`), from `environment` or its file. Throws naming the
    /// key at fault: a literal value, both sources given, an unset variable, an unreadable or empty file.
    package func resolve(_ keys: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) -> Resolved {
        if let literal, let value = keys[literal] {
            throw value.error(
                .secretInFile, "\(what) does not belong in a config file: put it in an environment variable named by \(env)"
                    + (file.map { ", or in a file named by \($0)" } ?? ""))
        }
        if let file, keys[env] != nil && keys[file] != nil { throw tree.error(.invalidValue, "set \(env) or \(file), not both") }
        if let envTree = keys[env] {
            let name = try envTree.nonEmptyString()
            guard let value = environment[name], !value.isEmpty else {
                if unsetVariable == .absent { return Resolved(variable: name) }
                throw envTree.error(.missingKey, "the environment variable \(name) (\(what)) is unset or empty")
            }
            return Resolved(variable: name, secret: Secret(value))
        }
        if let file, let fileTree = keys[file] {
            let path = try fileTree.nonEmptyString()
            let contents: String
            do throws(TextFile.Problem) {
                contents = try TextFile.text(path: path, limit: TextFile.secretLimit)
            } catch {
                throw fileTree.error(.unreadable, "cannot read \(what) from '\(path)': it \(error.message)")
            }
            let value = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw fileTree.error(.invalidValue, "'\(path)' (\(what)) is empty") }
            return Resolved(file: path, secret: Secret(value))
        }
        return Resolved()
    }

    /// As `resolve`, for a secret the config must give: throws naming both keys when it gives none.
    package func require(_ keys: [String: YAMLTree], tree: YAMLTree, environment: [String: String]) throws(FileError) -> Secret {
        guard let secret = try resolve(keys, tree: tree, environment: environment).secret else {
            throw tree.error(.missingKey, "\([env, file].compactMap { $0 }.joined(separator: " or ")) is required (\(what))")
        }
        return secret
    }
}

/// A secret value (password, token) that prints as `***`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; pass it on, never log it.
    public let value: String
    /// Wraps `value`.
    public init(_ value: String) { self.value = value }
    /// Always `***`.
    public var description: String { "***" }
    /// Always `***`.
    public var debugDescription: String { "***" }
}
