// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension LocaleCheck {
    /// The problems of one locale, `<directory>/<code>.yaml` with its fallbacks, as `run` reports
    /// them, compared with `<directory>/<reference>.yaml` when that file exists; for
    /// `redgreen-bot config check`.
    public static func problems(of code: String, directory: String, reference: String = "en") -> [LocaleProblem] {
        let path = (directory as NSString).appendingPathComponent("\(code).yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            let missing = FileError(.unreadable, file: path, key: "", "no such locale file (the config's locale \(code) in locales_dir \(directory))")
            return [LocaleProblem(.error, missing)]
        }
        let load = LocaleLoad(path: path)
        var found = load.problems.map { LocaleProblem(.error, $0) } + load.warnings.map { LocaleProblem(.warning, $0) }
        let referencePath = (directory as NSString).appendingPathComponent("\(reference).yaml")
        if code != reference && FileManager.default.fileExists(atPath: referencePath) {
            found += compare(load, with: LocaleLoad(path: referencePath), already: load.problems)
        }
        return sorted(unique(found))
    }
}
