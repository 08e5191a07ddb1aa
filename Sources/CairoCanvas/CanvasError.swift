// SPDX-License-Identifier: Apache-2.0
/// Why cairo could not draw, write or read a picture.
public struct CanvasError: Error, Sendable, CustomStringConvertible {
    /// What failed, with cairo's own words.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
