// SPDX-License-Identifier: Apache-2.0
/// Builds the `argc`/`argv`/`argvlen` triple that `redisCommandArgv` and
/// `redisAppendCommandArgv` take, with explicit lengths so arguments may hold NUL bytes.
enum HiredisArgv {
    /// Calls `body` with pointers that stay valid only for the duration of the call.
    static func with<R>(
        _ arguments: [[UInt8]],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        let total = arguments.reduce(0) { $0 + $1.count }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        defer { storage.deallocate() }

        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        pointers.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        var offset = 0
        for argument in arguments {
            let start = storage + offset
            argument.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress {
                    UnsafeMutableRawPointer(start).copyMemory(from: base, byteCount: bytes.count)
                }
            }
            pointers.append(UnsafePointer(start))
            lengths.append(argument.count)
            offset += argument.count
        }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { argvlen in
                body(Int32(arguments.count), argv.baseAddress!, argvlen.baseAddress!)
            }
        }
    }
}
