// SPDX-License-Identifier: Apache-2.0
#ifndef C_LIB_FUZZER_H
#define C_LIB_FUZZER_H

/// Runs libFuzzer's driver (flags, corpus, mutation loop) on the target's LLVMFuzzerTestOneInput,
/// as libFuzzer's own main would. SwiftPM links an executable's entry point as `<module>_main`, so a
/// fuzz target's `main` is its own, and calls this.
int clibfuzzer_main(int argc, char **argv);

#endif
