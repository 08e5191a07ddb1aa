// SPDX-License-Identifier: Apache-2.0
/// Why `redgreen-bot status` could not read the fleet: Redis is unreachable or refused it.
public struct FleetStatusError: Error, Sendable, CustomStringConvertible {
    /// What happened, naming the endpoint (password redacted).
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
