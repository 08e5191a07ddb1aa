// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Paths inside this repository, for tests that read the shipped locale and config files.
public enum RepoPaths {
    /// The repository's root directory.
    public static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// `Locales/`.
    public static var locales: String { root + "/Locales" }
    /// `Config/`.
    public static var config: String { root + "/Config" }
}
