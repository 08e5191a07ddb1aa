// SPDX-License-Identifier: Apache-2.0
internal import CCurl

/// One libcurl easy handle, reused for request after request.
///
/// `curl_easy_reset` between requests clears every option but keeps the handle's connection
/// cache (and DNS and TLS session caches), so a later request to the same host reuses the open
/// connection.
///
/// Thread-safety: an easy handle must never be used from two threads at once. Every method here
/// is called only from inside one `BlockingExecutor`'s serial queue, one call at a time, which is
/// why the `@unchecked Sendable` is sound. `deinit` runs when the last reference (the client's or
/// an in-flight work item's) goes away, so never during a transfer.
final class CurlEasyHandle: @unchecked Sendable {
    /// The easy handle, created on first use; `nil` until then or if creation failed.
    private var curl: UnsafeMutableRawPointer?
    /// curl's `CURLOPT_ERRORBUFFER`: its error text for the last failed transfer.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() {
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        if let curl { curl_easy_cleanup(curl) }
        errorBuffer.deallocate()
    }

    /// Performs `request` synchronously (blocks until done), returning the response whatever its
    /// status; throws ``HTTPClientError`` when there is no response.
    func perform(
        _ request: HTTPRequest,
        userAgent: String,
        maxResponseBytes: Int,
        abort: AbortFlag
    ) throws(HTTPClientError) -> HTTPResponse {
        let failure = RequestFailure(request: request)
        if let message = CurlGlobal.initialize() {
            throw failure.error(.other, message)
        }
        if curl == nil { curl = curl_easy_init() }
        guard let curl else {
            throw failure.error(.other, "curl_easy_init failed")
        }
        curl_easy_reset(curl)
        errorBuffer[0] = 0

        if request.url.utf8.contains(0) {
            throw failure.error(.invalidURL, "URL contains a NUL byte")
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        headerList = try Self.makeHeaderList(for: request, failure: failure)

        let context = TransferContext(maxBytes: maxResponseBytes, abort: abort)
        // Runs before the list is freed: leaves no option pointing at the freed header list or
        // at the context once this call returns (the open connections survive a reset).
        defer { curl_easy_reset(curl) }
        try configure(
            curl, request: request, userAgent: userAgent, headerList: headerList,
            context: context, failure: failure)

        let code = withExtendedLifetime(context) { curl_easy_perform(curl) }
        guard code == CURLE_OK else {
            throw failure.error(
                Self.errorCode(for: code, context: context, abort: abort),
                errorText(for: code, context: context))
        }
        var status = 0
        let infoCode = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        guard infoCode == CURLE_OK else {
            throw failure.error(.other, "no response code: " + String(cString: curl_easy_strerror(infoCode)))
        }
        return HTTPResponse(status: status, headers: context.headers, body: context.body)
    }

    /// Sets every option for one transfer on a freshly reset handle.
    ///
    /// No proxy option is set, so libcurl picks its proxy from the environment (`http_proxy`,
    /// `https_proxy`/`HTTPS_PROXY`, `all_proxy`, `no_proxy`) as the curl tool does.
    private func configure(
        _ curl: UnsafeMutableRawPointer,
        request: HTTPRequest,
        userAgent: String,
        headerList: UnsafeMutablePointer<curl_slist>?,
        context: TransferContext,
        failure: RequestFailure
    ) throws(HTTPClientError) {
        let data = context.opaquePointer
        var codes: [CURLcode] = [
            ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_string(curl, CURLOPT_URL, request.url),
            ccurl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_string(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0),
            ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1),
            ccurl_setopt_long(curl, CURLOPT_TCP_KEEPALIVE, 1),
            ccurl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)),
            ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)),
            // "" = offer every encoding this libcurl can decode, and decode the body.
            ccurl_setopt_string(curl, CURLOPT_ACCEPT_ENCODING, ""),
            ccurl_setopt_off_t(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxFileSize(context))),
            ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList),
            ccurl_setopt_write_callback(curl, curlWriteCallback),
            ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, data),
            ccurl_setopt_header_callback(curl, curlHeaderCallback),
            ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, data),
            ccurl_setopt_xferinfo_callback(curl, curlXferInfoCallback),
            ccurl_setopt_pointer(curl, CURLOPT_XFERINFODATA, data),
            ccurl_setopt_long(curl, CURLOPT_NOPROGRESS, 0),
        ]
        // A request that says `Connection: close` closes its connection when done, on this side
        // too: servers need not honour it (Hummingbird's listener does not), and a connection left
        // in the pool holds one of a server's few slots.
        if request.headers.contains(where: { $0.name.lowercased() == "connection" && $0.value.lowercased() == "close" }) {
            codes.append(ccurl_setopt_long(curl, CURLOPT_FORBID_REUSE, 1))
        }
        if !Self.hasHeader("User-Agent", in: request), !userAgent.isEmpty {
            codes.append(ccurl_setopt_string(curl, CURLOPT_USERAGENT, userAgent))
        }
        codes += Self.methodOptions(curl, request: request)
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            let text = String(cString: curl_easy_strerror(bad))
            let code: HTTPClientError.Code = bad == CURLE_URL_MALFORMAT ? .invalidURL : .other
            throw failure.error(code, "could not configure the request: " + text)
        }
    }

    /// The options of `request`'s method and body: a GET with a body stays a GET, a PATCH is a
    /// POST with a custom verb.
    private static func methodOptions(_ curl: UnsafeMutableRawPointer, request: HTTPRequest) -> [CURLcode] {
        var codes: [CURLcode] = []
        switch request.method {
        case .get: codes.append(ccurl_setopt_long(curl, CURLOPT_HTTPGET, 1))
        case .post: codes.append(ccurl_setopt_long(curl, CURLOPT_POST, 1))
        case .patch:
            codes.append(ccurl_setopt_long(curl, CURLOPT_POST, 1))
            codes.append(ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, "PATCH"))
        }
        if let body = request.body ?? (request.method != .get ? [] : nil) {
            codes.append(body.withUnsafeBytes { ccurl_setopt_postfields_copy(curl, $0.baseAddress, $0.count) })
            if request.method == .get {
                // A body would otherwise turn the request into a POST.
                codes.append(ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, "GET"))
            }
        }
        return codes
    }

    /// `CURLOPT_MAXFILESIZE_LARGE`: lets curl refuse at once a response whose `Content-Length`
    /// is over the limit (the write callback enforces it for every body).
    private func maxFileSize(_ context: TransferContext) -> Int64 {
        Int64(clamping: context.maxBytes)
    }

    /// The request's header fields as a curl list, plus the overrides this client always wants.
    private static func makeHeaderList(
        for request: HTTPRequest,
        failure: RequestFailure
    ) throws(HTTPClientError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        // NUL, LF and CR, in a name or a value; and ':' in a name.
        func forbidden(_ byte: UInt8) -> Bool { byte == 0 || byte == 10 || byte == 13 }
        for header in request.headers {
            if header.name.isEmpty || header.name.utf8.contains(where: { forbidden($0) || $0 == 58 })
                || header.value.utf8.contains(where: forbidden)
            {
                throw failure.error(.other, "invalid header field name or value: \(header.name.debugDescription)")
            }
            // curl drops "Name:" (no value); "Name;" is its spelling for an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        // Disable curl's "Expect: 100-continue" for larger bodies: it costs a round trip, or a
        // second with servers that never answer it.
        if !hasHeader("Expect", in: request) { lines.append("Expect:") }
        // Do not let curl label a body it was handed as a form (x-www-form-urlencoded).
        if request.body != nil || request.method != .get, !hasHeader("Content-Type", in: request) {
            lines.append("Content-Type:")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw failure.error(.other, "out of memory building the header list")
            }
            list = longer
        }
        return list
    }

    /// Whether the request sets the header field `name` (case-insensitively).
    private static func hasHeader(_ name: String, in request: HTTPRequest) -> Bool {
        let wanted = name.lowercased()
        return request.headers.contains { $0.name.lowercased() == wanted }
    }

    /// A timeout for curl in whole milliseconds, rounded up, at least 1 (0 would mean "none").
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 1 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        var millis = attoseconds / perMillisecond
        if attoseconds % perMillisecond != 0 { millis += 1 }
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return Int(Int32.max) }
        return Int(min(fromSeconds + millis, Int64(Int32.max)))
    }

    /// The error kind for a failed transfer.
    private static func errorCode(
        for code: CURLcode,
        context: TransferContext,
        abort: AbortFlag
    ) -> HTTPClientError.Code {
        if abort.isRaised && (code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_WRITE_ERROR) {
            return .cancelled
        }
        if context.exceededLimit || code == CURLE_FILESIZE_EXCEEDED { return .tooLarge }
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_COULDNT_CONNECT: return .connectFailed
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .resolveFailed
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: return .connectionReset
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL
        default: return .other
        }
    }

    /// curl's own text for the failure (its error buffer, else the code's generic text).
    private func errorText(for code: CURLcode, context: TransferContext) -> String {
        if context.exceededLimit {
            return "response body exceeds the limit of \(context.maxBytes) bytes"
        }
        let buffered = String(cString: errorBuffer)
        let text = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        return "\(text) (curl error \(code.rawValue))"
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes to the transfer's context; returning less than
/// it was given (0) makes curl stop with `CURLE_WRITE_ERROR`.
private func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let userData else { return 0 }
    let length = size * count
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length)
    return TransferContext.from(userData).receiveBody(bytes) ? length : 0
}

/// `CURLOPT_HEADERFUNCTION`: hands each raw header line to the transfer's context.
private func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let userData else { return 0 }
    let length = size * count
    let context = TransferContext.from(userData)
    if context.abort.isRaised { return 0 }
    context.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
    return length
}

/// `CURLOPT_XFERINFOFUNCTION`: called often during a transfer (about once a second when idle);
/// non-zero aborts it with `CURLE_ABORTED_BY_CALLBACK`.
private func curlXferInfoCallback(
    _ userData: UnsafeMutableRawPointer?,
    _ downloadTotal: curl_off_t,
    _ downloaded: curl_off_t,
    _ uploadTotal: curl_off_t,
    _ uploaded: curl_off_t
) -> Int32 {
    guard let userData else { return 0 }
    return TransferContext.from(userData).abort.isRaised ? 1 : 0
}
