// SPDX-License-Identifier: Apache-2.0
import RedisClient

/// The board ids in Redis (`RedisKeys.board`), kept without expiry: a board lives as long as its chat.
public struct RedisBoardStore: BoardStore {
    private let client: RedisClient
    private let keys: RedisKeys

    /// A store on `client` under `keys`.
    public init(client: RedisClient, keys: RedisKeys) {
        self.client = client
        self.keys = keys
    }

    public func messageID(locale: String, sink: String) async throws -> String? {
        try await mappingRedisErrors { try await client.send(["GET", keys.board(locale: locale, sink: sink)]) }.string
    }

    public func setMessageID(_ id: String, locale: String, sink: String) async throws {
        _ = try await mappingRedisErrors { try await client.send(["SET", keys.board(locale: locale, sink: sink), id]) }
    }
}
