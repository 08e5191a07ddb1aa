// SPDX-License-Identifier: Apache-2.0
import CairoCanvas

/// Shapes that recur in a picture (a bead of one colour, a digit of one size) drawn once each, on
/// a small canvas of their own, and painted wherever they recur: cairo's cost is in rasterising
/// a shape, copying its pixels is cheap (docs/performance.md).
///
/// A stamp is painted at whole pixels, so a shape drawn at a fractional position is drawn on its
/// stamp at the same fraction, rounded to 1/64 of a pixel: a shape at x = 10.25 and one at
/// x = 30.25 share a stamp, one at x = 50.5 gets another.
struct Stamps {
    private struct Key: Hashable {
        var shape: String
        var phaseX: Int
        var phaseY: Int
    }

    /// Fractions of a pixel told apart.
    static let steps = 64.0
    private var drawn: [Key: Canvas] = [:]

    /// Paints the stamp of `shape` (a name for everything that decides its pixels but its place)
    /// whose drawing lies within `box`, drawing it first if this is its first use: `draw` draws
    /// the shape on the stamp, its coordinates moved by (dx, dy) from the picture's.
    mutating func paint(
        _ shape: String, within box: TrendLayout.Box, on canvas: Canvas, draw: (_ stamp: Canvas, _ dx: Double, _ dy: Double) -> Void
    ) throws(CanvasError) {
        let (left, top) = (box.x.rounded(.down), box.y.rounded(.down))
        let key = Key(shape: shape, phaseX: Int(((box.x - left) * Self.steps).rounded()), phaseY: Int(((box.y - top) * Self.steps).rounded()))
        // A pixel of margin on every side for anti-aliasing.
        let (dx, dy) = (1 + Double(key.phaseX) / Self.steps - box.x, 1 + Double(key.phaseY) / Self.steps - box.y)
        let stamp: Canvas
        if let existing = drawn[key] {
            stamp = existing
        } else {
            stamp = try Canvas(width: Int((box.width + dx + box.x).rounded(.up)) + 1, height: Int((box.height + dy + box.y).rounded(.up)) + 1)
            draw(stamp, dx, dy)
            drawn[key] = stamp
        }
        canvas.paint(stamp, x: Int(left) - 1, y: Int(top) - 1)
    }
}
