// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// One long-lived thread that runs the items submitted to it, in order, one at a time, and the
/// timers scheduled on it at their moment; it sleeps on a condition variable while there is
/// nothing to do (not libdispatch's pool: no worker started or ended per item or timer, one
/// wake-up per idle-to-busy change).
///
/// A thread never ends: one whose executor is gone finishes what it has queued (a blocking call
/// that was cancelled may still be waiting on its socket) and only then waits, idle, for the next
/// executor to take it (`take`, `release`), so a new executor never queues behind an old one's
/// work. A thread that ended would run its thread-local destructors (OpenSSL's among them, for a
/// libcurl client's) and, at the process's exit, race the library's own clean-up: a crash after
/// "Stopped". The process has at most as many as executors lived at once.
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
    /// Its executor is gone: once nothing is queued, the thread joins `idle`.
    private var released = false
    /// `.work` items submitted and not yet started.
    private var queuedWork = 0
    /// The threads whose executors are gone, for the next ones.
    private static let idle = Mutex<[ExecutorThread]>([])
    /// Actions waiting for their moment, in no order.
    private var timers: [(deadline: ContinuousClock.Instant, action: @Sendable () -> Void)] = []
    private var thread: pthread_t?

    init(label: String) {
        pthread_mutex_init(mutex, nil)
        #if canImport(Glibc)
            // Timed waits count on the monotonic clock, which a change of the wall clock leaves alone.
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        #else
            pthread_cond_init(condition, nil)
        #endif
        let name = Self.name(label)
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

    /// Runs `action` on the thread once `deadline` has passed.
    func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) {
        locked { timers.append((deadline, action)) }
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

    /// An idle thread, renamed `label`, or a new one.
    static func take(label: String) -> ExecutorThread {
        guard let thread = idle.withLock({ $0.popLast() }) else { return ExecutorThread(label: label) }
        let name = Self.name(label)
        thread.submit(.job { nameThisThread(name) })
        return thread
    }

    /// Gives the thread back, once its executor is gone: it joins the idle ones when what it still
    /// has queued (or is running) is done.
    func release() {
        locked { released = true }
        pthread_cond_signal(condition)
    }

    /// A thread's name: the first 15 bytes of `label`.
    private static func name(_ label: String) -> [UInt8] { Array(label.utf8.prefix(15)) }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// The thread's loop: runs the timers that are due, then the queued items, taken in one go,
    /// in order.
    private func loop() {
        var batch: [Item] = []
        var due: [@Sendable () -> Void] = []
        while true {
            pthread_mutex_lock(mutex)
            while true {
                takeDueTimers(into: &due)
                if !items.isEmpty || !due.isEmpty { break }
                if released {
                    // Nothing left of the old executor's: free for the next one. Nobody submits to
                    // a released thread until `take` hands it out again, after this.
                    released = false
                    pthread_mutex_unlock(mutex)
                    Self.idle.withLock { $0.append(self) }
                    pthread_mutex_lock(mutex)
                    continue
                }
                wait(until: timers.lazy.map(\.deadline).min())
            }
            swap(&batch, &items)
            pthread_mutex_unlock(mutex)
            for action in due { action() }
            for item in batch {
                switch item {
                case .work(let work):
                    locked { queuedWork -= 1 }
                    work()
                case .job(let job):
                    job()
                }
            }
            due.removeAll(keepingCapacity: true)
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Moves the actions of the timers whose moment has passed into `due`, earliest first; with
    /// `mutex` held.
    private func takeDueTimers(into due: inout [@Sendable () -> Void]) {
        guard !timers.isEmpty else { return }
        let now = ContinuousClock.now
        var passed: [(deadline: ContinuousClock.Instant, action: @Sendable () -> Void)] = []
        timers.removeAll { timer in
            guard timer.deadline <= now else { return false }
            passed.append(timer)
            return true
        }
        due += passed.sorted { $0.deadline < $1.deadline }.map(\.action)
    }

    /// Waits for a signal, or until `deadline` at the latest (an hour at most per wait); with
    /// `mutex` held.
    private func wait(until deadline: ContinuousClock.Instant?) {
        guard let deadline else {
            pthread_cond_wait(condition, mutex)
            return
        }
        let remaining = min(ContinuousClock.now.duration(to: deadline), .seconds(3600))
        guard remaining > .zero else { return }
        let (seconds, attoseconds) = remaining.components
        #if canImport(Glibc)
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
        #else
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
        #endif
        let nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var until = timespec(tv_sec: now.tv_sec + Int(seconds) + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &until)
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
