// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import CurlHTTP
import Dispatch
import Synchronization

extension FuzzEntryPoints {
    /// The secrets the chat sinks of `chat` are given, which no error they raise may hold.
    static let telegramToken = "7000000001:AAFakeTokenNotRealButLongEnough_xyz"
    static let discordToken = "FuzzWebhookTokenNotReal-0123456789abcdefghijklmnopqrstuvwxyz"
    static let discordURL = "http://127.0.0.1:1/api/webhooks/987/\(discordToken)"
    static let webhookURL = "http://127.0.0.1:1/hook/FuzzHookPathSecret0123456789?key=FuzzHookKeySecret987"
    static let webhookSecret = "FuzzSigningSecretNotReal"

    // MARK: Chat API responses

    /// A chat API's answer to a post (status line, headers, body), given to the Telegram, Discord
    /// and webhook sinks alike, each sending one post and then a second (which takes any wait
    /// the first was told of). Every answer must end as a post made or a `SinkError` whose wait,
    /// if any, is between zero and `Duration.longest`, whose message holds no secret, and no wait
    /// a sink sleeps through by itself may be longer than a minute.
    ///
    /// The input is text: a first line `<status>` (a number; anything else is 200), header lines
    /// `Name: value` up to an empty line, then the body. A `\r` before a line break is dropped.
    public static func chat(_ bytes: [UInt8]) async -> [Outcome] {
        let response = chatResponse(bytes)
        var outcomes: [Outcome] = []
        for kind in ["telegram", "discord", "webhook"] {
            let clock = VirtualClock()
            let sink = chatSink(kind, answering: response, clock: clock)
            for _ in 0..<2 { outcomes.append(await send(through: sink)) }
            if let long = clock.sleeps.first(where: { $0 < .zero || $0 > .seconds(60) }) {
                outcomes.append(.broken("\(kind) slept \(long) by itself on HTTP \(response.status)"))
            }
        }
        return outcomes
    }

    /// `chat(_:)` for a libFuzzer target, which calls from a plain thread and waits.
    public static func chatBlocking(_ bytes: [UInt8]) -> [Outcome] {
        let result = Mutex<[Outcome]>([])
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcomes = await chat(bytes)
            result.withLock { $0 = outcomes }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }

    /// The response an input stands for (see `chat(_:)`).
    static func chatResponse(_ bytes: [UInt8]) -> HTTPResponse {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 64, omittingEmptySubsequences: false)[...]
        func nextLine() -> String? {
            guard let line = lines.popFirst() else { return nil }
            return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        let status = nextLine().flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 200
        var headers: [HTTPHeader] = []
        while let line = nextLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
        }
        let body = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func chatSink(_ kind: String, answering response: HTTPResponse, clock: VirtualClock) -> any MessageSink {
        let transport = CannedTransport(response: response)
        switch kind {
        case "telegram":
            let settings = TelegramSinkSettings(name: "telegram", token: Secret(telegramToken), chatID: "@fuzz", apiBaseURL: "http://127.0.0.1:1")
            return TelegramSink(settings: settings, transport: transport) { _ in }
        case "discord":
            return DiscordSink(settings: DiscordSinkSettings(name: "discord", webhookURL: Secret(discordURL)), transport: transport, clock: clock)
        default:
            let settings = WebhookSinkSettings(name: "webhook", url: Secret(webhookURL), signingSecret: Secret(webhookSecret))
            return WebhookSink(settings: settings, transport: transport)
        }
    }

    /// The secrets a sink is given (a body may echo another sink's, which it cannot know).
    static func secrets(of sink: String) -> [String] {
        switch sink {
        case "telegram": [telegramToken]
        case "discord": [discordToken]
        default: ["FuzzHookPathSecret0123456789", "FuzzHookKeySecret987", webhookSecret]
        }
    }

    static func send(through sink: any MessageSink) async -> Outcome {
        let post = Post(locale: "en", draw: Fixtures.draw(1), colorNames: ["red"], text: "draw 1", postedAtMillis: nowMillis)
        do {
            try await sink.send(post.text, of: post)
            return .accepted(messages: 1)
        } catch let error as SinkError {
            if secrets(of: sink.name).contains(where: { error.message.contains($0) }) {
                return .broken("\(sink.name): its error message holds a secret")
            }
            if case .rateLimited(let wait) = error.kind, wait < .zero || wait > .longest {
                return .broken("\(sink.name): a wait of \(wait) out of range")
            }
            return .refused(error.message)
        } catch {
            return .broken("\(sink.name): not a SinkError: \(error)")
        }
    }
}
