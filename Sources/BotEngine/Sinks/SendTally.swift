// SPDX-License-Identifier: Apache-2.0
import Metrics
import Synchronization

/// The requests a sink sends to its chat (a Telegram chat, a Discord webhook's channel), each
/// counted by kind in `redgreen_sink_sends_total{sink,chat,kind}`, and those of the last minute
/// against the chat's budget (`redgreen_sink_send_budget{sink,chat}`, per minute): a board edit
/// that would leave no room for the next result is skipped (`kind="edit_skipped"`), and the next
/// edit carries the board's state. Results and pictures are never skipped.
///
/// The window is this process's: bots of several processes in one chat each keep their own;
/// `config check` adds them up before they run (docs/sinks.md, "Limits and budgets").
final class SendTally: Sendable {
    /// What a request is.
    enum Kind: String, Sendable, CaseIterable {
        case message, edit, picture, pin
        case editSkipped = "edit_skipped"
    }

    /// The chat's label: `telegram:@channel`, `discord:<webhook id>`.
    let chat: String
    /// Requests a minute the chat takes.
    let budget: Int
    private let sink: String
    private let context: SinkContext
    private let window = Mutex(SendWindow())

    /// A tally of `sink`'s requests to `chat`, which takes `budget` a minute.
    init(sink: String, chat: String, budget: Int, context: SinkContext) {
        self.sink = sink
        self.chat = chat
        self.budget = budget
        self.context = context
    }

    /// Notes one request of `kind` sent now.
    func record(_ kind: Kind) {
        let now = context.wallClock.nowMillis()
        window.withLock { $0.record(at: now) }
        count(kind)
    }

    /// Whether a board edit now is over the budget: the minute's requests leave no room for the
    /// edit and the next result. Counted as `edit_skipped` when it is.
    func skipsEdit() -> Bool {
        let now = context.wallClock.nowMillis()
        let over = window.withLock { $0.count(at: now) } >= budget - 1
        if over { count(.editSkipped) }
        return over
    }

    private func count(_ kind: Kind) {
        let labels = [("locale", context.locale), ("sink", sink), ("chat", chat)]
        Counter(label: "redgreen_sink_sends_total", dimensions: labels + [("kind", kind.rawValue)]).increment()
        Gauge(label: "redgreen_sink_send_budget", dimensions: labels).record(budget)
    }
}
