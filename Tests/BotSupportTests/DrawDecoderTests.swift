// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Testing

@Suite struct DrawDecoderTests {
    func decode(_ json: String) throws(UpstreamError) -> DrawFeed { try DrawDecoder.decode(Array(json.utf8)) }

    @Test func ordersByIssueNeverByPosition() throws {
        let feed = try decode(
            #"{"data":{"records":[{"issue":7,"value":"7","resultFormatValueI18n":["Green"]},{"issue":"9","value":"9","resultFormatValueI18n":["Green"]},{"issue":8,"value":"8","resultFormatValueI18n":["Red"]}]}}"#
        )
        #expect(feed.draws.map(\.issue) == [7, 8, 9])
        #expect(feed.latest?.issue == 9)
    }

    @Test func keepsTheBodyVerbatim() throws {
        let json = #"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Green"],"extra":{"x":[1,2]}}]},"other":true}"#
        #expect(try decode(json).raw == Array(json.utf8))
    }

    @Test func readsEpochAndISOTimes() throws {
        let ms = try decode(#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Green"],"time":1740227344593}]}}"#)
        #expect(ms.latest?.time?.timeIntervalSince1970 == 1_740_227_344.593)
        let iso = try decode(#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Green"],"time":"2025-02-22T12:29:04Z"}]}}"#)
        #expect(iso.latest?.time?.timeIntervalSince1970 == 1_740_227_344)
    }

    static let bad: [(String, String)] = [
        ("not json", "not valid JSON"),
        ("[]", "expected an object"),
        (#"{"code":0}"#, "data: is missing"),
        (#"{"data":{"records":{}}}"#, "data.records: expected a list"),
        (#"{"data":{"records":[]}}"#, "data.records: is empty"),
        (#"{"data":{"records":[{"value":"1","resultFormatValueI18n":["Red"]}]}}"#, "data.records[0].issue: is missing"),
        (#"{"data":{"records":[{"issue":-1,"value":"1","resultFormatValueI18n":["Red"]}]}}"#, "data.records[0].issue"),
        (#"{"data":{"records":[{"issue":"12a","value":"1","resultFormatValueI18n":["Red"]}]}}"#, "data.records[0].issue"),
        (#"{"data":{"records":[{"issue":1.5,"value":"1","resultFormatValueI18n":["Red"]}]}}"#, "data.records[0].issue"),
        (#"{"data":{"records":[{"issue":1,"value":[1],"resultFormatValueI18n":["Red"]}]}}"#, "data.records[0].value: expected a non-empty string"),
        (#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":3}]}}"#, "data.records[0].resultFormatValueI18n"),
        (#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":[3]}]}}"#, "data.records[0].resultFormatValueI18n[0]"),
        (#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":[]}]}}"#, "data.records[0].resultFormatValueI18n"),
        (
            #"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Red"]},{"issue":1,"value":"2","resultFormatValueI18n":["Red"]}]}}"#,
            "appears twice"
        ),
        (#"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Red"],"time":"yesterday"}]}}"#, "data.records[0].time"),
    ]

    @Test(arguments: bad)
    func rejectsBadResponsesNamingTheField(json: String, expected: String) {
        let error = #expect(throws: UpstreamError.self) { try decode(json) }
        #expect(error?.code == .invalid)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "") should mention \(expected)")
    }

    @Test func repeatedIdenticalRecordsCollapse() throws {
        let feed = try decode(
            #"{"data":{"records":[{"issue":1,"value":"1","resultFormatValueI18n":["Green"]},{"issue":1,"value":"1","resultFormatValueI18n":["Green"]}]}}"#
        )
        #expect(feed.draws.count == 1)
    }
}
