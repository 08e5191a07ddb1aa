// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CLibFuzzer

/// A config or locale file's text with any mix of `\r`, `\n` and `\r\n` line breaks: read as a
/// config and as a locale, as given and with its line breaks rewritten to each of the three, which
/// must come to the same outcome (libyaml takes the three alike); no text may crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(data, size) { FuzzEntryPoints.config($0) + FuzzEntryPoints.localeLineBreaks($0) }
}

/// The executable's entry point, which SwiftPM links as `main`: libFuzzer's driver.
@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    clibfuzzer_main(argc, argv)
}
