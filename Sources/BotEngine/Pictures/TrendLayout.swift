// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
/// Where everything of a trend picture goes, in pixels: the beads, the counts bar, the streak row.
/// Computed without drawing, so tests can find each bead in the decoded picture.
package struct TrendLayout: Sendable {
    /// A bead: a draw and its centre.
    package struct Bead: Sendable, Equatable {
        /// The draw.
        package var draw: Draw
        /// The centre's x.
        package var x: Double
        /// The centre's y.
        package var y: Double
    }

    /// A rectangle.
    package struct Box: Sendable, Equatable {
        /// Left edge.
        package var x: Double
        /// Top edge.
        package var y: Double
        /// Width.
        package var width: Double
        /// Height.
        package var height: Double
    }

    /// The picture's width in pixels.
    package let width: Int
    /// The picture's height in pixels.
    package let height: Int
    /// A bead's radius.
    package let radius: Double
    /// The beads, oldest first; in the runs layout only the newest columns that fit are shown.
    package let beads: [Bead]
    /// The counts bar.
    package let bar: Box
    /// The streak row: the current run on its left half, the longest on its right.
    package let streaks: Box
    /// The margin around the content.
    package let padding: Double

    /// The layout of `stats` drawn with `settings`.
    package init(_ stats: TrendStats, settings: TrendSettings) {
        let geometry = settings.geometry
        let (size, gap, pad) = (geometry.size, geometry.gap, geometry.padding)
        let cells = Self.cells(stats, layout: settings.layout, rows: geometry.rows, columns: geometry.columns)
        radius = size / 2
        padding = pad
        beads = cells.map { cell in
            Bead(draw: cell.draw, x: pad + Double(cell.column) * (size + gap) + size / 2, y: pad + Double(cell.row) * (size + gap) + size / 2)
        }
        bar = Box(x: pad, y: geometry.barY, width: geometry.inner, height: geometry.barHeight)
        streaks = Box(x: pad, y: geometry.streaksY, width: geometry.inner, height: size)
        width = geometry.width
        height = geometry.height
    }

    /// Each draw's column and row.
    static func cells(_ stats: TrendStats, layout: TrendSettings.Layout, rows: Int, columns: Int) -> [(draw: Draw, column: Int, row: Int)] {
        switch layout {
        case .grid:
            return stats.draws.suffix(rows * columns).enumerated().map { (draw: $0.element, column: $0.offset / rows, row: $0.offset % rows) }
        case .runs:
            var cells: [(draw: Draw, column: Int, row: Int)] = []
            var previous: String?
            for draw in stats.draws {
                let color = DrawHistory.mainColor(of: draw)
                if let last = cells.last, color == previous, last.row < rows - 1 {
                    cells.append((draw, last.column, last.row + 1))
                } else {
                    cells.append((draw, (cells.last?.column ?? -1) + 1, 0))
                }
                previous = color
            }
            let dropped = max(0, (cells.last?.column ?? 0) + 1 - columns)
            return cells.filter { $0.column >= dropped }.map { ($0.draw, $0.column - dropped, $0.row) }
        }
    }
}
