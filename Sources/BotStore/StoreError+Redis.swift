// SPDX-License-Identifier: Apache-2.0
import RedisClient

extension StoreError {
    /// The store error for a failed Redis command: an ACL `NOPERM` is marked as a permission
    /// refusal, and `permissionHint` (if any) is added to its message.
    init(_ error: RedisError, permissionHint: String = "") {
        let denied = error.code == .server && error.message.hasPrefix("NOPERM")
        self.init(error.message + (denied ? permissionHint : ""), isPermissionDenied: denied)
    }
}

/// Runs `body`, turning a `RedisError` it throws into a `StoreError`.
func mappingRedisErrors<T>(permissionHint: String = "", _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RedisError {
        throw StoreError(error, permissionHint: permissionHint)
    }
}
