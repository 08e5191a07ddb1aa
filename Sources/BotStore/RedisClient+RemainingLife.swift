// SPDX-License-Identifier: Apache-2.0
import RedisClient

extension RedisClient {
    /// `GET` and `PTTL` of `key` in one round trip: what each answered (or the server's refusal);
    /// the remaining life is in milliseconds, nil without a key or an expiry.
    package func valueAndRemainingLife(
        of key: String
    ) async throws -> (value: Result<RedisReply, RedisError>, remainingMillis: Result<Int64?, RedisError>) {
        let replies = try await pipeline([["GET", key], ["PTTL", key]].map { $0.map { Array($0.utf8) } })
        guard replies.count == 2 else { throw RedisError(.protocolError, "unexpected reply to GET/PTTL \(key)") }
        return (replies[0], replies[1].map { $0.int.flatMap { $0 >= 0 ? $0 : nil } })
    }
}
