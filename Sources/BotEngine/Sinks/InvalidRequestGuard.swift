// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Logging
import Metrics
import Synchronization

/// Discord bans an IP address (through Cloudflare) that sends 10,000 invalid requests (answers
/// 401, 403, 429, and any other 4xx) in 10 minutes. A Discord sink counts its 4xx answers here:
/// per process in `redgreen_discord_invalid_requests_total{sink,status}`, and for the fleet in
/// Redis (`redgreen:discord_invalid:<window>`, in fixed 10-minute windows). Past `threshold` in a
/// window, a tenth of Discord's line, every Discord sink that sees it stops sending until the
/// window ends, as a lost chat does: it says why in the log, in `/readyz` and in
/// `redgreen_sink_disabled{reason="invalid_requests"}`, and tries again every
/// `delivery.lost_chat_retry`.
final class InvalidRequestGuard: Sendable {
    /// Invalid requests in a window after which the fleet's Discord sinks stop sending.
    static let threshold = DiscordSink.invalidRequestThreshold
    /// The window Discord counts them in.
    static let windowMillis: Int64 = 600_000

    private struct State {
        /// The window of `count`, and this process's count in it.
        var window: Int64 = 0
        var count = 0
        /// The end of the window the sink stops in, once past the threshold; and the count then.
        var pausedUntil: Int64 = 0
        var pausedAt = 0
    }

    private let sink: String
    private let context: SinkContext
    private let threshold: Int
    private let state = Mutex(State())

    /// A guard for `sink`; `threshold` stands in for `InvalidRequestGuard.threshold` in tests.
    init(sink: String, context: SinkContext, threshold: Int = InvalidRequestGuard.threshold) {
        self.sink = sink
        self.context = context
        self.threshold = threshold
    }

    /// Counts `status` when it is a 4xx, here and in the fleet's counter; past the threshold,
    /// stops the sink until the window ends.
    func note(_ status: Int) async {
        guard (400..<500).contains(status) else { return }
        let now = context.wallClock.nowMillis()
        let window = now / Self.windowMillis
        Counter(
            label: "redgreen_discord_invalid_requests_total", dimensions: [("locale", context.locale), ("sink", sink), ("status", String(status))]
        )
        .increment()
        let local = state.withLock { state in
            if state.window != window { (state.window, state.count) = (window, 0) }
            state.count += 1
            return state.count
        }
        // Redis unreachable or refusing: this process's own count still stops it.
        let shared = (try? await context.state.countInvalidRequest(window: window, ttl: .milliseconds(2 * Self.windowMillis))) ?? 0
        let count = max(local, shared)
        guard count >= threshold else { return }
        state.withLock { state in
            state.pausedUntil = (window + 1) * Self.windowMillis
            state.pausedAt = count
        }
    }

    /// Throws the lost-chat error that stops the sink while the fleet is past the threshold.
    func check() throws {
        let now = context.wallClock.nowMillis()
        let (until, count) = state.withLock { ($0.pausedUntil, $0.pausedAt) }
        guard now < until else { return }
        throw SinkError(
            .chatLost(reason: "invalid_requests"),
            "Discord answered \(count) invalid requests (HTTP 4xx) in this 10-minute window across the fleet, past the bot's limit of \(threshold) (Discord bans the address at 10,000); not sending for \(DurationText.format(.milliseconds(until - now))); the errors logged before this say which requests Discord refused"
        )
    }
}
