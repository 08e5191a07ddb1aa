// SPDX-License-Identifier: Apache-2.0
/// A misbehaviour the simulated game API can be switched into, for tests.
package enum SimulatorFault: String, Sendable, CaseIterable {
    /// Normal answers.
    case none
    /// HTTP 500 with an error body.
    case error500 = "500"
    /// HTTP 403 with an error body, as a game API that blocks the client.
    case forbidden = "403"
    /// A body cut off in the middle of the JSON.
    case malformed
    /// A normal answer after a delay (longer than a client's timeout, as set).
    case slow
    /// A well-formed answer with no records.
    case empty
    /// Half a body, then the connection is dropped.
    case reset
    /// A normal answer with the records in a scrambled order (not newest first).
    case shuffled
    /// A normal answer with every record twice.
    case repeated
}
