// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// A chat goes wrong under a running fleet of real processes: the `ja` reader posts to a Telegram
/// chat on the fake server besides its console. Its other sink and the other bots carry on, and
/// the chat gets every draw once, in order, when it works again.
@Suite(.serialized) struct FaultChatTests {
    static let path = "/bot\(FaultFleet.telegramToken)/sendMessage"

    static func options(_ server: FakeChatServer, chat: String) -> FaultFleet.Options {
        var options = FaultFleet.Options()
        options.chatSinks["ja"] = """
              - type: telegram
                token_env: FAULT_TG_TOKEN
                chat_id: "\(chat)"
                api_base_url: \(server.baseURL)
            """
        options.extra = "delivery:\n  lost_chat_retry: 2s"
        return options
    }

    /// Whether a `/metrics` body has `sample` (`name{labels} value`) with its labels in any order.
    static func hasSample(_ body: String, _ sample: String) -> Bool {
        func key(_ line: Substring) -> [String] {
            let name = line.prefix { $0 != "{" }
            let labels = line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }.split(separator: ",").map(String.init).sorted()
            let value = line.split(separator: " ").last.flatMap { Double($0) }.map { "\($0)" } ?? ""
            return [String(name)] + labels + [value]
        }
        let wanted = key(Substring(sample))
        return body.split(separator: "\n").contains { key($0) == wanted }
    }

    /// The issues of the messages in `requests`, in order.
    static func issues(_ requests: [FakeChatServer.Request], among all: [Int64]) -> [Int64] {
        requests.compactMap { request in all.last { request.text?.contains(String($0)) == true } }
    }

    /// Waits until `server` got a message for each of `issues` after request `from`.
    static func waitForChat(_ server: FakeChatServer, _ issues: [Int64], from: Int = 0, within bound: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + bound
        while ContinuousClock.now < deadline {
            let got = Self.issues(Array(server.requests(path).dropFirst(from)), among: issues)
            if Set(got).isSuperset(of: issues) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func aBotRemovedFromItsChatMidRunCatchesUpOnceReAdded() async throws {
        let server = try await FakeChatServer.start()
        var options = Self.options(server, chat: "-100777")
        let port = try FreePort.next()
        options.extraFor["ja"] = "metrics:\n  listen: 127.0.0.1:\(port)"
        let fleet = try await FaultFleet.start(options)
        try await Self.waitForChat(server, [fleet.first])
        // The bot is removed from the chat: every post is refused with 403.
        let kicked = FakeChatServer.Answer.status(
            403, body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"}"#)
        server.script(Self.path, Array(repeating: kicked, count: 100_000))
        var missed: [Int64] = []
        for _ in 0..<3 {
            missed.append(fleet.publish())
            // The console and the other bots carry on.
            try await fleet.expectEveryonePosts(missed.last!, within: .seconds(30), "while the chat is lost,")
        }
        let ja = fleet.current("ja")
        #expect(await ja.waitFor(timeout: .seconds(30)) { $0.stderr.contains("Sink telegram stopped sending") }, "\(ja.stderr.suffix(3000))")
        #expect(ja.stderr.components(separatedBy: "Sink telegram stopped sending").count == 2, "one error line: \(ja.stderr.suffix(3000))")
        #expect(ja.stderr.contains("HTTP 403"))
        // /readyz says why; the gauge names the sink and the reason.
        let notReady = await Ops.poll("http://127.0.0.1:\(port)/readyz") { status, body in status == 503 && body.contains("sink telegram") }
        #expect(notReady?.status == 503 && notReady?.body.contains("sink telegram stopped sending") == true, "\(String(describing: notReady))")
        #expect(notReady?.body.contains("HTTP 403") == true)
        let disabled = #"redgreen_sink_disabled{locale="ja",reason="forbidden",sink="telegram"} 1"#
        let lostMetrics = await Ops.poll("http://127.0.0.1:\(port)/metrics") { _, body in Self.hasSample(body, disabled) }
        #expect(
            Self.hasSample(lostMetrics?.body ?? "", disabled),
            "\(lostMetrics?.body.split(separator: "\n").filter { $0.contains("sink_disabled") } ?? [])")
        // Re-added: the next retry goes through, and the missed draws follow in order, each once.
        let okFrom = server.unscript(Self.path)
        let readded = ContinuousClock.now
        try await Self.waitForChat(server, missed, from: okFrom)
        fleet.report("Telegram 403 mid-run, then the bot re-added (the missed draws posted)", recovered: ContinuousClock.now - readded)
        let after = Self.issues(Array(server.requests(Self.path).dropFirst(okFrom)), among: [fleet.first] + missed)
        #expect(after == missed, "posted after the bot was re-added: \(after), expected \(missed)")
        #expect(await ja.waitFor(timeout: .seconds(30)) { $0.stderr.contains("Sink telegram posts again") }, "\(ja.stderr.suffix(3000))")
        let ready = await Ops.poll("http://127.0.0.1:\(port)/readyz") { status, _ in status == 200 }
        #expect(ready?.status == 200, "\(String(describing: ready))")
        let back = await Ops.poll("http://127.0.0.1:\(port)/metrics") { _, body in Self.hasSample(body, disabled.dropLast() + "0") }
        #expect(Self.hasSample(back?.body ?? "", disabled.dropLast() + "0"))
        let next = fleet.publish()
        try await fleet.expectEveryonePosts(next, within: .seconds(30), "after the chat came back,")
        try await Self.waitForChat(server, [next])
        await fleet.finish()
        await server.stop()
    }

    @Test func aGroupThatBecameASupergroupIsFollowedAtOnceAndAfterARestart() async throws {
        let server = try await FakeChatServer.start()
        let fleet = try await FaultFleet.start(Self.options(server, chat: "-4242"))
        try await Self.waitForChat(server, [fleet.first])
        server.script(
            Self.path,
            [
                .status(
                    400,
                    body:
                        #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876}}"#
                )
            ])
        let moved = fleet.publish()
        let start = ContinuousClock.now
        let inNewChat = { server.requests(Self.path).contains { $0.json?["chat_id"] as? Int == -1009876 } }
        let deadline = ContinuousClock.now + .seconds(60)
        while !inNewChat() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        fleet.report("Telegram 400 with migrate_to_chat_id (posted in the new chat)", recovered: ContinuousClock.now - start)
        try await fleet.expectEveryonePosts(moved, within: .seconds(30), "while the group moved,")
        var chats = server.requests(Self.path).map { $0.json?["chat_id"] as? Int }
        #expect(chats.suffix(2) == [-4242, -1009876], "re-sent at once to the new chat: \(chats)")
        #expect(Self.issues(Array(server.requests(Self.path).suffix(2)), among: [moved]) == [moved, moved])
        let ja = fleet.current("ja")
        #expect(await ja.waitFor(timeout: .seconds(10)) { $0.stderr.contains("set chat_id: \"-1009876\"") }, "\(ja.stderr.suffix(3000))")
        // Restarted, the bot posts to the new chat at once (kept in Redis), and says so once again.
        ja.signal(SIGTERM)
        _ = await ja.waitForExit(timeout: ChildProcess.stopDeadline)
        let restarted = try fleet.launch("ja", role: "reader")
        let next = fleet.publish()
        try await fleet.expectEveryonePosts(next, within: .seconds(30), "after the restart,")
        try await Self.waitForChat(server, [next])
        chats = server.requests(Self.path).map { $0.json?["chat_id"] as? Int }
        let firstMoved = chats.firstIndex(of: -1009876) ?? chats.endIndex
        #expect(chats.last == -1009876 && chats[firstMoved...].allSatisfy { $0 == -1009876 }, "never the old chat again: \(chats)")
        #expect(restarted.stderr.components(separatedBy: "set chat_id").count == 2, "\(restarted.stderr.suffix(3000))")
        await fleet.finish()
        await server.stop()
    }
}
