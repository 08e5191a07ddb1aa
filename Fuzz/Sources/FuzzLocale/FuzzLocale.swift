// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CLibFuzzer

/// A locale file's text: parsed, validated (fallbacks from Locales/), its templates compiled and,
/// when it loads, sample draws rendered in every message format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLocale(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(data, size) { [FuzzEntryPoints.locale($0)] }
}

/// The executable's entry point, which SwiftPM links as `main`: libFuzzer's driver.
@_cdecl("FuzzLocale_main")
public func fuzzLocaleMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    clibfuzzer_main(argc, argv)
}
