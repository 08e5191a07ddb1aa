// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Locale files written at test time.
public enum LocaleFiles {
    /// The colour labels of `full`, as lines under `colors:`.
    public static let labels = """
          red: "RED"
          green: "GREEN"
          violet: "VIOLET"
        """

    /// A complete locale text; `extra` lines go at the top level, before the sections; `colors`
    /// are the lines under `colors:`.
    public static func full(
        name: String = "Test", prefix: String = "[XX]", extra: String = "", colors: String = labels,
        streak: String = "{{count}} {{#one}}draw{{/one}}{{#other}}draws{{/other}}",
        result: String = "{{issue}} {{colors}} {{history}} {{streak_color}} {{streak}}"
    ) -> String {
        """
        name: \(name)
        log_prefix: "\(prefix)"
        \(extra)
        colors:
        \(colors)
        color_separator: " + "
        color_symbols:
          red: "r"
          green: "g"
          violet: "v"
        plurals:
          streak: "\(streak)"
        messages:
          result: "\(result)"

        """
    }

    /// A fresh directory holding `files` (name → text).
    public static func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "redgreen-locales-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
        }
        return path
    }

    /// The shipped `Locales/<code>.yaml`.
    public static func shipped(_ code: String) throws -> String {
        try String(contentsOfFile: "\(RepoPaths.locales)/\(code).yaml", encoding: .utf8)
    }

    /// The smallest complete locale: three colour labels and `result`.
    public static func minimal(result: String) -> String {
        """
        name: Test
        log_prefix: "[XX]"
        colors:
          red: R
          green: G
          violet: V
        messages:
          result: "\(result)"
        """ + "\n"
    }
}
