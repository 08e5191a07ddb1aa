// SPDX-License-Identifier: Apache-2.0
/// The telemetry endpoint could not be served (the address is taken, or not this machine's).
package struct TelemetryServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming `metrics.listen` and the address.
    package var message: String
    /// The message.
    package var description: String { message }
}
