// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Foundation
import Testing

@Suite struct TimeZoneConfigTests {
    let base = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\n"

    @Test func timeZoneDefaultsToUTC() throws {
        let config = try BotConfig.parse(yaml: base, file: "Config/vi.yaml")
        #expect(config.timeZone.secondsFromGMT() == 0)
        #expect(config.timeZone == TimeZone(identifier: "UTC"))
    }

    @Test func timeZoneTakesAnIANAName() throws {
        let config = try BotConfig.parse(yaml: base + "time_zone: Asia/Ho_Chi_Minh\n", file: "Config/vi.yaml")
        #expect(config.timeZone.identifier == "Asia/Ho_Chi_Minh")
    }

    @Test func unknownTimeZoneIsAnErrorNamingTheKeyAndLine() {
        let error = #expect(throws: FileError.self) {
            try BotConfig.parse(yaml: base + "time_zone: Mars/Olympus_Mons\n", file: "Config/vi.yaml")
        }
        #expect(error?.key == "time_zone")
        #expect(error?.line == 5)
        #expect(error?.description.contains("Config/vi.yaml:5: time_zone: unknown time zone 'Mars/Olympus_Mons'") == true)
    }
}
