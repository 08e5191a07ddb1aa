// SPDX-License-Identifier: Apache-2.0
/// The telemetry endpoint could not be served (the address is taken, or not this machine's).
public struct TelemetryServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming `metrics.listen` and the address.
    public var message: String
    /// The message.
    public var description: String { message }
}
