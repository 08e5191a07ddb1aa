// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension LocaleBundle {
    /// Loads `<directory>/<code>.yaml` and the locales it falls back to.
    ///
    /// Any problem stops the load with an error naming the file, the line and the key (the first
    /// problem found; `redgreen-bot locales check` lists them all). Keys taken from a fallback are
    /// no error: they are listed in `fallbackNotices`.
    public static func load(code: String, directory: String) throws(FileError) -> LocaleBundle {
        let path = (directory as NSString).appendingPathComponent("\(code).yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            let available = (try? availableCodes(in: directory)) ?? []
            let hint = available.isEmpty ? "no locale files there" : "available: \(available.joined(separator: ", "))"
            throw FileError(.unreadable, file: path, key: "", "no such locale file (\(hint))")
        }
        return try load(path: path)
    }

    /// Loads and validates one locale file; the code is the file's base name, and fallbacks are
    /// looked for in the file's directory.
    public static func load(path: String) throws(FileError) -> LocaleBundle {
        try LocaleLoad(path: path).bundleOrFirstProblem()
    }

    /// Parses locale text; `file` names it in errors and `code` is its locale code. A `fallback:`
    /// is looked for in `directory`.
    public static func parse(yaml: String, file: String, code: String, directory: String? = nil) throws(FileError) -> LocaleBundle {
        let source: LocaleSource
        do throws(FileError) {
            source = LocaleSource(try YAMLTree.parse(yaml, file: file), code: code)
        } catch {
            source = LocaleSource(file: file, code: code, problem: error)
        }
        return try LocaleLoad(source, directory: directory).bundleOrFirstProblem()
    }

    /// The fallback notices as the bot logs them: one line per file that lent texts, with the keys
    /// it lent (`Locales/pt-BR.yaml: 8 keys missing; using the text of Locales/pt.yaml: colors.green, …`),
    /// rather than a line per key.
    public var fallbackSummary: [String] {
        var sources: [String] = []
        var keys: [String: [String]] = [:]
        for notice in fallbackNotices {
            if keys[notice.message] == nil { sources.append(notice.message) }
            keys[notice.message, default: []].append(notice.key)
        }
        return sources.map { source in
            let lent = keys[source] ?? []
            return "\(file): \(lent.count) \(lent.count == 1 ? "key" : "keys") \(source): \(lent.joined(separator: ", "))"
        }
    }

    /// The codes of the locale files in `directory`, sorted.
    public static func availableCodes(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") }
            .map { ($0 as NSString).deletingPathExtension }
            .sorted()
    }
}

/// One locale loaded with its fallback chain: the bundle when there is no problem, and otherwise
/// every problem found, for the bot's start-up error and for `locales check`.
struct LocaleLoad {
    /// The file, then the files it falls back to, in order.
    var chain: [LocaleSource]
    /// Every problem of the file and its fallbacks, in the order found.
    var problems: [FileError] = []
    /// What is worth a look but does not stop a bot (a plural section left out): `locales check`
    /// reports them as warnings.
    var warnings: [FileError] = []
    /// The file's texts with those it lacks taken from its fallbacks, by key.
    var merged: [String: LocaleSource.Entry] = [:]
    /// The templates that compiled, by key (`messages.result`), fallbacks' included.
    var templates: [String: MessageTemplate] = [:]
    /// The bundle, when there is no problem.
    var bundle: LocaleBundle?

    /// Loads the file at `path` (code: its base name) and its fallbacks from its directory.
    init(path: String) {
        let code = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        self.init(Self.read(path: path, code: code), directory: (path as NSString).deletingLastPathComponent)
    }

    /// Loads the fallbacks of `source` from `directory` and builds the bundle.
    init(_ source: LocaleSource, directory: String?) {
        chain = [source]
        problems = source.problems
        followFallbacks(directory: directory)
        build()
    }

    /// The bundle, or the first problem (saying how many more there are).
    func bundleOrFirstProblem() throws(FileError) -> LocaleBundle {
        if let bundle, problems.isEmpty { return bundle }
        guard var first = problems.first else {
            throw FileError(.invalidValue, file: chain[0].file, key: "", "the locale could not be loaded")
        }
        if problems.count > 1 {
            first.message += " (and \(problems.count - 1) more; redgreen-bot locales check lists them all)"
        }
        throw first
    }

    static func read(path: String, code: String) -> LocaleSource {
        do throws(FileError) {
            return LocaleSource(try YAMLTree.load(path: path), code: code)
        } catch {
            return LocaleSource(file: path, code: code, problem: error)
        }
    }

    /// Follows `fallback:`, or when a file has none, its CLDR parent locale if that has a file
    /// (`pt-BR.yaml` falls back to `pt.yaml`).
    private mutating func followFallbacks(directory: String?) {
        while let current = chain.last {
            guard let fallback = current.fallback ?? Self.parentFile(of: current.code, directory: directory, chain: chain) else { return }
            func problem(_ message: String) -> FileError {
                FileError(.invalidValue, file: current.file, key: "fallback", line: fallback.line, message)
            }
            if let start = chain.firstIndex(where: { $0.code == fallback.value }) {
                let files = chain[start...].map(\.file) + [chain[start].file]
                problems.append(problem("the fallbacks form a cycle: \(files.joined(separator: " → "))"))
                return
            }
            guard let directory else {
                problems.append(problem("a fallback is looked for next to the file, and this text has no directory"))
                return
            }
            let path = (directory as NSString).appendingPathComponent("\(fallback.value).yaml")
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append(problem("there is no locale file \(path) to fall back to"))
                return
            }
            let next = Self.read(path: path, code: fallback.value)
            problems += next.problems
            chain.append(next)
        }
    }

    /// The CLDR parent of `code` whose file is in `directory`, nearest first (`pt-BR` → `pt`;
    /// `es-MX` → `es-419`, then `es`), as a fallback setting without a line; nil when none has a file.
    static func parentFile(of code: String, directory: String?, chain: [LocaleSource]) -> LocaleSource.Setting<String>? {
        guard let directory else { return nil }
        var current = code.replacingOccurrences(of: "-", with: "_")
        while let parent = CLDRParent.of(current) {
            let name = parent.replacingOccurrences(of: "_", with: "-")
            let exists = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("\(name).yaml"))
            if exists && !chain.contains(where: { $0.code == name }) { return LocaleSource.Setting(value: name, line: nil) }
            current = parent
        }
        return nil
    }
}
