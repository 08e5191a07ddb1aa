import CairoCanvas

extension TrendSettings {
    /// A sink's `trend:` mapping: `{every: 20, draws: 100}` and, optionally, how it looks.
    static func parse(_ tree: YAMLTree) throws(FileError) -> TrendSettings {
        var settings = TrendSettings()
        let keys = try tree.mapping(allowed: Set(keys))
        if let every = keys["every"] { settings.every = try every.int(in: 1...10_000) }
        if let draws = keys["draws"] { settings.draws = try draws.int(in: 1...500) }
        if let layout = keys["layout"] { settings.layout = Layout(rawValue: try layout.oneOf(Layout.allCases.map(\.rawValue)))! }
        if let rows = keys["rows"] { settings.rows = try rows.int(in: 1...20) }
        if let size = keys["bead_size"] { settings.beadSize = try size.int(in: 12...120) }
        if let color = keys["background"] { settings.background = try color.canvasColor() }
        if let color = keys["foreground"] { settings.foreground = try color.canvasColor() }
        if let color = keys["digits"] { settings.digits = try color.canvasColor() }
        if let colors = keys["colors"] {
            for entry in try colors.entries() { settings.colors[entry.key.lowercased()] = try entry.value.canvasColor() }
        }
        if let shapes = keys["shapes"] {
            for entry in try shapes.entries() {
                settings.shapes[entry.key.lowercased()] = BeadShape(rawValue: try entry.value.oneOf(BeadShape.allCases.map(\.rawValue)))!
            }
        }
        return settings
    }
}

extension YAMLTree {
    /// A colour written `#rrggbb` (or `#rrggbbaa`).
    func canvasColor() throws(FileError) -> CanvasColor {
        let text = try nonEmptyString()
        guard let color = CanvasColor(hex: text) else { throw error(.invalidValue, "expected a colour such as '#1e9e4f', got '\(text)'") }
        return color
    }
}
