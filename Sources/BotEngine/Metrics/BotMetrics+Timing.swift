// SPDX-License-Identifier: Apache-2.0
extension BotMetrics {
    /// Runs `body`, recording how long it took as the Redis operation `operation`, and counting
    /// it in `redgreen_redis_errors_total` when it fails (not when it is cancelled).
    func timingRedis<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { redisCommand(operation, start.duration(to: clock.now)) }
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            redisError(operation)
            throw error
        }
    }
}

extension Duration {
    /// Whole nanoseconds, for timers.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
