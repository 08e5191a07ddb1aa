// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CLibFuzzer

/// A chat API's answer to a post (status, headers, body), given to the Telegram, Discord and
/// webhook sinks: no answer may crash a sink, put a secret in its error, or ask it for a wait out
/// of range.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChat(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(data, size, through: FuzzEntryPoints.chatBlocking)
}

/// The executable's entry point, which SwiftPM links as `main`: libFuzzer's driver.
@_cdecl("FuzzChat_main")
public func fuzzChatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    clibfuzzer_main(argc, argv)
}
