/// Everything a translator writes for one language, loaded from `Locales/<code>.yaml`.
public struct LocaleBundle: Sendable {
    /// The locale code, which is the file's name (`vi` for `vi.yaml`).
    public let code: String
    /// The file it was loaded from.
    public let file: String
    /// The language's own name for itself (`Tiếng Việt`).
    public let displayName: String
    /// Starts every log line of a bot in this locale (`[VI]`).
    public let logPrefix: String
    /// Colour labels by lower-case colour name (`green` → `XANH 🟢`).
    public let colorLabels: [String: String]
    /// Joins the labels of a result with several colours.
    public let colorSeparator: String
    /// The message posted for each draw.
    public let resultTemplate: MessageTemplate

    /// The colours every locale must label.
    public static let requiredColors = ["red", "green", "violet"]

    /// Creates a bundle; `LocaleBundle.load` is the usual way.
    public init(
        code: String, file: String, displayName: String, logPrefix: String, colorLabels: [String: String],
        colorSeparator: String, resultTemplate: MessageTemplate
    ) {
        self.code = code
        self.file = file
        self.displayName = displayName
        self.logPrefix = logPrefix
        self.colorLabels = colorLabels
        self.colorSeparator = colorSeparator
        self.resultTemplate = resultTemplate
    }

    /// The label for a colour name from the game API, matched case-insensitively; nil when the
    /// locale has none (the caller shows the raw name).
    public func label(forColor name: String) -> String? {
        colorLabels[name.lowercased()]
    }
}
