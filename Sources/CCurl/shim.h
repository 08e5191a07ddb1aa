// SPDX-License-Identifier: Apache-2.0
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>

/*
 * curl_easy_setopt and curl_easy_getinfo are variadic, so Swift cannot call them.
 * These typed, non-variadic wrappers (in the style of swift-corelibs-foundation's
 * CFURLSessionInterface) each pass exactly one argument type through. Only the
 * CurlHTTP module imports this header.
 */

/* Callback signatures, named so Swift sees one function-pointer type for each. */
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

/* curl_global_init(CURL_GLOBAL_ALL): the flag macro is an expression Swift does not import. */
static inline CURLcode ccurl_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

/* Options whose argument is a C `long` (flags, timeouts in ms, sizes up to LONG_MAX). */
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options whose argument is a curl_off_t (the *_LARGE options). */
static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options whose argument is a NUL-terminated string (libcurl copies these). */
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options whose argument is an opaque pointer (WRITEDATA, HEADERDATA, XFERINFODATA, ERRORBUFFER). */
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options whose argument is a header list; the list must outlive the transfer. */
static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION. */
static inline CURLcode ccurl_setopt_write_callback(CURL *handle, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/* CURLOPT_HEADERFUNCTION. */
static inline CURLcode ccurl_setopt_header_callback(CURL *handle, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/* CURLOPT_XFERINFOFUNCTION; also needs CURLOPT_NOPROGRESS = 0 to be called. */
static inline CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/*
 * A binary-safe request body: sets CURLOPT_POSTFIELDSIZE_LARGE first, then
 * CURLOPT_COPYPOSTFIELDS, so libcurl copies exactly `length` bytes (NULs included)
 * and the caller's buffer need not outlive the call. An empty body uses a static
 * empty string, so libcurl never falls back to its default read callback (stdin).
 */
static inline CURLcode ccurl_setopt_postfields_copy(CURL *handle, const void *data, size_t length) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
    if (code != CURLE_OK) {
        return code;
    }
    if (data == NULL || length == 0) {
        return curl_easy_setopt(handle, CURLOPT_POSTFIELDS, "");
    }
    return curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, data);
}

/* Infos whose result is a C `long` (CURLINFO_RESPONSE_CODE, ...). */
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* Infos whose result is a curl_off_t (CURLINFO_*_T). */
static inline CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* Infos whose result is a string owned by libcurl (CURLINFO_EFFECTIVE_URL, ...). */
static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
