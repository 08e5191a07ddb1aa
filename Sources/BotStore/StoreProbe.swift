// SPDX-License-Identifier: Apache-2.0
import RedisClient

/// One Redis connection for `config check --connect`: a login, a read of one key, and the fleet's
/// stores on it, so that the check tries exactly what a bot would.
package struct StoreProbe: Sendable {
    private let client: RedisClient

    /// A probe on `client`.
    package init(client: RedisClient) {
        self.client = client
    }

    /// `PING`: whether Redis answered `PONG`, and its answer as text.
    package func ping() async throws -> (ok: Bool, answer: String) {
        let reply = try await client.send(["PING"])
        return (reply == .status("PONG"), reply == .status("PONG") ? "PONG" : "\(reply)")
    }

    /// Whether `key` holds a value (`GET`, so the probe needs no more rights than the bot).
    package func isSet(_ key: String) async throws -> Bool {
        try await client.send(["GET", key]) != .null
    }

    /// The snapshot store under `keys` on this connection.
    package func snapshotStore(keys: RedisKeys) -> RedisSnapshotStore { RedisSnapshotStore(client: client, keys: keys) }

    /// The delivery ledger under `keys` on this connection.
    package func ledger(keys: RedisKeys) -> RedisDeliveryLedger { RedisDeliveryLedger(client: client, keys: keys) }

    /// Closes the connection.
    package func disconnect() async { await client.disconnect() }
}

/// What the config needs to know of a Redis URL without a connection.
package enum RedisURL {
    /// Why `rediss://` is refused, and the way to TLS.
    package static let tlsAdvice = RedisEndpoint.tlsAdvice

    /// `url` with its password hidden, or nil when it is not a Redis URL.
    package static func redacted(_ url: String) -> String? { (try? RedisEndpoint(url: url))?.redactedDescription }
}
