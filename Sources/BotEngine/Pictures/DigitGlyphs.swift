// SPDX-License-Identifier: Apache-2.0
import CairoCanvas

/// Digits drawn as strokes, in the shape of a seven-segment display with round ends: the only
/// writing on a trend picture, so it needs no font and reads the same in every language.
enum DigitGlyphs {
    /// Each digit as strokes through corners of its box: (0, 0) top left, (1, 1) bottom right.
    static let strokes: [Character: [[(x: Double, y: Double)]]] = {
        let tl = (x: 0.0, y: 0.0), tr = (x: 1.0, y: 0.0), ml = (x: 0.0, y: 0.5), mr = (x: 1.0, y: 0.5)
        let bl = (x: 0.0, y: 1.0), br = (x: 1.0, y: 1.0)
        return [
            "0": [[tl, tr, br, bl, tl]],
            "1": [[(x: 0.25, y: 0.2), (x: 0.6, y: 0.0), (x: 0.6, y: 1.0)]],
            "2": [[tl, tr, mr, ml, bl, br]],
            "3": [[tl, tr, mr, br, bl], [ml, mr]],
            "4": [[tl, ml, mr], [tr, br]],
            "5": [[tr, tl, ml, mr, br, bl]],
            "6": [[tr, tl, bl, br, mr, ml]],
            "7": [[tl, tr, br]],
            "8": [[tl, tr, br, bl, tl], [ml, mr]],
            "9": [[mr, ml, tl, tr, br, bl]],
        ]
    }()

    /// A digit's width for a height of 1, and the space between two digits.
    static let aspect = 0.55, spacing = 0.3

    /// The width `text`'s digits take at `height`; characters other than digits are left out.
    static func width(of text: String, height: Double) -> Double {
        let count = Double(text.filter { strokes[$0] != nil }.count)
        return count > 0 ? height * (count * aspect + (count - 1) * spacing) : 0
    }

    /// Where each digit of a text goes: its character and the top left corner of its box.
    struct Placement {
        var glyphs: [(character: Character, x: Double, y: Double)]
        /// The digits' height, and their width (`aspect` × `size`).
        var size: Double
        /// The width of their strokes.
        var line: Double
    }

    /// The digits of `text` centred on (`centerX`, `centerY`), `height` tall unless that would be
    /// wider than `maxWidth`; nil when `text` has no digit.
    static func place(_ text: String, centerX: Double, centerY: Double, height: Double, maxWidth: Double) -> Placement? {
        let full = width(of: text, height: height)
        guard full > 0 else { return nil }
        let size = full > maxWidth ? height * maxWidth / full : height
        var x = centerX - width(of: text, height: size) / 2
        var glyphs: [(character: Character, x: Double, y: Double)] = []
        for character in text where strokes[character] != nil {
            glyphs.append((character, x, centerY - size / 2))
            x += size * (aspect + spacing)
        }
        return Placement(glyphs: glyphs, size: size, line: size * 0.17)
    }

    /// Adds the strokes of `character`, its box's top left corner at (`x`, `y`) and `size` tall, to `path`.
    static func add(_ character: Character, x: Double, y: Double, size: Double, to path: inout CanvasPath) {
        for line in strokes[character] ?? [] {
            path.addLine(line.map { (x: x + $0.x * size * aspect, y: y + $0.y * size) })
        }
    }

    /// Draws the digits of `text` centred on (`centerX`, `centerY`), `height` tall unless that would
    /// be wider than `maxWidth`.
    static func draw(_ text: String, on canvas: Canvas, centerX: Double, centerY: Double, height: Double, maxWidth: Double, color: CanvasColor) {
        guard let placement = place(text, centerX: centerX, centerY: centerY, height: height, maxWidth: maxWidth) else { return }
        var path = CanvasPath()
        for glyph in placement.glyphs { add(glyph.character, x: glyph.x, y: glyph.y, size: placement.size, to: &path) }
        canvas.stroke(path, width: placement.line, color: color)
    }
}
