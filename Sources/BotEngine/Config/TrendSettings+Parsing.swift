// SPDX-License-Identifier: Apache-2.0
import BotSupport
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
        if let problem = settings.pictureSizeProblem {
            // Named at the key that makes the picture big: the bead size, else the draws, else the rows.
            throw (keys["bead_size"] ?? keys["draws"] ?? keys["rows"] ?? tree).error(.invalidValue, problem)
        }
        return settings
    }

    /// Why the picture of these settings cannot be drawn (wider or taller than a canvas may be:
    /// `Canvas.maxSide`), or nil. The size depends on `draws`, `rows` and `bead_size` only.
    package var pictureSizeProblem: String? {
        let geometry = self.geometry
        guard geometry.width > Canvas.maxSide || geometry.height > Canvas.maxSide else { return nil }
        return "draws: \(draws) in rows: \(rows) of bead_size: \(beadSize) make a picture of \(geometry.width)×\(geometry.height) pixels, "
            + "more than the \(Canvas.maxSide) a side that can be drawn: show fewer draws, in more rows, or use a smaller bead_size"
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
