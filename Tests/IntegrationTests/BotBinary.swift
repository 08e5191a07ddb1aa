// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation

/// The built `redgreen-bot`: `REDGREEN_BOT_BIN` (set by `make test`) or the debug build.
enum BotBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["REDGREEN_BOT_BIN"], !path.isEmpty { return path }
        return RepoPaths.root + "/.build/debug/redgreen-bot"
    }

    /// Fails with a clear message when the binary has not been built.
    static func require() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingBinary(path: path)
        }
        return path
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var path: String
        var description: String { "no redgreen-bot at \(path): run `swift build` first (make test does)" }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "/redgreen-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
