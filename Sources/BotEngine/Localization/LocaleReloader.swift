/// Reloads a running bot's locale file, and the files it falls back to, into its renderer: what
/// `redgreen-bot run` does on SIGHUP.
///
/// The new texts are validated as at start; a file with any problem changes nothing, so a bot
/// never posts with a half-edited locale.
public struct LocaleReloader: Sendable {
    /// The renderer whose texts are replaced.
    public let renderer: MessageRenderer
    /// The locale code (`vi`), which names the file.
    public let code: String
    /// Where the locale files are.
    public let directory: String

    /// A reloader for `renderer`'s locale `code` in `directory`.
    public init(renderer: MessageRenderer, code: String, directory: String) {
        self.renderer = renderer
        self.code = code
        self.directory = directory
    }

    /// Loads and validates the locale; on success the renderer uses it from its next message on
    /// and the new bundle is returned. On a problem the renderer keeps its texts and the error,
    /// naming the file, line and key, is thrown.
    @discardableResult
    public func reload() throws(FileError) -> LocaleBundle {
        let bundle = try LocaleBundle.load(code: code, directory: directory)
        renderer.replace(bundle)
        return bundle
    }
}
