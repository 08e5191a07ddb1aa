// SPDX-License-Identifier: Apache-2.0
import BotStore
import Logging
import Synchronization

/// One value a sink learns from its chat API and keeps in its `SinkStateStore` (a migrated
/// chat's id, a forum post's thread, its live board's message id): read from the store until a
/// read works, then from memory (`value()`), or from the store each time, as a twin may change it
/// (`latest()`). When the store cannot be reached the value lives in memory for the run, and a
/// warning says so.
final class RememberedValue: Sendable {
    private let key: SinkStateKey
    private let state: any SinkStateStore
    private let logger: Logger
    /// nil: not read yet; `.some(nil)`: read, nothing kept.
    private let cached = Mutex<String??>(nil)
    private let told = Mutex(false)

    /// The value of `field` for `sink`.
    convenience init(sink: String, field: String, context: SinkContext) {
        self.init(SinkStateKey(locale: context.locale, sink: sink, field: field), in: context.state, logger: context.logger)
    }

    /// The value of `key`, kept in `state`.
    init(_ key: SinkStateKey, in state: any SinkStateStore, logger: Logger) {
        self.key = key
        self.state = state
        self.logger = logger
    }

    /// The value kept; nil when none.
    func value() async -> String? {
        if let known = cached.withLock({ $0 }) { return known }
        do {
            let stored = try await state.value(of: key)
            return cached.withLock { cached in
                if cached == nil { cached = .some(stored) }
                return cached!
            }
        } catch {
            logger.warning("Sink \(key.sink): could not read its \(key.field) from Redis (\(error)); reading it again on the next post")
            return nil
        }
    }

    /// The value the store keeps now (nil: none), or the one in memory when the store has none or
    /// cannot be read. Throws the store's error when it cannot be read and nothing is in memory.
    func latest() async throws -> String? {
        let known = cached.withLock { $0 } ?? nil
        do {
            let stored = try await state.value(of: key)
            if let stored { cached.withLock { $0 = .some(stored) } }
            return stored ?? known
        } catch {
            guard let known else { throw error }
            return known
        }
    }

    /// Keeps `value`, in memory at once and in the store.
    func set(_ value: String) async {
        cached.withLock { $0 = .some(value) }
        do {
            try await state.setValue(value, for: key)
        } catch {
            logger.warning("Sink \(key.sink): could not keep its \(key.field) in Redis (\(error)); a restarted bot will not know it")
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
