// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport

extension FuzzEntryPoints {
    /// A config file's text as the bot takes it (`BotConfig.parse`: every key checked, secrets
    /// resolved, the response mapping built), as given and with its line breaks rewritten to
    /// `\n`, `\r` and `\r\n` alike. libyaml breaks lines at all three, so the four texts must come
    /// to the same outcome: a check that sees lines differently from the parser (the alias limit
    /// once split at `\n` only, and `\r` got past it) shows up as a difference, a broken promise.
    public static func config(_ bytes: [UInt8]) -> [Outcome] {
        sameWhateverTheLineBreaks(bytes) { text in
            do throws(FileError) {
                _ = try BotConfig.parse(yaml: text, file: "fuzz/config.yaml", environment: [:])
                return .accepted(messages: 0)
            } catch {
                return .refused(error.description)
            }
        }
    }

    /// A locale file's text through `locale(_:file:)`, as given and with its line breaks
    /// rewritten as `config(_:)` does; the outcomes must agree.
    public static func localeLineBreaks(_ bytes: [UInt8]) -> [Outcome] {
        sameWhateverTheLineBreaks(bytes) { text in locale(Array(text.utf8), file: "fuzz/en.yaml") }
    }

    /// The outcome of `path` on `bytes` as UTF-8 text and on its three rewrites, plus `.broken`
    /// when they differ.
    static func sameWhateverTheLineBreaks(_ bytes: [UInt8], _ path: (String) -> Outcome) -> [Outcome] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return [.refused("the input is not UTF-8 text")] }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let texts = [text] + ["\n", "\r", "\r\n"].map { lines.replacingOccurrences(of: "\n", with: $0) }
        let outcomes = texts.map(path)
        // An error may quote the line at fault, with its line break: those may differ.
        let compared = outcomes.map { outcome -> Outcome in
            guard case .refused(let message) = outcome else { return outcome }
            return .refused(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        }
        for (index, outcome) in compared.enumerated().dropFirst() where outcome != compared[1] {
            let names = ["as given", "with \\n", "with \\r", "with \\r\\n"]
            return outcomes + [.broken("the text \(names[index]) came to \(outcome), \(names[1]) to \(compared[1])")]
        }
        return outcomes
    }
}
