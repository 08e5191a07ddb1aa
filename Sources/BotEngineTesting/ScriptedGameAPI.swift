// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Synchronization

/// A game API that answers from a script: each call takes the next result (the last repeats).
package final class ScriptedGameAPI: GameAPI {
    private let state: Mutex<(script: [Result<DrawFeed, UpstreamError>], calls: Int)>

    /// A script of answers.
    package init(_ script: [Result<DrawFeed, UpstreamError>]) {
        state = Mutex((script, 0))
    }

    package func fetchDraws() async throws -> DrawFeed {
        let result: Result<DrawFeed, UpstreamError> = state.withLock { state in
            state.calls += 1
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
        return try result.get()
    }

    /// Appends answers.
    package func append(_ results: [Result<DrawFeed, UpstreamError>]) {
        state.withLock { $0.script += results }
    }

    /// Calls made so far.
    package var calls: Int { state.withLock { $0.calls } }
}

/// Builds draws and feeds for tests.
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
}
