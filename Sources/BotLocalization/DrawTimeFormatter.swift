// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// Formats a draw's time in a bot's time zone with a locale's own conventions: CLDR's medium
/// date and time patterns through Foundation, so `15:17:11` and `ngày 27 thg 11, 2026` in
/// Vietnamese, `17:17:11` and `2026/11/27` in Japanese, the Buddhist year in Thai; or the
/// pattern or skeleton the locale gives (`dd/MM/y`, `yMd`, `Hms`). The locale's keywords are
/// honoured: `ko_KR@hours=h23` (24-hour clock), `th_TH@calendar=gregorian`, `hi_IN@numbers=deva`.
public final class DrawTimeFormatter: Sendable {
    /// The Foundation locale whose conventions are used.
    public let locale: Locale
    /// The zone times are shown in.
    public let timeZone: TimeZone
    /// DateFormatter is not Sendable; each is used under the lock.
    private let formatters: Mutex<Formatters>
    /// `zoneName(at:)`'s answers by what they depend on (ICU opens a formatter for each lookup).
    private let zoneNames = Mutex<[ZoneState: String]>([:])

    /// What a zone's name at a date depends on: its offset and daylight saving time then, and
    /// whether it still changes its clocks after it.
    private struct ZoneState: Hashable {
        var offset: Int
        var daylightSaving: Bool
        var changesClocks: Bool
    }

    private struct Formatters {
        let time: DateFormatter
        let date: DateFormatter
    }

    /// Zone identifiers shown as `UTC` rather than by a localized name (which CLDR gives as "GMT").
    private static let utcIdentifiers: Set<String> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"]

    /// A formatter for `locale` and `timeZone`; the calendar is the locale's own. `date` and
    /// `time` replace the medium styles when given.
    public init(locale: Locale, timeZone: TimeZone, date dateFormat: LocaleStyle.Format? = nil, time timeFormat: LocaleStyle.Format? = nil) {
        self.locale = locale
        self.timeZone = timeZone
        func formatter(date: DateFormatter.Style, time: DateFormatter.Style, format: LocaleStyle.Format?) -> DateFormatter {
            var calendar = locale.calendar
            calendar.timeZone = timeZone
            let formatter = DateFormatter()
            formatter.locale = locale
            formatter.calendar = calendar
            formatter.timeZone = timeZone
            formatter.dateStyle = date
            formatter.timeStyle = time
            switch format {
            case .pattern(let pattern): formatter.dateFormat = pattern
            case .skeleton(let skeleton): formatter.setLocalizedDateFormatFromTemplate(skeleton)
            case nil: break
            }
            return formatter
        }
        formatters = Mutex(
            Formatters(
                time: formatter(date: .none, time: .medium, format: timeFormat),
                date: formatter(date: .medium, time: .none, format: dateFormat)
            )
        )
    }

    /// The time of day with seconds, in the locale's medium pattern (`08:17:11`, `8:17:11 AM`, `08.17.11`).
    public func time(_ date: Date) -> String {
        formatters.withLock { $0.time.string(from: date) }
    }

    /// The date in the locale's medium pattern (`27 Nov 2026`, `Nov 27, 2026`, `2026/11/27`, `27 พ.ย. 2569`).
    public func date(_ date: Date) -> String {
        formatters.withLock { $0.date.string(from: date) }
    }

    /// The zone as the locale names it at `date` (`Giờ Việt Nam`, `JST`, `WIB`; `EST` in winter and
    /// `EDT` in summer, `MEZ` and `MESZ`; `שעון ישראל` all year, where Hebrew has no summer
    /// abbreviation), `UTC` for UTC, and the offset from UTC when the locale has no name for it.
    /// A zone that keeps daylight saving time is named by its standard or summer abbreviation first;
    /// one that does not, by its generic name. CLDR's stand-ins for a missing name (`GMT+3`, which
    /// holds a digit) are passed over for the next style, so a name never changes into an offset
    /// when the clocks change.
    /// Looked up once for each offset and daylight saving state.
    public func zoneName(at date: Date) -> String {
        if isUTC { return "UTC" }
        let daylightSaving = timeZone.isDaylightSavingTime(for: date)
        let state = ZoneState(
            offset: timeZone.secondsFromGMT(for: date), daylightSaving: daylightSaving,
            changesClocks: daylightSaving || timeZone.nextDaylightSavingTimeTransition(after: date) != nil)
        if let known = zoneNames.withLock({ $0[state] }) { return known }
        let name = lookUpZoneName(state, at: date)
        zoneNames.withLock { $0[state] = name }
        return name
    }

    private func lookUpZoneName(_ state: ZoneState, at date: Date) -> String {
        let styles: [TimeZone.NameStyle] =
            if state.daylightSaving {
                [.shortDaylightSaving, .shortGeneric, .daylightSaving, .generic]
            } else if state.changesClocks {
                [.shortStandard, .shortGeneric, .standard, .generic]
            } else {
                [.shortGeneric, .shortStandard, .generic, .standard]
            }
        for style in styles {
            if let name = timeZone.localizedName(for: style, locale: locale), !name.isEmpty, !Self.hasDigit(name) { return name }
        }
        return utcOffset(at: date)
    }

    /// Whether `name` holds a decimal digit of any script (`GMT+3`, `غرينتش+٣`): CLDR's offset
    /// format standing in for a missing name. Not `isNumber`, which a Chinese name's 陆 (an
    /// accounting numeral, six) also is.
    private static func hasDigit(_ name: String) -> Bool {
        name.unicodeScalars.contains { $0.properties.numericType == .decimal }
    }

    /// The zone's abbreviation at `date` as the locale writes it, standard or daylight saving
    /// (`BRT`, `EST` or `EDT`, `MEZ` in German, `IST`), `UTC` for UTC, and the offset (`GMT+3`)
    /// where the locale has no abbreviation for it.
    public func zoneAbbreviation(at date: Date) -> String {
        if isUTC { return "UTC" }
        let style: TimeZone.NameStyle = timeZone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        if let name = timeZone.localizedName(for: style, locale: locale), !name.isEmpty { return name }
        return timeZone.abbreviation(for: date) ?? utcOffset(at: date)
    }

    /// The offset from UTC at `date`: `UTC`, `UTC+7`, `UTC+5:30`, `UTC-3`.
    public func utcOffset(at date: Date) -> String {
        let seconds = timeZone.secondsFromGMT(for: date)
        guard seconds != 0 else { return "UTC" }
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let hours = minutes / 60
        let rest = minutes % 60
        return rest == 0 ? "UTC\(sign)\(hours)" : "UTC\(sign)\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }

    private var isUTC: Bool {
        Self.utcIdentifiers.contains(timeZone.identifier) && timeZone.secondsFromGMT() == 0
    }
}
