// SPDX-License-Identifier: Apache-2.0
/// The fingerprint of a reference text a translation was made from, recorded under
/// `translated_from:` in the translation (`messages.result: 5d0c6a3e91f2b7a4`) so that
/// `locales check` can tell when the reference has changed since.
///
/// FNV-1a, 64 bits, over the text's UTF-8 bytes, as 16 hex digits: stable across runs, machines
/// and Swift versions (unlike `Hasher`), which is all it needs to be; it guards against mistakes,
/// not against forgery.
package enum TranslationFingerprint {
    /// The keys whose translations are tracked: every text but the locale's own names and the
    /// history symbols, which are not translated.
    package static func isTracked(_ key: String) -> Bool {
        !["name", "log_prefix"].contains(key) && !key.hasPrefix("color_symbols.")
    }

    /// The fingerprint of `text`.
    package static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
