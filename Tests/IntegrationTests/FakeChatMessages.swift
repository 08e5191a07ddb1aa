// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// The messages a `FakeChatServer` holds, as Telegram and Discord keep them: each post gets the
/// next message id; Telegram's `editMessageText` and a Discord webhook `PATCH …/messages/<id>`
/// change one, answering as the real APIs do for a message that was deleted (400 "message to edit
/// not found", 404 Unknown Message) and, on Telegram, for an edit that changes nothing (400
/// "message is not modified"); `pinChatMessage` pins one. A test deletes a message as a chat
/// member would.
///
/// With `telegramLimits` set, Telegram's `sendMessage` answers 429 past a limit per token and per
/// chat, like the real API: a test checks that no 429 was ever sent.
final class FakeChatMessages: Sendable {
    /// Limits the fake Telegram keeps: at most `count` sends in `window`, per token and per chat.
    struct Limits: Sendable {
        var perToken: (count: Int, window: Duration)
        var perChat: (count: Int, window: Duration)
    }

    private struct State {
        var nextID = 1
        var texts: [Int: String] = [:]
        var pinned: [Int] = []
        var limits: Limits?
        var sends: [String: [ContinuousClock.Instant]] = [:]
        var refused = 0
    }

    private let state = Mutex(State())

    /// Keeps Telegram's limits from now on (nil: none).
    func keepTelegramLimits(_ limits: Limits?) { state.withLock { $0.limits = limits } }
    /// The text of message `id`; nil when it was never posted or was deleted.
    func text(_ id: Int) -> String? { state.withLock { $0.texts[id] } }
    /// The ids pinned, in order.
    var pinned: [Int] { state.withLock { $0.pinned } }
    /// How many sends were refused with 429 for going past `keepTelegramLimits`.
    var refused: Int { state.withLock { $0.refused } }
    /// Deletes message `id`, as a chat admin would.
    func delete(_ id: Int) { _ = state.withLock { $0.texts.removeValue(forKey: id) } }

    /// The answer to `request` (a status and a JSON body) when the test scripted none.
    func answer(_ request: FakeChatServer.Request) -> Reply {
        state.withLock { state in
            let json = request.json ?? [:]
            if request.path.hasPrefix("/bot") {
                let method = request.path.split(separator: "/").last.map(String.init) ?? ""
                return telegram(method, token: String(request.path.split(separator: "/").first ?? ""), json: json, at: request.receivedAt, &state)
            }
            if request.method == "PATCH", let id = request.path.split(separator: "/").last.flatMap({ Int($0) }) {
                guard state.texts[id] != nil else { return (404, #"{"message":"Unknown Message","code":10008}"#) }
                state.texts[id] = json["content"] as? String ?? ""
                return (200, #"{"id":"\#(id)"}"#)
            }
            let id = post(json["content"] as? String ?? "", &state)
            return (200, #"{"id":"\#(id)"}"#)
        }
    }

    private func post(_ text: String, _ state: inout State) -> Int {
        defer { state.nextID += 1 }
        state.texts[state.nextID] = text
        return state.nextID
    }

    /// A status and a JSON body.
    typealias Reply = (status: Int, body: String)

    private func telegram(_ method: String, token: String, json: [String: Any], at time: ContinuousClock.Instant, _ state: inout State) -> Reply {
        let id = json["message_id"] as? Int ?? 0
        switch method {
        case "sendMessage":
            if let limits = state.limits {
                let chat = "\(token) \(json["chat_id"] ?? "")"
                if full(token, limits.perToken, at: time, &state) || full(chat, limits.perChat, at: time, &state) {
                    state.refused += 1
                    return (429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#)
                }
                for key in [token, chat] { state.sends[key, default: []].append(time) }
            }
            return (200, #"{"ok":true,"result":{"message_id":\#(post(json["text"] as? String ?? "", &state))}}"#)
        case "editMessageText":
            guard let old = state.texts[id] else {
                return (400, #"{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}"#)
            }
            let text = json["text"] as? String ?? ""
            guard old != text else {
                return (
                    400,
                    #"{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}"#
                )
            }
            state.texts[id] = text
            return (200, #"{"ok":true,"result":{"message_id":\#(id)}}"#)
        case "pinChatMessage":
            guard state.texts[id] != nil else {
                return (400, #"{"ok":false,"error_code":400,"description":"Bad Request: message to pin not found"}"#)
            }
            state.pinned.append(id)
            return (200, #"{"ok":true,"result":true}"#)
        default:
            return (200, #"{"ok":true,"result":{"message_id":\#(post("", &state))}}"#)
        }
    }

    /// Whether `limit` is reached for `key` within its window before `time`.
    private func full(_ key: String, _ limit: (count: Int, window: Duration), at time: ContinuousClock.Instant, _ state: inout State) -> Bool {
        let sends = state.sends[key, default: []].filter { time - $0 < limit.window }
        state.sends[key] = sends
        return sends.count >= limit.count
    }
}
