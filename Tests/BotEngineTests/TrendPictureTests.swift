// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import CairoCanvas
import Testing

/// The trend picture, decoded with cairo as a chat app would show it: bead colours where the
/// layout puts them, a two-colour bead split, the counts bar's proportions, the streaks.
@Suite struct TrendPictureTests {
    let settings = TrendSettings()

    func draw(_ issue: Int64, _ colors: String...) -> Draw {
        Draw(issue: issue, value: String(issue % 10), colors: colors)
    }

    /// Whether `color` is within `tolerance` of `expected` on every channel.
    func near(_ color: CanvasColor, _ expected: CanvasColor, tolerance: Double = 0.04) -> Bool {
        abs(color.red - expected.red) <= tolerance && abs(color.green - expected.green) <= tolerance
            && abs(color.blue - expected.blue) <= tolerance && color.alpha > 0.99
    }

    func render(_ draws: [Draw], _ settings: TrendSettings) throws -> (PNGImage, TrendLayout) {
        let png = try TrendPicture.png(of: draws, settings: settings)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        return (try PNGImage(decoding: png), TrendLayout(TrendStats(draws, limit: settings.draws), settings: settings))
    }

    /// A point of a bead off its digits: left of centre, a third of the radius up.
    func sample(_ image: PNGImage, _ bead: TrendLayout.Bead, radius: Double, dx: Double) -> CanvasColor {
        image.pixel(x: Int(bead.x + dx * radius), y: Int(bead.y - radius * 0.1))
    }

    @Test func eachBeadIsDrawnInItsColourWhereTheLayoutPutsIt() throws {
        let colors = ["Red", "Green", "Green", "Red", "Red", "Red", "Green"]
        let draws = colors.enumerated().map { draw(Int64(100 + $0.offset), $0.element) }
        var runs = settings
        runs.layout = .runs
        let (image, layout) = try render(draws, runs)
        #expect(image.width == layout.width && image.height == layout.height)
        #expect(layout.beads.count == 7)
        for bead in layout.beads {
            let expected = settings.color(named: bead.draw.colors[0])
            #expect(near(sample(image, bead, radius: layout.radius, dx: -0.75), expected), "draw \(bead.draw.issue)")
        }
        // Runs layout: one column per run, in order; a new run starts at the top.
        let columns = layout.beads.map { Int(($0.x - layout.beads[0].x).rounded()) }
        #expect(Set(columns).count == 4)
        #expect(layout.beads[3].y == layout.beads[0].y && layout.beads[5].y > layout.beads[4].y)
        // Between beads is the card.
        let between = image.pixel(x: Int(layout.beads[0].x), y: Int(layout.beads[0].y + layout.radius * 1.12))
        #expect(near(between, settings.background))
    }

    @Test func aTwoColourResultIsSplitDownTheMiddle() throws {
        let draws = [draw(10, "Green", "Violet"), draw(11, "Red", "Violet")]
        let (image, layout) = try render(draws, settings)
        for bead in layout.beads {
            #expect(near(sample(image, bead, radius: layout.radius, dx: -0.75), settings.color(named: bead.draw.colors[0])))
            #expect(near(sample(image, bead, radius: layout.radius, dx: 0.75), settings.color(named: bead.draw.colors[1])))
        }
    }

    @Test func theGridLayoutFillsColumnsInOrderWhateverTheColours() throws {
        var grid = settings
        grid.layout = .grid
        grid.rows = 3
        grid.draws = 9
        let draws = (0..<12).map { draw(Int64($0), $0 % 2 == 0 ? "Red" : "Green") }
        let (image, layout) = try render(draws, grid)
        #expect(layout.beads.map(\.draw.issue) == Array(3...11))
        #expect(layout.beads[3].x > layout.beads[2].x && layout.beads[3].y == layout.beads[0].y)
        for bead in layout.beads {
            #expect(near(sample(image, bead, radius: layout.radius, dx: -0.75), grid.color(named: bead.draw.colors[0])))
        }
    }

    @Test func theCountsBarSharesItsWidthAsTheColoursAreCounted() throws {
        // 6 red, 3 green, 1 of them also violet: the bar is 6 : 3 : 1 of 10 colour counts.
        var draws = (0..<6).map { draw(Int64($0), "Red") }
        draws += (6..<8).map { draw(Int64($0), "Green") }
        draws.append(draw(8, "Green", "Violet"))
        let (image, layout) = try render(draws, settings)
        let y = Int(layout.bar.y + layout.bar.height * 0.15)
        // Where the colour (one of the three; an anti-aliased pixel between two is none) changes.
        var edges: [Int] = []
        var last: String?
        for x in Int(layout.bar.x + layout.bar.height)..<Int(layout.bar.x + layout.bar.width - layout.bar.height) {
            let pixel = image.pixel(x: x, y: y)
            guard let name = ["red", "green", "violet"].first(where: { near(pixel, settings.color(named: $0)) }) else { continue }
            if let last, last != name { edges.append(x) }
            last = name
        }
        #expect(edges.count == 2, "edges at \(edges)")
        let width = layout.bar.width
        for (edge, share) in zip(edges, [0.6, 0.9]) {
            #expect(abs(Double(edge) - (layout.bar.x + width * share)) <= 2, "edge at \(edge), expected \(layout.bar.x + width * share)")
        }
        #expect(near(image.pixel(x: Int(layout.bar.x + width * 0.3), y: y), settings.color(named: "red")))
        #expect(near(image.pixel(x: Int(layout.bar.x + width * 0.75), y: y), settings.color(named: "green")))
        #expect(near(image.pixel(x: Int(layout.bar.x + width * 0.95), y: y), settings.color(named: "violet")))
    }

    @Test func theStreakRowShowsTheCurrentAndTheLongestRunInTheirColours() throws {
        let colors = ["Green", "Red", "Red", "Red", "Red", "Green", "Green"]
        let draws = colors.enumerated().map { draw(Int64($0.offset), $0.element) }
        let stats = TrendStats(draws, limit: 100)
        #expect(stats.currentRun == TrendStats.Run(color: "green", length: 2))
        #expect(stats.longestRun == TrendStats.Run(color: "red", length: 4))
        let (image, layout) = try render(draws, settings)
        let y = Int(layout.streaks.y + layout.streaks.height / 2)
        func firstBead(from left: Double) -> CanvasColor? {
            (Int(left)..<Int(left + layout.streaks.width / 2)).lazy.map { image.pixel(x: $0, y: y) }
                .first { c in settings.colors.values.contains { near(c, $0) } }
        }
        #expect(firstBead(from: layout.streaks.x).map { near($0, settings.color(named: "green")) } == true)
        #expect(firstBead(from: layout.streaks.x + layout.streaks.width / 2).map { near($0, settings.color(named: "red")) } == true)
    }

    @Test func theRunsLayoutKeepsTheNewestColumnsThatFit() throws {
        var narrow = settings
        narrow.layout = .runs
        narrow.draws = 4
        narrow.rows = 2
        // Alternating colours: 6 runs, 2 columns fit.
        let draws = (0..<6).map { draw(Int64($0), $0 % 2 == 0 ? "Red" : "Green") }
        let layout = TrendLayout(TrendStats(draws, limit: 4), settings: narrow)
        #expect(layout.beads.map(\.draw.issue) == [4, 5])
    }

    @Test func aPNGThatIsNotOneIsRefused() {
        #expect(throws: CanvasError.self) { try PNGImage(decoding: Array("not a picture".utf8)) }
    }
}
