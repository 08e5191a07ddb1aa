// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CLibFuzzer

/// A snapshot payload as a reader takes it from Redis (and the same bytes under the legacy key):
/// judged, decoded with the default mapping and every preset, and rendered when fresh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(data, size, through: FuzzEntryPoints.snapshot)
}

/// The executable's entry point, which SwiftPM links as `main`: libFuzzer's driver.
@_cdecl("FuzzSnapshot_main")
public func fuzzSnapshotMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    clibfuzzer_main(argc, argv)
}
