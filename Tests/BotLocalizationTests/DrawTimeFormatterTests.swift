// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import Foundation
import Testing

@Suite struct DrawTimeFormatterTests {
    let instant = Date(timeIntervalSince1970: 1_740_227_344)  // 2025-02-22 12:29:04 UTC

    func formatter(_ locale: String, _ zone: String) -> DrawTimeFormatter {
        DrawTimeFormatter(locale: Locale(identifier: locale), timeZone: TimeZone(identifier: zone)!)
    }

    @Test func timeAndDateFollowTheZoneAndTheLocale() {
        let vi = formatter("vi_VN", "Asia/Ho_Chi_Minh")
        #expect(vi.time(instant) == "19:29:04")
        #expect(vi.date(instant) == "ngày 22 thg 2, 2025")
        let us = formatter("en_US", "America/New_York")
        #expect(us.time(instant) == "7:29:04\u{202F}AM")  // CLDR puts a narrow no-break space before AM
        #expect(us.date(instant) == "Feb 22, 2025")
    }

    @Test func thaiDatesUseTheBuddhistEra() {
        #expect(formatter("th_TH", "Asia/Bangkok").date(instant) == "22 ก.พ. 2568")
    }

    @Test func aDateCrossesMidnightWithTheZone() {
        let late = Date(timeIntervalSince1970: 1_740_268_800 - 60)  // 2025-02-22 23:59:00 UTC
        #expect(formatter("ja_JP", "Asia/Tokyo").date(late) == "2025/02/23")
        #expect(formatter("en_GB", "UTC").date(late) == "22 Feb 2025")
    }

    @Test func zoneNamesAreLocalizedAndUTCIsCalledUTC() {
        #expect(formatter("vi_VN", "Asia/Ho_Chi_Minh").zoneName(at: instant) == "Giờ Việt Nam")
        #expect(formatter("ja_JP", "Asia/Tokyo").zoneName(at: instant) == "JST")
        #expect(formatter("id_ID", "Asia/Jakarta").zoneName(at: instant) == "WIB")
        #expect(formatter("th_TH", "Asia/Bangkok").zoneName(at: instant) == "เวลาไทย")
        #expect(formatter("en_GB", "UTC").zoneName(at: instant) == "UTC")
        #expect(formatter("vi_VN", "Etc/UTC").zoneName(at: instant) == "UTC")
    }

    /// Issue 25: Hebrew's zone was "GMT+3" from late March to late October, as CLDR has no Hebrew
    /// summer abbreviation for Israel and ICU answers with the offset instead.
    @Test func zoneNamesHoldAcrossDaylightSavingTime() {
        let winter = Date(timeIntervalSince1970: 1_768_478_400)  // 2026-01-15 12:00 UTC
        let summer = Date(timeIntervalSince1970: 1_784_116_800)  // 2026-07-15 12:00 UTC
        let cases: [(locale: String, zone: String, winter: String, summer: String)] = [
            ("he_IL", "Asia/Jerusalem", "שעון ישראל", "שעון ישראל"),
            ("pt_BR", "America/Sao_Paulo", "BRT", "BRT"),  // no daylight saving time since 2019
            ("de_DE", "Europe/Berlin", "MEZ", "MESZ"),
            ("en_US", "America/New_York", "EST", "EDT"),
            ("en_GB", "Europe/London", "GMT", "BST"),
        ]
        for c in cases {
            let formatter = formatter(c.locale, c.zone)
            #expect(formatter.zoneName(at: winter) == c.winter, "\(c.zone) in winter")
            #expect(formatter.zoneName(at: summer) == c.summer, "\(c.zone) in summer")
        }
    }

    @Test func utcOffsets() {
        #expect(formatter("en", "UTC").utcOffset(at: instant) == "UTC")
        #expect(formatter("en", "Asia/Bangkok").utcOffset(at: instant) == "UTC+7")
        #expect(formatter("en", "Asia/Kolkata").utcOffset(at: instant) == "UTC+5:30")
        #expect(formatter("en", "America/Sao_Paulo").utcOffset(at: instant) == "UTC-3")
    }
}
