// SPDX-License-Identifier: Apache-2.0
/// Whether a bot is doing its job, for `/readyz`: a verdict and a short plain-text reason.
package struct Readiness: Sendable, Equatable, CustomStringConvertible {
    /// True when the bot had a fresh snapshot read, a successful master write or a working
    /// fallback recently enough.
    package var isReady: Bool
    /// One line saying why (`ready: fresh snapshot read 1.5s ago`).
    package var reason: String

    /// Creates a verdict.
    package init(isReady: Bool, reason: String) {
        self.isReady = isReady
        self.reason = reason
    }

    /// The reason.
    package var description: String { reason }
}
