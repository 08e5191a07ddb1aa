// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import BotLocalization
import BotSupport

/// Reloads a running bot's locale file, and the files it falls back to, into its renderer: what
/// `redgreen-bot run` does on SIGHUP.
///
/// The new texts are validated as at start; a file with any problem changes nothing, so a bot
/// never posts with a half-edited locale. A reload keeps the bot's locale: a bundle of another
/// code than the renderer's is refused.
package struct LocaleReloader: Sendable {
    /// The renderer whose texts are replaced.
    package let renderer: MessageRenderer
    /// The locale code (`vi`), which names the file: the renderer's.
    package let code: String
    /// Where the locale files are.
    package let directory: String
    private let load: @Sendable () throws(FileError) -> LocaleBundle
    private let executor = BlockingExecutor(label: "redgreen.locale-reload")

    /// A reloader for `renderer`'s locale, from `directory`.
    package init(renderer: MessageRenderer, directory: String) {
        let code = renderer.bundle.code
        self.init(renderer: renderer, directory: directory) { () throws(FileError) in
            try LocaleBundle.load(code: code, directory: directory)
        }
    }

    /// A reloader that takes its bundle from `load` (a test may pass a slow one).
    package init(renderer: MessageRenderer, directory: String, load: @escaping @Sendable () throws(FileError) -> LocaleBundle) {
        self.renderer = renderer
        self.code = renderer.bundle.code
        self.directory = directory
        self.load = load
    }

    /// Loads and validates the locale; on success the renderer uses it from its next message on
    /// and the new bundle is returned. On a problem the renderer keeps its texts and the error,
    /// naming the file, line and key, is thrown.
    @discardableResult
    package func reload() throws(FileError) -> LocaleBundle {
        let bundle = try checked(load())
        renderer.replace(bundle)
        return bundle
    }

    /// As `reload()`, on a thread of its own, off the cooperative pool: when the calling task is
    /// cancelled (the bot is stopping) this throws `CancellationError` at once, whatever the load
    /// is doing, and the renderer keeps its texts. A reload can then never hold up a shutdown.
    @discardableResult
    package func reloadOffThePool() async throws -> LocaleBundle {
        let load = self.load
        let bundle = try checked(await executor.run { () throws -> LocaleBundle in try load() })
        try Task.checkCancellation()
        renderer.replace(bundle)
        return bundle
    }

    /// `bundle`, if its code is the one the renderer has: the bot's posts, ledger and metrics carry
    /// that code for the bot's whole run.
    private func checked(_ bundle: LocaleBundle) throws(FileError) -> LocaleBundle {
        let current = renderer.bundle.code
        guard bundle.code == current else {
            throw FileError(
                .invalidValue, file: bundle.file, key: "",
                "is the locale '\(bundle.code)', not the bot's '\(current)': a reload keeps the bot's locale")
        }
        return bundle
    }
}
