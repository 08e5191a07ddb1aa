// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// One long-lived thread that runs the items submitted to it, in order, one at a time, the timers
/// scheduled on it at their moment, and the actions of the descriptors it watches once they can be
/// read; it sleeps in `poll(2)` on a wake-up pipe and those descriptors while there is nothing to do
/// (not libdispatch's pool: no worker started or ended per item or timer, one wake-up per
/// idle-to-busy change, and none between a watched socket's data and the work it brings).
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

    /// A descriptor watched until it can be read or its deadline passes (`action` says which), or
    /// none: a timer.
    struct Watch {
        let descriptor: Int32?
        let deadline: ContinuousClock.Instant
        let action: @Sendable (_ readable: Bool) -> Void
    }

    // The state below is guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// The pipe that wakes the thread from its `poll` (read end first).
    private let wakeUp: (read: Int32, write: Int32)
    /// The thread sleeps in `poll` (a submission must write to the pipe).
    private var sleeping = false
    /// A byte is in the pipe that the thread has not read yet.
    private var wakeUpPending = false
    private var items: [Item] = []
    /// Its executor is gone: once nothing is queued, the thread joins `idle`.
    private var released = false
    /// `.work` items submitted and not yet started.
    private var queuedWork = 0
    /// The threads whose executors are gone, for the next ones.
    private static let idle = Mutex<[ExecutorThread]>([])
    /// The descriptors watched and the timers, by the number `watch` gave them.
    private var watches: [Int: Watch] = [:]
    private var nextWatch = 0
    /// When the watched descriptors were last polled: a thread kept busy polls them every
    /// ``busyPollInterval`` all the same.
    private var lastPoll = ContinuousClock.now
    private static let busyPollInterval = Duration.milliseconds(10)
    private var thread: pthread_t?

    init(label: String) {
        pthread_mutex_init(mutex, nil)
        wakeUp = Self.makePipe()
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
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        close(wakeUp.read)
        close(wakeUp.write)
    }

    /// Queues `item` and wakes the thread.
    func submit(_ item: Item) {
        lockedWakingUp {
            items.append(item)
            if case .work = item { queuedWork += 1 }
        }
    }

    /// Runs `watch`'s action on the thread once its descriptor can be read (or has hung up or
    /// failed: the read will say), with `true`, or once its deadline has passed, with `false`
    /// (a timer: always then); returns the number that `unwatch` takes.
    func watch(_ watch: Watch) -> Int {
        lockedWakingUp {
            nextWatch += 1
            watches[nextWatch] = watch
            return nextWatch
        }
    }

    /// Forgets watch `number` (its action will not run), if it has not run yet.
    func unwatch(_ number: Int) {
        lockedWakingUp { _ = watches.removeValue(forKey: number) }
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
        lockedWakingUp { released = true }
    }

    /// A thread's name: the first 15 bytes of `label`.
    private static func name(_ label: String) -> [UInt8] { Array(label.utf8.prefix(15)) }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// `body` with `mutex` held, then wakes the thread if it sleeps (one byte in the pipe, until
    /// the thread has read it).
    private func lockedWakingUp<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        let result = body()
        let wake = sleeping && !wakeUpPending
        if wake { wakeUpPending = true }
        pthread_mutex_unlock(mutex)
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeUp.write, &byte, 1)
        }
        return result
    }

    /// The thread's loop: runs the watches' actions that are due, then the queued items, taken in
    /// one go, in order.
    private func loop() {
        var batch: [Item] = []
        var due: [@Sendable () -> Void] = []
        while true {
            pthread_mutex_lock(mutex)
            while true {
                takeDue(into: &due)
                if !items.isEmpty || !due.isEmpty {
                    if watches.values.contains(where: { $0.descriptor != nil }), lastPoll.duration(to: .now) > Self.busyPollInterval { sleep(until: .now, into: &due) }
                    break
                }
                if released, watches.isEmpty {
                    // Nothing left of the old executor's: free for the next one. Nobody submits to
                    // a released thread until `take` hands it out again, after this.
                    released = false
                    pthread_mutex_unlock(mutex)
                    Self.idle.withLock { $0.append(self) }
                    pthread_mutex_lock(mutex)
                    continue
                }
                sleep(until: watches.values.lazy.map(\.deadline).min(), into: &due)
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

    /// Moves the actions of the watches whose deadline has passed into `due`, earliest first; with
    /// `mutex` held.
    private func takeDue(into due: inout [@Sendable () -> Void]) {
        guard !watches.isEmpty else { return }
        let now = ContinuousClock.now
        let passed = watches.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (number, watch) in passed {
            watches[number] = nil
            due.append { watch.action(false) }
        }
    }

    /// Sleeps in `poll` on the wake-up pipe and the watched descriptors until one of them can be
    /// read or `deadline` passes (an hour at most per sleep; not at all when it has passed), and
    /// moves the actions of the watches whose descriptors can be read into `due`; with `mutex` held.
    private func sleep(until deadline: ContinuousClock.Instant?, into due: inout [@Sendable () -> Void]) {
        let watched = watches.compactMap { number, watch in watch.descriptor.map { (number, $0) } }
        var descriptors = [pollfd(fd: wakeUp.read, events: Int16(POLLIN), revents: 0)]
        descriptors += watched.map { pollfd(fd: $0.1, events: Int16(POLLIN), revents: 0) }
        let remaining = deadline.map { max(.zero, min(ContinuousClock.now.duration(to: $0), .seconds(3600))) } ?? .seconds(3600)
        let (seconds, attoseconds) = remaining.components
        sleeping = true
        pthread_mutex_unlock(mutex)
        // Whole milliseconds, rounded up: a timer never runs early.
        let milliseconds = Int32(seconds) * 1000 + Int32((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        pthread_mutex_lock(mutex)
        sleeping = false
        wakeUpPending = false
        lastPoll = .now
        if descriptors[0].revents != 0 {
            // Every byte written so far (one a sleep, give or take one written as it ended).
            var bytes = (UInt64(0), UInt64(0))
            _ = withUnsafeMutableBytes(of: &bytes) { read(wakeUp.read, $0.baseAddress, $0.count) }
        }
        for (index, (number, _)) in watched.enumerated() where descriptors[index + 1].revents != 0 {
            // Forgotten meanwhile (`unwatch`): its action must not run.
            guard let watch = watches.removeValue(forKey: number) else { continue }
            due.append { watch.action(true) }
        }
    }

    /// A pipe whose ends are non-blocking and closed on `exec`.
    private static func makePipe() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        let status = pipe(&ends)
        precondition(status == 0, "pipe failed: \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
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
