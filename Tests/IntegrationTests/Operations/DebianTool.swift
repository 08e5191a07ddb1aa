// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A program from a Debian package that a test needs (`promtool` from `prometheus`, `stunnel4`,
/// `lintian`): found in /usr/bin, /usr/sbin or on PATH, or the test fails saying what to install.
enum DebianTool {
    /// The path of `name`; throws naming `package` when it is not installed.
    static func require(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"] + path.split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(name: name, package: package)
    }

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var package: String
        var description: String {
            "\(name) is not installed: apt-get install \(package) (make test installs it with the rest of TEST_PKGS)"
        }
    }
}
