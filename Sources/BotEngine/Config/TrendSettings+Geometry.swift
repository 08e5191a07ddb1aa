// SPDX-License-Identifier: Apache-2.0

extension TrendSettings {
    /// The trend picture's measures, which follow from `draws`, `rows` and `bead_size` alone: the
    /// config check refuses a picture too large to draw from them, and `TrendLayout` places the
    /// beads, the bar and the streak row on them.
    package struct Geometry: Sendable, Equatable {
        /// A bead's size, the gap between beads and the margin, in pixels.
        package var size, gap, padding: Double
        /// The grid's rows and columns.
        package var rows, columns: Int
        /// The width of the bar and the streak row (at least the grid's), and the grid's height.
        package var inner, gridHeight: Double
        /// The counts bar's top and height, and the streak row's top.
        package var barY, barHeight, streaksY: Double
        /// The picture's width and height in pixels.
        package var width, height: Int
    }

    /// The picture's measures for these settings.
    package var geometry: Geometry {
        let size = Double(beadSize)
        let gap = (size * 0.12).rounded()
        let pad = (size * 0.5).rounded()
        let rows = max(1, self.rows)
        let columns = max(1, (draws + rows - 1) / rows)
        let gridWidth = Double(columns) * (size + gap) - gap
        let inner = max(gridWidth, size * 9)
        let gridHeight = Double(rows) * (size + gap) - gap
        let barY = pad + gridHeight + pad * 0.75
        let barHeight = (size * 0.8).rounded()
        let streaksY = barY + barHeight + pad * 0.6
        return Geometry(
            size: size, gap: gap, padding: pad, rows: rows, columns: columns, inner: inner, gridHeight: gridHeight,
            barY: barY, barHeight: barHeight, streaksY: streaksY,
            width: Int((inner + 2 * pad).rounded(.up)), height: Int((streaksY + size + pad).rounded(.up)))
    }
}
