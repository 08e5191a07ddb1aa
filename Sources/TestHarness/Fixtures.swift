// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Builds draws, game responses and feeds for tests.
package enum Fixtures {
    /// A draw whose colours follow its value's last digit.
    package static func draw(_ issue: Int64, value: String? = nil) -> Draw {
        let value = value ?? String(format: "%03d", Int(issue % 1000))
        let last = value.last?.wholeNumberValue ?? 0
        let colors: [String] =
            switch last {
            case 0: ["Red", "Violet"]
            case 5: ["Green", "Violet"]
            case let d where d % 2 == 1: ["Green"]
            default: ["Red"]
            }
        return Draw(issue: issue, value: value, colors: colors)
    }

    /// The upstream JSON for `draws`, newest first, as the game API sends it.
    package static func responseJSON(_ draws: [Draw]) -> String {
        let records = draws.sorted { $0.issue > $1.issue }.map { draw in
            let colors = draw.colors.map { "\"\($0)\"" }.joined(separator: ",")
            return "{\"issue\":\(draw.issue),\"value\":\"\(draw.value)\",\"resultFormatValueI18n\":[\(colors)]}"
        }
        return "{\"code\":0,\"msg\":\"Succeed\",\"data\":{\"records\":[\(records.joined(separator: ","))]}}"
    }

    /// A validated feed of draws `issues`.
    package static func feed(_ issues: ClosedRange<Int64>) -> DrawFeed {
        let draws = issues.map { draw($0) }
        return try! DrawDecoder.decode(Array(responseJSON(draws).utf8))
    }

    /// The JSON example of the original design document, as a bot of that design writes it.
    package static let seedSnapshotJSON = """
        {
          "timestamp": 1740227344593,
          "game_data": {
            "data": {
              "records": [
                {
                  "issue": 12345,
                  "value": "123",
                  "resultFormatValueI18n": ["Red", "Green"]
                }
              ]
            }
          },
          "processed_data": {
            "issue_number": 12345,
            "colors": "GREEN   🟢",
            "result_format": "123",
            "game_type": "RG5M",
            "last_update": 1740227344593
          }
        }
        """
}
