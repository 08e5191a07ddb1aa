// SPDX-License-Identifier: Apache-2.0

/// The task executor a bot's tasks prefer (a reader's: its Redis client's thread), kept in a
/// task-local as well, so that a task started to outlive a cancellation (`Task {}`, which does
/// not inherit a preference) can prefer it too.
package enum PreferredExecutor {
    /// The executor the current task prefers through ``run(_:_:)``; nil outside one.
    @TaskLocal package static var current: (any TaskExecutor)?

    /// Runs `body` preferring `executor` (no preference when nil), with ``current`` set to it.
    package static func run<T>(_ executor: (any TaskExecutor)?, _ body: () async throws -> T) async throws -> T {
        try await $current.withValue(executor) {
            try await withTaskExecutorPreference(executor) { try await body() }
        }
    }
}
