// SPDX-License-Identifier: Apache-2.0
import CurlHTTP
import Testing

/// The buffer a response body is read into (issue 27): a peer sending an endless body is cut at
/// the limit, and the buffer never holds more than the limit (an array left to double its
/// capacity held 16 MiB for an 8 MiB limit, and a reader's resident memory rose by as much).
@Suite struct TransferContextTests {
    static let limit = (8 << 20) + (64 << 10)

    /// Feeds `chunk`-byte pieces until the context refuses one; the body it kept.
    func feed(limit: Int, chunk: Int) -> TransferContext {
        let context = TransferContext(maxBytes: limit, abort: AbortFlag())
        let piece = [UInt8](repeating: 0x20, count: chunk)
        var accepted = true
        var fed = 0
        while accepted && fed < 4 * limit {
            accepted = piece.withUnsafeBytes { context.receiveBody($0) }
            fed += chunk
        }
        #expect(!accepted, "the body past the limit was taken")
        return context
    }

    @Test(arguments: [16_384, 65_536, 1_000])
    func theBufferStopsAtTheLimit(chunk: Int) {
        let context = feed(limit: Self.limit, chunk: chunk)
        #expect(context.body.count <= Self.limit)
        #expect(context.body.count > Self.limit - chunk)
        // The allocator may round a request up by a little; doubling would have gone to 16 MiB.
        #expect(context.bufferCapacity <= Self.limit + 4096, "\(context.bufferCapacity) bytes held for a limit of \(Self.limit)")
    }

    @Test func aSmallBodyKeepsASmallBuffer() {
        let context = TransferContext(maxBytes: Self.limit, abort: AbortFlag())
        let piece = [UInt8](repeating: 0x41, count: 1000)
        for _ in 0..<3 { #expect(piece.withUnsafeBytes { context.receiveBody($0) }) }
        #expect(context.body == [UInt8](repeating: 0x41, count: 3000))
        #expect(context.bufferCapacity < 64 << 10)
    }
}
