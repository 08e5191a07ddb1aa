// SPDX-License-Identifier: Apache-2.0
import BotSupport
import RedisClient

/// The Redis part of Telegram's shared limits for one bot token: one Lua script checks every
/// rule's sliding window and records the send in one atomic step, under keys named by a hash of the
/// token (`RedisKeys.rateLimit`). BotEngine's `SharedRateLimiter` decides what to do with the answer.
package struct RedisRateLimitWindows: Sendable {
    /// One rule's window: its name in the key (`bot`, `chat:<id>`), how many sends it allows, and how long.
    package struct Window: Sendable {
        /// The rule's name in its key (`bot`, `chat:<id>`, `group:<id>`).
        package var rule: String
        /// How many sends the window allows.
        package var count: Int
        /// How long the window is.
        package var length: Duration
        /// A window of `count` sends per `length` for the rule `rule`.
        package init(rule: String, count: Int, length: Duration) {
            self.rule = rule
            self.count = count
            self.length = length
        }
    }

    /// What the script answered: `(wait in ms, 1-based index of the full rule or 0, sends moved to now)`,
    /// or an answer of another shape (its text).
    package enum Reply: Sendable {
        /// The script's three numbers.
        case answer((wait: Int64, full: Int64, moved: Int64))
        /// Another answer, as text.
        case unexpected(String)
    }

    private let client: RedisClient

    /// KEYS: one sorted set per rule (send times in Redis's milliseconds as scores). ARGV[1]: a
    /// name for this send; ARGV[2]: the process's time in ms, used only where `TIME` is refused
    /// (an ACL of an earlier release); then each rule's count and window in ms. Sends stamped after
    /// now are first moved to now (`ZRANGE` of the few sends left in the window, so no command an
    /// earlier ACL lacks). Returns `{0, 0, moved}` when the send is recorded under every rule, else
    /// `{wait, rule, moved}`: how many ms to wait before asking again, which rule (its 1-based
    /// index) is full, and how many sends were moved. A key expires a minute after its window.
    package static let script = """
        if redis.replicate_commands then pcall(redis.replicate_commands) end
        local time = redis.pcall('TIME')
        local now = tonumber(ARGV[2])
        if type(time) == 'table' and time[2] then now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) end
        local wait, full, moved = 0, 0, 0
        for i, key in ipairs(KEYS) do
          local count = tonumber(ARGV[1 + 2 * i])
          local window = tonumber(ARGV[2 + 2 * i])
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          local sends = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
          for j = 1, #sends, 2 do
            if tonumber(sends[j + 1]) > now then
              redis.call('ZADD', key, now, sends[j])
              moved = moved + 1
            end
          end
          if redis.call('ZCARD', key) >= count then
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            local this = math.min(window, tonumber(oldest[2]) + window - now)
            if this > wait then wait, full = this, i end
          end
        end
        if wait > 0 then return {wait, full, moved} end
        for i, key in ipairs(KEYS) do
          redis.call('ZADD', key, now, ARGV[1])
          redis.call('PEXPIRE', key, tonumber(ARGV[2 + 2 * i]) + 60000)
        end
        return {0, 0, moved}
        """

    /// The windows of the bot token `tokenHash` on `client`.
    package init(client: RedisClient) {
        self.client = client
    }

    /// Records the send `member` under every window, or answers how long to wait; `nowMillis` is
    /// used only where the ACL refuses `TIME`. Throws the `RedisError` when Redis cannot answer.
    package func record(_ member: String, tokenHash: String, windows: [Window], nowMillis: Int64) async throws -> Reply {
        var command = ["EVAL", Self.script, String(windows.count)]
        command += windows.map { RedisKeys.rateLimit(tokenHash: tokenHash, rule: $0.rule) }
        command += [member, String(nowMillis)]
        command += windows.flatMap { [String($0.count), String(max(1, $0.length.milliseconds))] }
        let reply = try await client.send(command)
        guard case .array(let items) = reply, items.count == 3, let wait = items[0].int, let full = items[1].int, let moved = items[2].int else {
            return .unexpected("\(reply)")
        }
        return .answer((wait, full, moved))
    }
}
