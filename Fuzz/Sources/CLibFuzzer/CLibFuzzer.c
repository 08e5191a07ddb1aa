// SPDX-License-Identifier: Apache-2.0
#include "CLibFuzzer.h"

#include <stddef.h>
#include <stdint.h>

// Both from libFuzzer's runtime, which swiftc -sanitize=fuzzer links: the first is the target's
// (a Swift @_cdecl function), the second the driver's public entry.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int clibfuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
