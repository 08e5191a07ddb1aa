// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// One value a sink learns from its chat API and keeps in its `SinkStateStore` (a migrated
/// chat's id, a forum post's thread): read from the store until a read works, then from memory.
/// When the store cannot be reached the value lives in memory for the run, and a warning says so.
final class RememberedValue: Sendable {
    private let key: SinkStateKey
    private let context: SinkContext
    /// nil: not read yet; `.some(nil)`: read, nothing kept.
    private let cached = Mutex<String??>(nil)
    private let told = Mutex(false)

    /// The value of `field` for `sink`.
    init(sink: String, field: String, context: SinkContext) {
        self.key = SinkStateKey(locale: context.locale, sink: sink, field: field)
        self.context = context
    }

    /// The value kept; nil when none.
    func value() async -> String? {
        if let known = cached.withLock({ $0 }) { return known }
        do {
            let stored = try await context.state.value(of: key)
            return cached.withLock { cached in
                if cached == nil { cached = .some(stored) }
                return cached!
            }
        } catch {
            context.logger.warning("Sink \(key.sink): could not read its \(key.field) from Redis (\(error)); reading it again on the next post")
            return nil
        }
    }

    /// Keeps `value`, in memory at once and in the store.
    func set(_ value: String) async {
        cached.withLock { $0 = .some(value) }
        do {
            try await context.state.setValue(value, for: key)
        } catch {
            context.logger.warning("Sink \(key.sink): could not keep its \(key.field) in Redis (\(error)); a restarted bot will not know it")
        }
    }

    /// True the first time it is asked in a run: for a sink that says once what it learned.
    func isFirstNotice() -> Bool {
        told.withLock { told in
            defer { told = true }
            return !told
        }
    }
}
