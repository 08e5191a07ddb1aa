// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

/// Decoding other games' responses through a mapping: presets, colours by last digit, numbers
/// as values, and errors that name the mapping key and the part of the response at fault.
@Suite struct ResponseMappingTests {
    static let list = try! ResponseMapping.loadPreset(path: RepoPaths.config + "/presets/list.yaml", name: "list")

    func decode(_ json: String, _ mapping: ResponseMapping = Self.list) throws(UpstreamError) -> DrawFeed {
        try DrawDecoder.decode(Array(json.utf8), mapping: mapping)
    }

    /// A list-shaped body, newest first.
    static func listBody(_ draws: [(String, String)]) -> String {
        let items = draws.map { #"{"issueNumber":"\#($0.0)","number":"\#($0.1)","premium":"x"}"# }
        return #"{"code":0,"msg":"Succeed","data":{"list":["# + items.joined(separator: ",") + #"],"pageNo":1}}"#
    }

    @Test func theOriginalPresetFileIsTheBuiltInDefault() throws {
        var preset = try ResponseMapping.loadPreset(path: RepoPaths.config + "/presets/original.yaml", name: "original")
        #expect(preset.preset == "original")
        preset.preset = nil
        #expect(preset == .original)
    }

    @Test func theListPresetReadsDataListWithColoursByLastDigit() throws {
        let feed = try decode(Self.listBody([("20260101100052", "5"), ("20260101100051", "0"), ("20260101100050", "7")]))
        #expect(feed.draws.map(\.issue) == [20_260_101_100_050, 20_260_101_100_051, 20_260_101_100_052])
        #expect(feed.draws.map(\.value) == ["7", "0", "5"])
        #expect(feed.draws.map(\.colors) == [["green"], ["red", "violet"], ["green", "violet"]])
        #expect(feed.draws.allSatisfy { $0.time == nil })
    }

    static let originalRule: [(String, [String])] = [
        ("0", ["red", "violet"]), ("1", ["green"]), ("2", ["red"]), ("3", ["green"]), ("4", ["red"]),
        ("5", ["green", "violet"]), ("6", ["red"]), ("7", ["green"]), ("8", ["red"]), ("9", ["green"]),
        ("120", ["red", "violet"]), ("305", ["green", "violet"]), ("48", ["red"]),
    ]

    @Test(arguments: originalRule)
    func everyLastDigitHasTheOriginalGamesColours(value: String, colors: [String]) throws {
        #expect(try decode(Self.listBody([("1", value)])).latest?.colors == colors)
    }

    /// A game that calls 0 plain red and 5 plain green (no violet).
    static let noViolet = LastDigitColors(table: [
        0: ["red"], 5: ["green"], 1: ["green"], 3: ["green"], 7: ["green"], 9: ["green"],
        2: ["red"], 4: ["red"], 6: ["red"], 8: ["red"],
    ])

    @Test func aGameThatDisagreesOnZeroAndFiveGetsItsOwnColours() throws {
        var mapping = Self.list
        mapping.colorsByLastDigit = Self.noViolet
        let feed = try decode(Self.listBody([("3", "5"), ("2", "0"), ("1", "9")]), mapping)
        #expect(feed.draws.map(\.colors) == [["green"], ["red"], ["green"]])
        // The shipped preset keeps violet on 0 and 5.
        #expect(try decode(Self.listBody([("3", "5"), ("2", "0")])).draws.map(\.colors) == [["red", "violet"], ["green", "violet"]])
    }

    @Test func aWholeNumberValueIsShownAsText() throws {
        let feed = try decode(#"{"data":{"list":[{"issueNumber":12,"number":7},{"issueNumber":11,"number":40}]}}"#)
        #expect(feed.draws.map(\.value) == ["40", "7"])
        #expect(feed.draws.map(\.colors) == [["red", "violet"], ["green"]])
    }

    @Test(arguments: [
        ("\"Red\"", ["Red"]), ("\"red,violet\"", ["red", "violet"]), ("\"Green + Violet\"", ["Green", "Violet"]),
        ("[\"Red\",\" Violet \"]", ["Red", "Violet"]),
    ])
    func colourNamesMayBeOneStringOrAList(field: String, colors: [String]) throws {
        let json = #"{"data":{"records":[{"issue":1,"value":"0","resultFormatValueI18n":"# + field + "}]}}"
        #expect(try decode(json, .original).latest?.colors == colors)
    }

    @Test func nestedPathsAndAnEpochStringTime() throws {
        let mapping = ResponseMapping(
            records: FieldPath("result.items")!, issue: FieldPath("period.id")!, value: FieldPath("outcome.number")!,
            colors: FieldPath("outcome.colour")!, time: FieldPath("openTime")!
        )
        let json = #"{"result":{"items":[{"period":{"id":"88"},"outcome":{"number":3,"colour":"green"},"openTime":"1740227344"}]}}"#
        let draw = try #require(try decode(json, mapping).latest)
        #expect(draw == Draw(issue: 88, value: "3", colors: ["green"], time: Date(timeIntervalSince1970: 1_740_227_344)))
    }

    struct Mismatch: Sendable, CustomTestStringConvertible {
        var json: String
        var mapping: ResponseMapping
        /// Every part the message must name.
        var mentions: [String]
        var testDescription: String { mentions.joined(separator: " / ") }
    }

    static func listWithTime(_ path: String) -> ResponseMapping {
        var mapping = list
        mapping.time = FieldPath(path)
        return mapping
    }

    @Test func aDrawWithoutItsOptionalTimeHasNone() throws {
        #expect(try decode(Self.listBody([("1", "7")]), Self.listWithTime("open.at")).latest?.time == nil)
    }

    static let mismatches: [Mismatch] = [
        // The original shape read with the list preset: the records path matches nothing.
        Mismatch(
            json: Fixtures.responseJSON([Fixtures.draw(5)]), mapping: list,
            mentions: ["response field data.list: is missing", "data has keys records", "upstream.mapping.records: data.list", "preset list"]
        ),
        Mismatch(
            json: #"{"code":500,"msg":"busy"}"#, mapping: list,
            mentions: ["data: is missing", "the response has keys code, msg", "upstream.mapping.records"]),
        Mismatch(
            json: #"{"data":{"list":{"a":1}}}"#, mapping: list,
            mentions: ["data.list: expected a list of draws, got an object", "upstream.mapping.records"]),
        Mismatch(
            json: #"{"data":[1]}"#, mapping: list, mentions: ["response field data: expected an object, got a list", "upstream.mapping.records"]),
        Mismatch(
            json: #"{"data":{"list":[{"issue":"1","number":"7"}]}}"#, mapping: list,
            mentions: ["data.list[0].issueNumber: is missing", "the draw has keys issue, number", "upstream.mapping.issue: issueNumber"]
        ),
        Mismatch(
            json: #"{"data":{"list":[{"issueNumber":{"n":1},"number":"7"}]}}"#, mapping: list,
            mentions: ["data.list[0].issueNumber: expected a non-negative integer or a string of digits, got an object", "upstream.mapping.issue"]
        ),
        Mismatch(
            json: #"{"data":{"list":[{"issueNumber":"1","number":7.5}]}}"#, mapping: list,
            mentions: ["data.list[0].number: expected a non-empty string or a whole number, got the number 7.5", "upstream.mapping.value: number"]
        ),
        Mismatch(
            json: #"{"data":{"list":[{"issueNumber":"1","number":"7a"}]}}"#, mapping: list,
            mentions: ["data.list[0].number", "does not end in a digit", "upstream.colors_by_last_digit"]
        ),
        Mismatch(
            json: #"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":""}]}}"#, mapping: .original,
            mentions: ["data.records[0].resultFormatValueI18n: expected colour names", "upstream.mapping.colors: resultFormatValueI18n"]
        ),
        Mismatch(
            json: #"{"data":{"records":[{"issue":1,"value":"1"}]}}"#, mapping: .original,
            mentions: ["data.records[0].resultFormatValueI18n: is missing", "upstream.mapping.colors"]
        ),
        Mismatch(
            json: #"{"data":{"list":[{"issueNumber":"1","number":"7","open":"soon"}]}}"#, mapping: listWithTime("open.at"),
            mentions: ["data.list[0].open: expected an object, got the string 'soon'", "upstream.mapping.time: open.at"]
        ),
        Mismatch(
            json: #"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Red"],"time":[]}]}}"#, mapping: .original,
            mentions: ["data.records[0].time", "upstream.mapping.time: time"]
        ),
    ]

    @Test(arguments: mismatches)
    func aResponseThatDoesNotMatchNamesTheMappingKeyAndTheResponsePart(_ mismatch: Mismatch) {
        let error = #expect(throws: UpstreamError.self) { try decode(mismatch.json, mismatch.mapping) }
        #expect(error?.code == .invalid)
        for part in mismatch.mentions {
            #expect(error?.message.contains(part) == true, "'\(error?.message ?? "")' should mention '\(part)'")
        }
    }

    @Test func aMismatchCarriesTheConfigKeyAsItsCondition() {
        let missing = #expect(throws: UpstreamError.self) { try decode(Fixtures.responseJSON([Fixtures.draw(5)])) }
        #expect(missing?.configKey == "upstream.mapping.records")
        #expect(missing?.condition == "invalid:upstream.mapping.records")
        var mapping = Self.list
        mapping.colorsByLastDigit = LastDigitColors(table: [1: ["green"]])
        let noRule = #expect(throws: UpstreamError.self) { try decode(Self.listBody([("1", "2")]), mapping) }
        #expect(noRule?.configKey == "upstream.colors_by_last_digit")
        let notJSON = #expect(throws: UpstreamError.self) { try decode("{") }
        #expect(notJSON?.condition == "invalid")
    }

    @Test func aDigitWithNoColourRuleIsAnErrorNotAPostWithoutColours() {
        var mapping = Self.list
        mapping.colorsByLastDigit = LastDigitColors(table: [0: ["red"], 1: ["green"], 2: ["red"], 3: ["green"], 4: ["red"], 6: ["red"], 7: ["green"]])
        #expect(throws: Never.self) { try decode(Self.listBody([("1", "7")]), mapping) }
        let error = #expect(throws: UpstreamError.self) { try decode(Self.listBody([("2", "15"), ("1", "7")]), mapping) }
        let message = error?.message ?? ""
        #expect(message.contains("data.list[0].number"), "\(message)")
        #expect(message.contains("last digit 5 of '15' has no colour in upstream.colors_by_last_digit"), "\(message)")
        #expect(message.contains("rules for 0-4, 6-7"), "\(message)")
    }
}
