// SPDX-License-Identifier: Apache-2.0
/// Why `redgreen-bot status` could not read the fleet: Redis is unreachable or refused it.
package struct FleetStatusError: Error, Sendable, CustomStringConvertible {
    /// What happened, naming the endpoint (password redacted).
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
