// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// Replays every committed fuzz input (the seed corpora in `Fuzz/Corpus/<target>/` and the inputs
/// that once crashed, in `Fuzz/Regressions/<target>/`) through the same entry points the libFuzzer
/// targets drive: none may crash or break a promise of its path, and a refusal must say what is
/// wrong.
@Suite struct FuzzRegressionTests {
    /// The committed inputs of one fuzz target, as paths relative to the repository.
    static func inputs(_ target: String) -> [String] {
        ["Fuzz/Corpus", "Fuzz/Regressions"].flatMap { folder in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(RepoPaths.root)/\(folder)/\(target)")) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\(target)/\($0)" }
        }
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(RepoPaths.root)/\(file)")))
    }

    /// A refusal names what is wrong; nothing is broken.
    static func expectSound(_ outcomes: [FuzzEntryPoints.Outcome], _ file: String) {
        for outcome in outcomes {
            switch outcome {
            case .broken(let why): Issue.record("\(file): \(why)")
            case .refused(let message): #expect(message.count > 10, "\(file): refused without saying why: '\(message)'")
            case .accepted: break
            }
        }
    }

    @Test func everyTargetHasCommittedInputs() {
        for target in ["upstream", "snapshot", "locale", "config", "chat"] {
            #expect(Self.inputs(target).count >= 5, "Fuzz/Corpus/\(target) has too few seeds")
        }
    }

    @Test(arguments: inputs("upstream"))
    func upstreamInput(_ file: String) throws {
        Self.expectSound(FuzzEntryPoints.upstream(try Self.bytes(file)), file)
    }

    @Test(arguments: inputs("snapshot"))
    func snapshotInput(_ file: String) throws {
        Self.expectSound(FuzzEntryPoints.snapshot(try Self.bytes(file)), file)
    }

    @Test(arguments: inputs("locale"))
    func localeInput(_ file: String) throws {
        Self.expectSound([FuzzEntryPoints.locale(try Self.bytes(file), file: file)], file)
    }

    @Test(arguments: inputs("config"))
    func configInput(_ file: String) throws {
        let bytes = try Self.bytes(file)
        Self.expectSound(FuzzEntryPoints.config(bytes) + FuzzEntryPoints.localeLineBreaks(bytes), file)
    }

    @Test(arguments: inputs("chat"))
    func chatInput(_ file: String) async throws {
        Self.expectSound(await FuzzEntryPoints.chat(try Self.bytes(file)), file)
    }

    /// The seeds taken from what the fleet really sends are accepted, so the fuzzers start from
    /// inputs that reach the end of each path.
    @Test func realSeedsGoTheWholeWay() throws {
        let simulator = FuzzEntryPoints.upstream(try Self.bytes("Fuzz/Corpus/upstream/simulator-original.json"))
        #expect(simulator.contains(.accepted(messages: 30)))
        let list = FuzzEntryPoints.upstream(try Self.bytes("Fuzz/Corpus/upstream/simulator-list.json"))
        #expect(list.contains(.accepted(messages: 30)))
        let snapshot = FuzzEntryPoints.snapshot(try Self.bytes("Fuzz/Corpus/snapshot/master-original.json"))
        #expect(snapshot.contains(.accepted(messages: 30)))
        for code in ["en", "vi", "ja", "id", "th"] {
            let outcome = FuzzEntryPoints.locale(try Self.bytes("Fuzz/Corpus/locale/\(code).yaml"))
            #expect(outcome == .accepted(messages: 45), "\(code).yaml: \(outcome)")
        }
    }

    // MARK: What the fuzzers found

    static func response(time: String) -> [UInt8] {
        Array(#"{"data":{"records":[{"issue":1,"value":"7","resultFormatValueI18n":["Green"],"time":\#(time)}]}}"#.utf8)
    }

    /// FuzzUpstream: a draw time past what milliseconds in an `Int64` hold crashed the master when
    /// it learned the draw period (`Draw.timeMillis`); such a time is now refused, naming the field.
    @Test(arguments: ["17992233720368547758080260101100054", "9223372036854775807", "1e300", "253402300801", "\"9999999999999999\""])
    func drawTimesPastTheYear9999AreRefused(_ time: String) {
        let error = #expect(throws: UpstreamError.self) { try DrawDecoder.decode(Self.response(time: time)) }
        #expect(error?.message.contains("data.records[0].time: expected a time from 1970 to the year 9999") == true, "\(error?.message ?? "")")
        #expect(FuzzEntryPoints.upstream(Self.response(time: time)).allSatisfy { if case .refused = $0 { true } else { false } })
    }

    @Test(arguments: ["253402300799", "253402300799999", "\"9999-12-31T23:59:59Z\"", "1"])
    func drawTimesUpToTheYear9999AreTaken(_ time: String) throws {
        let draw = try #require(try DrawDecoder.decode(Self.response(time: time)).latest)
        #expect(draw.timeMillis != nil)
    }

    /// The harness's read-back check: a body with a byte-order mark, or in UTF-16, parsed, but the
    /// master wrote it verbatim into the snapshot, which then no reader could parse. UTF-8 marks are
    /// now dropped (the snapshot reads back); another encoding is refused.
    @Test func aByteOrderMarkIsDroppedAndOtherEncodingsRefused() throws {
        let marked = try Self.bytes("Fuzz/Regressions/upstream/utf8-byte-order-mark.json")
        let feed = try DrawDecoder.decode(marked)
        #expect(feed.raw == Array(marked.dropFirst(3)))
        #expect(FuzzEntryPoints.upstream(marked).contains(.accepted(messages: 3)))
        // FuzzUpstream: the parser skips any number of marks, so all of them are dropped.
        let twice = try Self.bytes("Fuzz/Regressions/upstream/two-byte-order-marks.json")
        let list = try #require(FuzzEntryPoints.mappings.first { $0.name == "list" }).mapping
        #expect(try DrawDecoder.decode(twice, mapping: list).raw == Array(twice.dropFirst(6)))
        for file in ["utf16le.json", "utf16-byte-order-mark.json"] {
            let error = #expect(throws: UpstreamError.self) { try DrawDecoder.decode(try Self.bytes("Fuzz/Regressions/upstream/\(file)")) }
            #expect(error?.message.contains("not UTF-8 JSON") == true, "\(file): \(error?.message ?? "")")
        }
    }
}

/// A YAML text with nested aliases used as a mapping key ("a billion laughs") made Yams' duplicate
/// key check run for hours (found with the locale fuzz target's entry point): config and locale
/// files with more than 16 aliases are refused before Yams sees them. Texts that only look like
/// aliases (in quotes, block scalars, comments) are not counted.
@Suite struct YAMLAliasLimitTests {
    static let english = (try? String(contentsOfFile: RepoPaths.locales + "/en.yaml", encoding: .utf8)) ?? ""

    @Test func nestedAliasesAreRefusedNamingTheLine() throws {
        let bomb = try String(contentsOfFile: RepoPaths.root + "/Fuzz/Regressions/locale/alias-key-bomb.yaml", encoding: .utf8)
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: bomb, file: "bomb.yaml", code: "en") }
        #expect(error?.code == .syntax)
        #expect(error?.line == 3)
        #expect(error?.description.contains("bomb.yaml:3: more than 16 YAML aliases") == true, "\(error?.description ?? "")")
    }

    @Test func starsInQuotesBlockScalarsAndCommentsAreNoAliases() throws {
        let stars = String(repeating: "    **{{value}}** *bold* - *x\n", count: 20)
        let quoted = String(repeating: "  # *not an alias* \n", count: 20)
        let text = Self.english.replacingOccurrences(of: "name: English", with: "name: \"*English* *\"")
            .replacingOccurrences(of: "messages:\n  result: |-\n", with: "messages:\n  result: |-\n" + stars)
            .replacingOccurrences(of: "colors:\n", with: "colors:\n" + quoted)
        let bundle = try LocaleBundle.parse(yaml: text, file: "en.yaml", code: "en")
        #expect(bundle.displayName == "*English* *")
        #expect(bundle.resultTemplate.source.hasPrefix("**{{value}}** *bold*"))
    }

    @Test func aFewAliasesStillWork() throws {
        let text = Self.english
            .replacingOccurrences(of: "red: \"RED 🔴\"", with: "red: &red \"RED 🔴\"")
            .replacingOccurrences(of: "  red: \"🔴\"", with: "  red: *red")
        let bundle = try LocaleBundle.parse(yaml: text, file: "en.yaml", code: "en")
        #expect(bundle.symbol(forColor: "red") == "RED 🔴")
    }
}
