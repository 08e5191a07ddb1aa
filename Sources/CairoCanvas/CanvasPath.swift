// SPDX-License-Identifier: Apache-2.0
/// Shapes to fill or stroke together (`Canvas.fill(_:color:)`, `Canvas.stroke(_:width:color:)`):
/// they are filled as their union (non-zero winding), so the overlapping strokes of a digit blend
/// once, not twice where they cross.
public struct CanvasPath: Sendable {
    enum Command: Sendable {
        case subpath
        case move(x: Double, y: Double)
        case line(x: Double, y: Double)
        case arc(x: Double, y: Double, radius: Double, from: Double, to: Double)
        case close
    }

    private(set) var commands: [Command] = []

    /// An empty path.
    public init() {}

    /// Whether the path has no shape.
    public var isEmpty: Bool { commands.isEmpty }

    /// Adds a disc.
    public mutating func addCircle(centerX: Double, centerY: Double, radius: Double) {
        commands += [.subpath, .arc(x: centerX, y: centerY, radius: radius, from: 0, to: 2 * Double.pi)]
    }

    /// Adds the left (`left: true`) or right half of a disc, split by a vertical line through its centre.
    public mutating func addHalfCircle(centerX: Double, centerY: Double, radius: Double, left: Bool) {
        let from = left ? Double.pi / 2 : -Double.pi / 2
        commands += [.move(x: centerX, y: centerY), .arc(x: centerX, y: centerY, radius: radius, from: from, to: from + Double.pi), .close]
    }

    /// Adds a rectangle with corners rounded by `radius`.
    public mutating func addRoundedRectangle(x: Double, y: Double, width: Double, height: Double, radius: Double) {
        let r = max(0, min(radius, width / 2, height / 2))
        commands += [
            .subpath,
            .arc(x: x + width - r, y: y + r, radius: r, from: -Double.pi / 2, to: 0),
            .arc(x: x + width - r, y: y + height - r, radius: r, from: 0, to: Double.pi / 2),
            .arc(x: x + r, y: y + height - r, radius: r, from: Double.pi / 2, to: Double.pi),
            .arc(x: x + r, y: y + r, radius: r, from: Double.pi, to: 3 * Double.pi / 2),
            .close,
        ]
    }

    /// Adds the polygon through `points` (x, y), closed.
    public mutating func addPolygon(_ points: [(x: Double, y: Double)]) {
        guard !points.isEmpty else { return }
        addLine(points)
        commands.append(.close)
    }

    /// Adds the open line through `points` (x, y); stroked, it has round ends and joins.
    public mutating func addLine(_ points: [(x: Double, y: Double)]) {
        guard let first = points.first else { return }
        commands.append(.move(x: first.x, y: first.y))
        for point in points.dropFirst() { commands.append(.line(x: point.x, y: point.y)) }
    }
}
