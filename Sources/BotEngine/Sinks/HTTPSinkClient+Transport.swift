// SPDX-License-Identifier: Apache-2.0
extension HTTPSinkClient {
    /// The same client (timeout, secrets) over `transport`; itself when nil.
    func over(_ transport: (any HTTPTransport)?) -> HTTPSinkClient {
        transport.map { HTTPSinkClient(transport: $0, timeout: timeout, secrets: secrets) } ?? self
    }
}
