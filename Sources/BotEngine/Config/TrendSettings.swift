// SPDX-License-Identifier: Apache-2.0
import CairoCanvas

/// How a sink posts the trend picture (`trend:` on a sink), and how the picture looks.
public struct TrendSettings: Sendable, Hashable {
    /// How the beads are laid out.
    public enum Layout: String, Sendable, CaseIterable {
        /// One column per run of the same main colour (a long run wraps into the next column).
        case runs
        /// A fixed grid, filled column by column, oldest first.
        case grid
    }

    /// The picture is posted after every draw whose issue number is a multiple of this.
    public var every = 20
    /// How many of the latest results it shows.
    public var draws = 100
    /// Runs or a fixed grid.
    public var layout = Layout.grid
    /// Beads in a column.
    public var rows = 6
    /// A bead's diameter in pixels.
    public var beadSize = 40
    /// The card behind everything.
    public var background = CanvasColor(hex: "#f4f5f7")!
    /// Digits and icons drawn on the background.
    public var foreground = CanvasColor(hex: "#1f2328")!
    /// Digits drawn on beads and on the counts bar.
    public var digits = CanvasColor(hex: "#ffffff")!
    /// Bead colours by lower-case colour name; a colour not listed is drawn in `otherColor`.
    public var colors: [String: CanvasColor] = [
        "red": CanvasColor(hex: "#e5393b")!, "green": CanvasColor(hex: "#1e9e4f")!, "violet": CanvasColor(hex: "#8e44c9")!,
    ]
    /// The bead colour of a colour name `colors` does not list.
    public var otherColor = CanvasColor(hex: "#8a8f98")!
    /// Bead shapes by lower-case colour name, so the picture reads without its colours; a colour
    /// not listed is a circle. `shapes: {red: circle}` turns a colour's shape off.
    public var shapes: [String: BeadShape] = ["red": .square, "green": .circle, "violet": .hexagon]

    /// The defaults: every 20th draw, the last 100 results in a grid of 6 rows of 40-pixel beads, on a light card.
    public init() {}

    /// The bead colour of a colour name from the game API, matched case-insensitively.
    public func color(named name: String) -> CanvasColor {
        colors[name.lowercased()] ?? otherColor
    }

    /// The bead shape of a colour name from the game API, matched case-insensitively.
    public func shape(named name: String) -> BeadShape {
        shapes[name.lowercased()] ?? .circle
    }

    /// The keys of `trend:`, with what they set.
    package static let keys = ["every", "draws", "layout", "rows", "bead_size", "background", "foreground", "digits", "colors", "shapes"]
}
