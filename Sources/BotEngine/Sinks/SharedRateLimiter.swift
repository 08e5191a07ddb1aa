import Logging
import RedisClient
import Synchronization

/// Telegram's limits for one bot token, kept in Redis for every process that shares the token
/// (bots of several locales often post with one bot, a channel per language): one Lua script
/// checks every rule's sliding window and records the send in one atomic step, under keys named by
/// a hash of the token (`RedisKeys.rateLimit`), never the token.
///
/// While Redis cannot answer (down, or an ACL without the rate-limit keys), the limits are kept in
/// this process alone, as without Redis (`fallback`); the switch and the way back are each logged once.
/// Times are the wall clock's milliseconds, so processes on several machines need synchronised clocks.
public final class SharedRateLimiter: Sendable {
    private let client: RedisClient
    private let tokenHash: String
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let fallback: @Sendable ([RateLimitRule]) async throws -> Void
    private let logger: Logger
    private let member = Mutex<(prefix: UInt64, count: UInt64)>((.random(in: 0...UInt64.max), 0))
    private let redisDown = Mutex(false)

    /// KEYS: one sorted set per rule (send times as scores). ARGV[1]: now in ms; ARGV[2]: a name
    /// for this send; then each rule's count and window in ms. Returns 0 when the send is
    /// recorded under every rule, else how many ms to wait before asking again. A key expires a
    /// minute after its window: the times in it are the processes' clocks, not Redis's, so a key
    /// must outlive its window by more than the processes' clocks (or a test's) may differ from Redis's.
    static let script = """
        local now = tonumber(ARGV[1])
        local wait = 0
        for i, key in ipairs(KEYS) do
          local count = tonumber(ARGV[1 + 2 * i])
          local window = tonumber(ARGV[2 + 2 * i])
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          if redis.call('ZCARD', key) >= count then
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            wait = math.max(wait, math.min(window, tonumber(oldest[2]) + window - now))
          end
        end
        if wait > 0 then return wait end
        for i, key in ipairs(KEYS) do
          redis.call('ZADD', key, now, ARGV[2])
          redis.call('PEXPIRE', key, tonumber(ARGV[2 + 2 * i]) + 60000)
        end
        return 0
        """

    /// A limiter for `token` on `client`; `fallback` keeps the limits in this process while Redis cannot.
    public init(
        client: RedisClient, token: String, wallClock: any WallClock, clock: any Clock<Duration>, logger: Logger,
        fallback: @escaping @Sendable ([RateLimitRule]) async throws -> Void
    ) {
        self.client = client
        self.tokenHash = RedisKeys.tokenHash(token)
        self.wallClock = wallClock
        self.clock = clock
        self.fallback = fallback
        self.logger = logger
    }

    /// Waits until every rule allows one more send across the processes sharing the token, then records it.
    public func acquire(_ rules: [RateLimitRule]) async throws {
        while true {
            let wait: Duration?
            do {
                wait = try await tryAcquire(rules)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                unavailable(error)
                return try await fallback(rules)
            }
            available()
            guard let wait else { return }
            try await clock.sleep(for: wait)
        }
    }

    /// Records one send under `rules` now and returns nil, or returns how long to wait when a rule
    /// is full (nothing recorded). Throws when Redis cannot answer.
    public func tryAcquire(_ rules: [RateLimitRule]) async throws -> Duration? {
        let name = member.withLock { member in
            member.count += 1
            return "\(String(member.prefix, radix: 36)):\(member.count)"
        }
        var command = ["EVAL", Self.script, String(rules.count)]
        command += rules.map { RedisKeys.rateLimit(tokenHash: tokenHash, rule: $0.key) }
        command += [String(wallClock.nowMillis()), name]
        command += rules.flatMap { [String($0.count), String(max(1, $0.window.milliseconds))] }
        let reply = try await client.send(command)
        guard let wait = reply.int else { throw SinkError(.transient, "unexpected answer of the rate-limit script: \(reply)") }
        return wait > 0 ? .milliseconds(wait) : nil
    }

    private func unavailable(_ error: any Error) {
        let first = redisDown.withLock { down in
            defer { down = true }
            return !down
        }
        if first {
            logger.warning(
                "Redis cannot keep the rate limits shared by bot token \(tokenHash) (\(error)); keeping them in this process until it can"
            )
        }
    }

    private func available() {
        let was = redisDown.withLock { down in
            defer { down = false }
            return down
        }
        if was { logger.info("Redis keeps the rate limits shared by bot token \(tokenHash) again") }
    }
}
