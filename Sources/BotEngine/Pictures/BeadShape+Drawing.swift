// SPDX-License-Identifier: Apache-2.0
import CairoCanvas

/// How each `BeadShape` is drawn.
extension BeadShape {
    /// The shape's outline around (`x`, `y`) for a bead of `radius`: all of it, or with `half`
    /// only its left (`true`) or right half, split by a vertical line through the centre.
    /// Every shape keeps the band the digits take (0.6 radius either side, 0.45 up and down).
    func add(to path: inout CanvasPath, x: Double, y: Double, radius r: Double, half left: Bool? = nil) {
        switch (self, left) {
        case (.circle, nil): path.addCircle(centerX: x, centerY: y, radius: r)
        case (.circle, let left?): path.addHalfCircle(centerX: x, centerY: y, radius: r, left: left)
        case (.square, nil):
            let side = r * 0.88
            path.addRoundedRectangle(x: x - side, y: y - side, width: 2 * side, height: 2 * side, radius: r * 0.18)
        default:
            let outline = points(x: x, y: y, radius: r)
            guard let left else { return path.addPolygon(outline) }
            // The points on the chosen side of the centre line, the line's ends included.
            path.addPolygon(outline.filter { left ? $0.x <= x + 1e-9 : $0.x >= x - 1e-9 })
        }
    }

    /// The outline as points, clockwise from the top, each on the centre line where it crosses.
    private func points(x: Double, y: Double, radius r: Double) -> [(x: Double, y: Double)] {
        switch self {
        case .square:
            let s = r * 0.88
            return [(x, y - s), (x + s, y - s), (x + s, y + s), (x, y + s), (x - s, y + s), (x - s, y - s)]
        case .hexagon:
            let w = r * 0.866
            return [(x, y - r), (x + w, y - r / 2), (x + w, y + r / 2), (x, y + r), (x - w, y + r / 2), (x - w, y - r / 2)]
        case .diamond, .circle:
            let d = r * 1.15
            return [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
        }
    }
}
