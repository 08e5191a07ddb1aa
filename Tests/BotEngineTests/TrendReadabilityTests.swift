// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import CairoCanvas
import Foundation
import Testing

/// The trend picture read without its colours: converted to greyscale, and as seen with
/// deuteranopia and protanopia (Viénot, Brettel and Mollon 1999, the matrices in linear sRGB), a
/// red bead and a green bead must still differ, by their shapes.
@Suite struct TrendReadabilityTests {
    /// A way of seeing: linear sRGB in, linear sRGB out.
    struct Vision: CustomStringConvertible, Sendable {
        var description: String
        var matrix: [[Double]]

        static let greyscale = Vision(
            description: "greyscale", matrix: Array(repeating: [0.2126, 0.7152, 0.0722], count: 3))
        static let deuteranopia = Vision(
            description: "deuteranopia", matrix: [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]])
        static let protanopia = Vision(
            description: "protanopia", matrix: [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]])

        /// `color` as this vision sees it, back in sRGB.
        func see(_ color: CanvasColor) -> [Double] {
            func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
            func encoded(_ v: Double) -> Double {
                let v = min(1, max(0, v))
                return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1 / 2.4) - 0.055
            }
            let rgb = [linear(color.red), linear(color.green), linear(color.blue)]
            return matrix.map { row in encoded(zip(row, rgb).reduce(0) { $0 + $1.0 * $1.1 }) }
        }
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// The pixels around `bead` (a square of 2.4 radii) that `vision` tells from the card.
    static func mask(_ image: PNGImage, _ bead: TrendLayout.Bead, radius: Double, vision: Vision, card: [Double]) -> [Bool] {
        let reach = Int((radius * 1.2).rounded(.up))
        var mask: [Bool] = []
        for dy in -reach...reach {
            for dx in -reach...reach {
                mask.append(distance(vision.see(image.pixel(x: Int(bead.x) + dx, y: Int(bead.y) + dy)), card) > 0.1)
            }
        }
        return mask
    }

    /// How many pixels tell the first bead's shape from the second's, as `vision` sees them.
    static func shapeDifference(_ first: Draw, _ second: Draw, settings: TrendSettings, vision: Vision) throws -> Int {
        let png = try TrendPicture.png(of: [first, second], settings: settings)
        let image = try PNGImage(decoding: png)
        let layout = TrendLayout(TrendStats([first, second], limit: settings.draws), settings: settings)
        let card = vision.see(settings.background)
        let masks = layout.beads.map { mask(image, $0, radius: layout.radius, vision: vision, card: card) }
        return zip(masks[0], masks[1]).filter { $0 != $1 }.count
    }

    static let pairs: [(String, [String], [String])] = [
        ("red and green", ["Red"], ["Green"]),
        ("red-violet and green-violet", ["Red", "Violet"], ["Green", "Violet"]),
    ]

    @Test(arguments: [Vision.greyscale, .deuteranopia, .protanopia])
    func redAndGreenBeadsDifferByShapeWithoutTheirColours(vision: Vision) throws {
        let settings = TrendSettings()
        let radius = Double(settings.beadSize) / 2
        for (name, firstColors, secondColors) in Self.pairs {
            // The same value on both, so only the shape can differ.
            let first = Draw(issue: 1, value: "5", colors: firstColors), second = Draw(issue: 2, value: "5", colors: secondColors)
            let differing = try Self.shapeDifference(first, second, settings: settings, vision: vision)
            // At least a twentieth of a bead's area (63 pixels of 1257 for 40-pixel beads; a split bead differs on one side only).
            #expect(Double(differing) > 0.05 * Double.pi * radius * radius, "\(name) in \(vision): \(differing) pixels differ")
        }
    }

    @Test func withoutShapesTheColoursAloneAreAllThatTellsThemApart() throws {
        var settings = TrendSettings()
        settings.shapes = [:]
        let first = Draw(issue: 1, value: "5", colors: ["Red"]), second = Draw(issue: 2, value: "5", colors: ["Green"])
        #expect(try Self.shapeDifference(first, second, settings: settings, vision: .deuteranopia) < 20)
        // And to deuteranopes the default red and green are close: the shape is what tells them apart.
        let red = Vision.deuteranopia.see(settings.color(named: "red")), green = Vision.deuteranopia.see(settings.color(named: "green"))
        #expect(Self.distance(red, green) < 0.25, "\(red) \(green)")
    }

    @Test func shapesAreSetPerColourAndAWrongNameIsAnErrorNamingTheKey() throws {
        let base =
            "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nsinks:\n  - type: webhook\n    url: http://127.0.0.1:9/hook\n"
        let config = try BotConfig.parse(yaml: base + "    trend: {shapes: {Red: diamond, green: circle}}\n", file: "Config/t.yaml")
        let trend = try #require(config.sinks[0].trend)
        #expect(trend.shape(named: "red") == .diamond && trend.shape(named: "GREEN") == .circle && trend.shape(named: "violet") == .hexagon)
        #expect(TrendSettings().shape(named: "red") == .square && TrendSettings().shape(named: "blue") == .circle)
        let error = try #require(throws: FileError.self) {
            try BotConfig.parse(yaml: base + "    trend: {shapes: {red: star}}\n", file: "Config/t.yaml")
        }
        #expect(error.key == "sinks[0].trend.shapes.red" && error.message.contains("hexagon"), "\(error)")
    }
}
