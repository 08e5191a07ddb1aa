// SPDX-License-Identifier: Apache-2.0
internal import CCurl

/// Process-wide libcurl set-up: `curl_global_init` runs exactly once per process.
enum CurlGlobal {
    /// The `CURLcode` of the one `curl_global_init(CURL_GLOBAL_ALL)` call, as a raw value.
    ///
    /// A static `let` is initialised lazily on first access, exactly once, even when first
    /// accessed from several threads at the same time (Swift guards it with `swift_once`).
    private static let initCode: UInt32 = ccurl_global_init_all().rawValue

    /// Initialises libcurl if no one has yet; `nil` on success, else curl's error text.
    static func initialize() -> String? {
        let code = CURLcode(rawValue: initCode)
        if code == CURLE_OK { return nil }
        return "curl_global_init failed: " + String(cString: curl_easy_strerror(code))
    }
}
