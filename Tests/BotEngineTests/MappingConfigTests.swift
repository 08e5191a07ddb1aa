// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

/// `upstream.preset`, `upstream.mapping`, `upstream.colors_by_last_digit` and `game_type` in a
/// bot's config.
@Suite struct MappingConfigTests {
    /// A config file name in `Config/`, so that presets resolve to the shipped `Config/presets`.
    static let file = RepoPaths.config + "/test.yaml"

    static let base = """
        locale: vi
        role: reader
        upstream:
          url: http://127.0.0.1:8080/api/draws

        """

    func parse(_ yaml: String, file: String = Self.file) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: yaml, file: file)
    }

    @Test func noPresetAndNoMappingIsTheOriginalShape() throws {
        #expect(try parse(Self.base).upstream.mapping == .original)
    }

    @Test func aPresetIsReadFromPresetsNextToTheConfig() throws {
        let mapping = try parse(Self.base + "  preset: list\n").upstream.mapping
        #expect(mapping.records.description == "data.list")
        #expect(mapping.issue.description == "issueNumber")
        #expect(mapping.value.description == "number")
        #expect(mapping.colors == nil)
        #expect(mapping.time == nil)
        #expect(mapping.colorsByLastDigit == .original)
        #expect(mapping.preset == "list")
    }

    @Test func explicitMappingKeysOverrideThePresetOnesOneByOne() throws {
        let mapping = try parse(Self.base + "  preset: list\n  mapping:\n    value: premium\n    time: openTime\n").upstream.mapping
        #expect(mapping.records.description == "data.list")
        #expect(mapping.issue.description == "issueNumber")
        #expect(mapping.value.description == "premium")
        #expect(mapping.time?.description == "openTime")
        #expect(mapping.colors == nil)
    }

    @Test func nullColoursOnTheOriginalPresetMeansColoursByDigit() throws {
        let mapping = try parse(Self.base + "  preset: original\n  mapping:\n    colors: null\n").upstream.mapping
        #expect(mapping.records.description == "data.records")
        #expect(mapping.colors == nil)
        #expect(mapping.colorsByLastDigit == .original)
    }

    @Test func aMappingWithoutPresetDescribesTheShapeOnItsOwn() throws {
        let yaml =
            Self.base + """
                  mapping:
                    records: result.rows
                    issue: period
                    value: outcome
                  colors_by_last_digit:
                    "0": red
                    "5": [green]
                    1,3,7,9: [green]
                    "2,4,6,8": [red]

                """
        let mapping = try parse(yaml).upstream.mapping
        #expect(mapping.records.description == "result.rows")
        #expect(mapping.colors == nil)
        #expect(mapping.time == nil)
        #expect(mapping.preset == nil)
        #expect(mapping.colorsByLastDigit.colors(forDigit: 0) == ["red"])
        #expect(mapping.colorsByLastDigit.colors(forDigit: 5) == ["green"])
        #expect(mapping.colorsByLastDigit.colors(forDigit: 9) == ["green"])
        #expect(mapping.colorsByLastDigit.colors(forDigit: 8) == ["red"])
    }

    @Test func colorsByLastDigitReplacesThePresetTableAsAWhole() throws {
        let mapping = try parse(Self.base + "  preset: list\n  colors_by_last_digit:\n    \"0,5\": [violet]\n").upstream.mapping
        #expect(mapping.colorsByLastDigit == LastDigitColors(table: [0: ["violet"], 5: ["violet"]]))
    }

    @Test func unknownPresetNamesTheKeyAndListsThePresets() {
        let error = #expect(throws: FileError.self) { try parse(Self.base + "  preset: lisst\n") }
        #expect(error?.key == "upstream.preset")
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 5)
        #expect(error?.message.contains("unknown preset 'lisst'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("presets: list, original") == true, "\(error?.message ?? "")")
    }

    typealias Bad = BadConfig

    static let bad: [Bad] = [
        Bad(yaml: base + "  preset: ../en\n", key: "upstream.preset", code: .invalidValue, mentions: "preset name"),
        Bad(yaml: base + "  mapping:\n    records: data.list\n    issue: issueNumber\n", key: "upstream.mapping.value", code: .missingKey),
        Bad(
            yaml: base + "  mapping:\n    records: data..list\n    issue: a\n    value: b\n", key: "upstream.mapping.records", code: .invalidValue,
            mentions: "dot path"),
        Bad(
            yaml: base + "  mapping:\n    records: null\n    issue: a\n    value: b\n", key: "upstream.mapping.records", code: .invalidValue,
            mentions: "required"),
        Bad(yaml: base + "  preset: list\n  mapping:\n    colour: c\n", key: "upstream.mapping.colour", code: .unknownKey),
        Bad(yaml: base + "  mapping: data.list\n", key: "upstream.mapping", code: .wrongType),
        Bad(
            yaml: base + "  colors_by_last_digit:\n    \"12\": [red]\n", key: "upstream.colors_by_last_digit.12", code: .invalidValue,
            mentions: "digit"),
        Bad(yaml: base + "  colors_by_last_digit:\n    \"x\": [red]\n", key: "upstream.colors_by_last_digit.x", code: .invalidValue),
        Bad(
            yaml: base + "  colors_by_last_digit:\n    \"1\": [green]\n    \"1,3\": [red]\n", key: "upstream.colors_by_last_digit.1,3",
            code: .invalidValue,
            mentions: "digit 1 has a colour rule already"
        ),
        Bad(yaml: base + "  colors_by_last_digit:\n    \"0\": []\n", key: "upstream.colors_by_last_digit.0", code: .invalidValue),
        Bad(yaml: base + "  colors_by_last_digit:\n    \"0\": [red, \"\"]\n", key: "upstream.colors_by_last_digit.0[1]", code: .invalidValue),
        Bad(
            yaml: base + "  preset: list\n  colors_by_last_digit: {}\n", key: "upstream.colors_by_last_digit", code: .invalidValue,
            mentions: "draws would have no colours"
        ),
    ]

    @Test(arguments: bad)
    func aBadMappingIsAConfigErrorNamingTheKey(_ bad: Bad) {
        let error = #expect(throws: FileError.self) { try parse(bad.yaml) }
        #expect(error?.file == Self.file)
        #expect(error?.key == bad.key, "\(error?.description ?? "")")
        #expect(error?.code == bad.code, "\(error?.description ?? "")")
        #expect(bad.mentions.isEmpty || error?.message.contains(bad.mentions) == true, "\(error?.description ?? "")")
    }

    @Test func presetsAreLookedUpRelativeToTheConfigFileNotTheWorkingDirectory() throws {
        let dir = NSTemporaryDirectory() + "/presets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/presets", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "mapping:\n  records: rows\n  issue: id\n  value: n\n".write(toFile: dir + "/presets/mine.yaml", atomically: true, encoding: .utf8)
        try (Self.base + "  preset: mine\n").write(toFile: dir + "/bot.yaml", atomically: true, encoding: .utf8)
        let mapping = try BotConfig.load(path: dir + "/bot.yaml", environment: [:]).upstream.mapping
        #expect(mapping.records.description == "rows")
        #expect(mapping.colors == nil)
        #expect(mapping.colorsByLastDigit == .original)

        // The shipped presets are not found from there.
        try (Self.base + "  preset: list\n").write(toFile: dir + "/other.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: FileError.self) { try BotConfig.load(path: dir + "/other.yaml", environment: [:]) }
        #expect(error?.message.contains("presets: mine") == true, "\(error?.description ?? "")")
    }

    @Test func anErrorInAPresetFileNamesThatFileAndKey() throws {
        let dir = NSTemporaryDirectory() + "/presets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/presets", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "mapping:\n  records: rows\n  value: n\n".write(toFile: dir + "/presets/broken.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: FileError.self) { try parse(Self.base + "  preset: broken\n", file: dir + "/bot.yaml") }
        #expect(error?.file == dir + "/presets/broken.yaml")
        #expect(error?.key == "mapping.issue")
        #expect(error?.code == .missingKey)
    }

    @Test func theDefaultGameKeepsTheOriginalKeyNames() throws {
        for yaml in [Self.base, Self.base + "game_type: RG5M\n"] {
            let config = try parse(yaml)
            #expect(config.gameType == "RG5M")
            #expect(config.shared.key == "fivem_red_green_shared_data")
            #expect(config.shared.legacyKey == "api_response")
        }
    }

    @Test func anotherGameNamespacesItsKeys() throws {
        let config = try parse(Self.base + "game_type: RG1M\n")
        #expect(config.shared.key == "fivem_red_green_shared_data:RG1M")
        #expect(config.shared.legacyKey == "api_response:RG1M")
    }

    @Test func explicitSharedKeysWinOverTheGamesDefaults() throws {
        let config = try parse(Self.base + "game_type: RG1M\nshared:\n  key: one_minute\n")
        #expect(config.shared.key == "one_minute")
        #expect(config.shared.legacyKey == "api_response:RG1M")
    }
}
