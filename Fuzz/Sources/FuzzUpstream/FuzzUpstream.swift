// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CLibFuzzer

/// A game API response body: decoded with the default mapping and every preset, then through the
/// master's schedule and snapshot, a reader's read-back and rendering.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUpstream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(data, size, through: FuzzEntryPoints.upstream)
}

/// The executable's entry point, which SwiftPM links as `main`: libFuzzer's driver.
@_cdecl("FuzzUpstream_main")
public func fuzzUpstreamMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    clibfuzzer_main(argc, argv)
}
