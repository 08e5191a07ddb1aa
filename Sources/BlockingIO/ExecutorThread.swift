// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One long-lived thread that runs the items submitted to it, in order, one at a time; it sleeps
/// on a condition variable while there are none (no thread pool: no worker started or ended per
/// item, one wake-up per idle-to-busy change).
///
/// The thread holds the object until it ends, after `stop`, once the items queued by then ran.
final class ExecutorThread: @unchecked Sendable {
    /// What the thread runs: blocking work (`BlockingExecutor.run`) or a task's job.
    enum Item {
        case work(@Sendable () -> Void)
        case job(@Sendable () -> Void)
    }

    // The state below is guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Item] = []
    /// `.work` items submitted and not yet started.
    private var queuedWork = 0
    private var stopping = false
    private var thread: pthread_t?

    init(label: String) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        let name = Array(label.utf8.prefix(15))
        let retained = Unmanaged.passRetained(ThreadStart(owner: self, name: name)).toOpaque()
        #if canImport(Glibc)
            var created = pthread_t()
        #else
            var created: pthread_t?
        #endif
        let status = pthread_create(&created, nil, { ExecutorThread.main($0) }, retained)
        precondition(status == 0, "pthread_create failed for \(label): \(status)")
        #if canImport(Glibc)
            let thread = created
        #else
            let thread = created!
        #endif
        pthread_detach(thread)
        locked { self.thread = thread }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues `item` and wakes the thread.
    func submit(_ item: Item) {
        locked {
            items.append(item)
            if case .work = item { queuedWork += 1 }
        }
        pthread_cond_signal(condition)
    }

    /// Whether the caller is this thread with no blocking work queued before it, so that work it
    /// submits now may run at once, in order.
    func mayRunInline() -> Bool {
        let me = pthread_self()
        return locked {
            guard let thread else { return false }
            return queuedWork == 0 && pthread_equal(thread, me) != 0
        }
    }

    /// Ends the thread once the items queued so far ran.
    func stop() {
        locked { stopping = true }
        pthread_cond_signal(condition)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// The thread's loop: takes the queued items in one go and runs them in order.
    private func loop() {
        var batch: [Item] = []
        while true {
            pthread_mutex_lock(mutex)
            while items.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            if items.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            swap(&batch, &items)
            pthread_mutex_unlock(mutex)
            for item in batch {
                switch item {
                case .work(let work):
                    locked { queuedWork -= 1 }
                    work()
                case .job(let job):
                    job()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// What `pthread_create` hands the new thread: its owner (retained) and name.
    private final class ThreadStart {
        let owner: ExecutorThread
        let name: [UInt8]
        init(owner: ExecutorThread, name: [UInt8]) {
            self.owner = owner
            self.name = name
        }
    }

    private static func main(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        guard let argument else { return nil }
        let start = Unmanaged<ThreadStart>.fromOpaque(argument).takeRetainedValue()
        nameThisThread(start.name)
        start.owner.loop()
        return nil
    }

    /// Names the calling thread (seen in `top -H`, `perf`, debuggers); glibc's `pthread_setname_np`
    /// is not visible to Swift, so on Linux through `/proc/thread-self/comm`.
    private static func nameThisThread(_ name: [UInt8]) {
        #if canImport(Glibc)
            let file = open("/proc/thread-self/comm", O_WRONLY)
            guard file >= 0 else { return }
            _ = name.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
            close(file)
        #else
            (name + [0]).withUnsafeBufferPointer { name in
                name.withMemoryRebound(to: CChar.self) { _ = pthread_setname_np($0.baseAddress!) }
            }
        #endif
    }
}
