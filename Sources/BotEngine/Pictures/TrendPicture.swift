// SPDX-License-Identifier: Apache-2.0
import BotSupport
import CairoCanvas

/// Draws the trend picture of a window of results as PNG with cairo: the beads (each in its
/// colour and its colour's shape, a two-colour result split down the middle, its value in digits), a bar of colour
/// counts, and the current and longest run. No words, only digits and shapes, so one picture
/// serves every language; the caption is the locale's (`TrendCaption`).
public enum TrendPicture {
    /// The PNG of the last `settings.draws` results of `window`.
    public static func png(of window: [Draw], settings: TrendSettings) throws(CanvasError) -> [UInt8] {
        try png(of: TrendStats(window, limit: settings.draws), settings: settings)
    }

    /// The PNG of `stats`.
    package static func png(of stats: TrendStats, settings: TrendSettings) throws(CanvasError) -> [UInt8] {
        let layout = TrendLayout(stats, settings: settings)
        let canvas = try Canvas(width: layout.width, height: layout.height)
        canvas.fillRoundedRectangle(
            x: 0, y: 0, width: Double(layout.width), height: Double(layout.height), radius: layout.padding / 2, color: settings.background)
        try drawBeads(layout, on: canvas, settings: settings)
        drawBar(stats, in: layout.bar, on: canvas, settings: settings)
        drawStreaks(stats, in: layout.streaks, radius: layout.radius, on: canvas, settings: settings)
        return try canvas.pngBytes()
    }

    /// The beads: each in its first colour, the left half in the first and the right in the second
    /// for a result of two colours, with its value in digits across it. Each kind of bead and each
    /// digit is drawn once and stamped wherever it recurs (`Stamps`), not drawn a hundred times.
    static func drawBeads(_ layout: TrendLayout, on canvas: Canvas, settings: TrendSettings) throws(CanvasError) {
        var stamps = Stamps()
        let radius = layout.radius
        for bead in layout.beads {
            let colors = bead.draw.colors.isEmpty ? [settings.otherColor] : bead.draw.colors.prefix(2).map { settings.color(named: $0) }
            let shapes = bead.draw.colors.isEmpty ? [BeadShape.circle] : bead.draw.colors.prefix(2).map { settings.shape(named: $0) }
            // A diamond reaches past the bead's disc: the stamp covers it.
            let reach = radius * 1.2
            let disc = TrendLayout.Box(x: bead.x - reach, y: bead.y - reach, width: 2 * reach, height: 2 * reach)
            let name = "bead \(radius) " + zip(colors, shapes).map { "\($0.hex) \($1.rawValue)" }.joined(separator: " ")
            try stamps.paint(name, within: disc, on: canvas) { stamp, dx, dy in
                var first = CanvasPath(), second = CanvasPath()
                if colors.count == 2 {
                    shapes[0].add(to: &first, x: bead.x + dx, y: bead.y + dy, radius: radius, half: true)
                    shapes[1].add(to: &second, x: bead.x + dx, y: bead.y + dy, radius: radius, half: false)
                } else {
                    shapes[0].add(to: &first, x: bead.x + dx, y: bead.y + dy, radius: radius)
                }
                stamp.fill(first, color: colors[0])
                if colors.count == 2 { stamp.fill(second, color: colors[1]) }
            }
            let digits = DigitGlyphs.place(bead.draw.value, centerX: bead.x, centerY: bead.y, height: radius * 0.9, maxWidth: radius * 1.2)
            guard let digits else { continue }
            for glyph in digits.glyphs {
                let margin = digits.line / 2
                let box = TrendLayout.Box(
                    x: glyph.x - margin, y: glyph.y - margin, width: digits.size * DigitGlyphs.aspect + 2 * margin, height: digits.size + 2 * margin)
                try stamps.paint("digit \(glyph.character) \(digits.size)", within: box, on: canvas) { stamp, dx, dy in
                    var path = CanvasPath()
                    DigitGlyphs.add(glyph.character, x: glyph.x + dx, y: glyph.y + dy, size: digits.size, to: &path)
                    stamp.stroke(path, width: digits.line, color: settings.digits)
                }
            }
        }
    }

    /// Segments as wide as each colour's share of the counts, each with its count.
    static func drawBar(_ stats: TrendStats, in box: TrendLayout.Box, on canvas: Canvas, settings: TrendSettings) {
        let colors = stats.countedColors
        let total = colors.reduce(0) { $0 + stats.counts[$1, default: 0] }
        guard total > 0 else { return }
        canvas.fillRoundedRectangle(x: box.x, y: box.y, width: box.width, height: box.height, radius: box.height / 2, color: settings.otherColor)
        var x = box.x
        for (index, color) in colors.enumerated() {
            let count = stats.counts[color, default: 0]
            let width = index == colors.count - 1 ? box.x + box.width - x : box.width * Double(count) / Double(total)
            let fill = settings.color(named: color)
            // Round outer ends only: the first and last segments are drawn rounded, then squared on the inner side.
            canvas.fillRoundedRectangle(x: x, y: box.y, width: width, height: box.height, radius: box.height / 2, color: fill)
            if index > 0 {
                canvas.fillRoundedRectangle(x: x, y: box.y, width: min(width, box.height / 2), height: box.height, radius: 0, color: fill)
            }
            if index < colors.count - 1 {
                let edge = min(width, box.height / 2)
                canvas.fillRoundedRectangle(x: x + width - edge, y: box.y, width: edge, height: box.height, radius: 0, color: fill)
            }
            DigitGlyphs.draw(
                String(count), on: canvas, centerX: x + width / 2, centerY: box.y + box.height / 2, height: box.height * 0.5,
                maxWidth: max(0, width - box.height * 0.5), color: settings.digits)
            x += width
        }
    }

    /// The current run (a ▶ sign, a bead of its colour, its length) on the left half and the
    /// longest (a ↔ sign, bead, length) on the right.
    static func drawStreaks(_ stats: TrendStats, in box: TrendLayout.Box, radius: Double, on canvas: Canvas, settings: TrendSettings) {
        let y = box.y + box.height / 2
        let sign = radius * 0.8
        for (index, run) in [stats.currentRun, stats.longestRun].enumerated() {
            guard let run else { continue }
            let left = box.x + Double(index) * box.width / 2
            if index == 0 {
                canvas.fillPolygon([(left, y - sign * 0.7), (left + sign * 1.2, y), (left, y + sign * 0.7)], color: settings.foreground)
            } else {
                let head = sign * 0.45
                let right = left + sign * 1.4
                canvas.strokeLine([(left + head, y - head), (left, y), (left + head, y + head)], width: sign * 0.22, color: settings.foreground)
                canvas.strokeLine([(left, y), (right, y)], width: sign * 0.22, color: settings.foreground)
                canvas.strokeLine([(right - head, y - head), (right, y), (right - head, y + head)], width: sign * 0.22, color: settings.foreground)
            }
            let beadX = left + sign * 1.6 + radius + radius * 0.4
            var bead = CanvasPath()
            settings.shape(named: run.color).add(to: &bead, x: beadX, y: y, radius: radius)
            canvas.fill(bead, color: settings.color(named: run.color))
            let digitsHeight = box.height * 0.6
            let text = String(run.length)
            DigitGlyphs.draw(
                text, on: canvas, centerX: beadX + radius * 1.5 + DigitGlyphs.width(of: text, height: digitsHeight) / 2, centerY: y,
                height: digitsHeight, maxWidth: box.width / 2, color: settings.foreground)
        }
    }
}
