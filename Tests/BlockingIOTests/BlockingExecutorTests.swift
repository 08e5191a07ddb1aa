// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import Dispatch
import Synchronization
import TestHarness
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("BlockingExecutor")
struct BlockingExecutorTests {
    static func thisThread() -> UInt { ThreadIdentity.current() }

    @Test("work runs one item at a time, on one thread of the executor's own, never the caller's")
    func oneThreadOneItemAtATime() async throws {
        let executor = BlockingExecutor(label: "test-serial")
        let running = Overlap()
        let threads = try await withThrowingTaskGroup(of: (caller: UInt, worker: UInt).self) { group in
            for _ in 0..<40 {
                group.addTask {
                    let caller = Self.thisThread()
                    let worker = try await executor.run {
                        running.enter()
                        usleep(200)
                        running.leave()
                        return Self.thisThread()
                    }
                    return (caller, worker)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(running.most == 1)
        let workers = Set(threads.map(\.worker))
        #expect(workers.count == 1)
        #expect(Set(threads.map(\.caller)).isDisjoint(with: workers))
    }

    @Test("a task that prefers the executor runs on its thread, and its work runs there at once, without a hop")
    func preferringTaskRunsWorkInline() async throws {
        let executor = BlockingExecutor(label: "test-inline")
        let worker = try await executor.run { Self.thisThread() }
        let seen = try await withTaskExecutorPreference(executor) {
            let before = Self.thisThread()
            let inside = try await executor.run { Self.thisThread() }
            let after = Self.thisThread()
            return [before, inside, after]
        }
        #expect(seen == [worker, worker, worker])
    }

    @Test("cancelling a task whose work is queued behind blocked work throws at once and calls onCancel")
    func cancelQueuedWork() async throws {
        let executor = BlockingExecutor(label: "test-cancel")
        let release = DispatchSemaphore(value: 0)
        let started = Flag()
        let blocked = Task { try await Self.blockingWork(on: executor, started: started, release: release, returning: 7) }
        try await waitUntil { started.isRaised }
        let cancelled = Flag()
        let queued = Task {
            try await executor.run(onCancel: { cancelled.raise() }) { 8 }
        }
        queued.cancel()
        // The executor's thread is still blocked: only the cancellation can have ended the wait.
        await #expect(throws: CancellationError.self) { try await queued.value }
        let onCancelRan = cancelled.isRaised
        #expect(onCancelRan)
        release.signal()
        #expect(try await blocked.value == 7)
        #expect(try await executor.run { 9 } == 9)
    }

    @Test("cancelling a preferring task while its work runs inline calls onCancel, which ends the work")
    func cancelInlineWork() async throws {
        let executor = BlockingExecutor(label: "test-cancel-in")
        let release = DispatchSemaphore(value: 0)
        let started = Flag()
        let task = Task {
            try await withTaskExecutorPreference(executor) {
                try await Self.blockingWork(on: executor, started: started, release: release, onCancel: { release.signal() }, returning: 1)
            }
        }
        try await waitUntil { started.isRaised }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await executor.run { 2 } == 2)
    }

    @Test("a sleep on the executor's clock wakes on its thread, after its deadline, sooner deadlines first")
    func sleepsWakeOnTheExecutorsThread() async throws {
        let executor = BlockingExecutor(label: "test-clock")
        let clock = ExecutorClock(executor)
        let worker = try await executor.run { Self.thisThread() }
        let woken = Order()
        let start = clock.now
        try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, delay) in [30, 10, 20].enumerated() {
                    group.addTask {
                        try await clock.sleep(for: .milliseconds(delay))
                        #expect(Self.thisThread() == worker)
                        #expect(clock.now >= start + .milliseconds(delay))
                        woken.append(index)
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(woken.values == [1, 2, 0])
    }

    @Test("cancelling a sleep on the executor's clock throws at once")
    func cancelASleep() async throws {
        let executor = BlockingExecutor(label: "test-clock-cancel")
        let clock = ExecutorClock(executor)
        let sleeping = Task { try await clock.sleep(for: .seconds(3600)) }
        sleeping.cancel()
        await #expect(throws: CancellationError.self) { try await sleeping.value }
        #expect(try await executor.run { 3 } == 3)
    }

    @Test("a new executor never gets the thread of a gone one whose cancelled work still blocks it")
    func aGoneExecutorsBlockedThreadIsNotHandedOut() async throws {
        let release = DispatchSemaphore(value: 0)
        let started = Flag()
        let gone = Task {
            let executor = BlockingExecutor(label: "test-gone")
            return try await Self.blockingWork(on: executor, started: started, release: release, returning: 1)
        }
        try await waitUntil { started.isRaised }
        gone.cancel()
        await #expect(throws: CancellationError.self) { try await gone.value }
        // The executor is gone, its thread still blocked in the cancelled work: new executors' work
        // runs now, not once that work ends.
        let done = Flag()
        let fresh = Task {
            for index in 0..<8 {
                let executor = BlockingExecutor(label: "test-fresh-\(index)")
                _ = try await executor.run { index }
            }
            done.raise()
        }
        try await waitUntil { done.isRaised }
        release.signal()
        try await fresh.value
    }

    @Test("a watched descriptor's data resumes a preferring task on the executor's thread, which runs other work meanwhile")
    func aWatchedDescriptorResumesOnTheThread() async throws {
        let executor = BlockingExecutor(label: "test-watch")
        let worker = try await executor.run { Self.thisThread() }
        let pipe = Pipe()
        let watching = Flag()
        let waiter = Task {
            try await withTaskExecutorPreference(executor) {
                watching.raise()
                let readable = try await executor.waitReadable(pipe.read, upTo: .seconds(3600))
                return (readable, Self.thisThread())
            }
        }
        try await waitUntil { watching.isRaised }
        // The thread is not blocked by the watch.
        for index in 0..<5 { #expect(try await executor.run { index } == index) }
        pipe.writeByte()
        let (readable, thread) = try await waiter.value
        #expect(readable)
        #expect(thread == worker)
    }

    @Test("a watch whose wait passes first says so, and a cancelled one throws at once and runs nothing later")
    func watchesTimeOutAndCancel() async throws {
        let executor = BlockingExecutor(label: "test-watch-end")
        let pipe = Pipe()
        #expect(try await executor.waitReadable(pipe.read, upTo: .milliseconds(20)) == false)
        let cancelled = Task { try await executor.waitReadable(pipe.read, upTo: .seconds(3600)) }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        pipe.writeByte()
        #expect(try await executor.run { 4 } == 4)
        #expect(try await executor.waitReadable(pipe.read, upTo: .seconds(120)))
    }

    @Test("a thread kept busy by a stream of work still sees a watched descriptor's data")
    func aBusyThreadStillSeesAWatch() async throws {
        let executor = BlockingExecutor(label: "test-watch-busy")
        let pipe = Pipe()
        let seen = Flag()
        let seenData = Flag()
        let waiter = Task {
            if (try? await executor.waitReadable(pipe.read, upTo: .seconds(3600))) == true { seenData.raise() }
            seen.raise()
        }
        // A preferring task that yields in a loop: its job is queued again before the thread looks
        // for more, so the thread never sleeps while it runs.
        let busy = Task {
            await withTaskExecutorPreference(executor) {
                while !seen.isRaised { await Task.yield() }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        pipe.writeByte()
        try await waitUntil { seen.isRaised }
        // Without the busy thread's look at its watches, the wait above fails; this ends the test.
        waiter.cancel()
        await waiter.value
        await busy.value
        #expect(seenData.isRaised)
    }

    /// A pipe, closed when it goes.
    final class Pipe: Sendable {
        let read: Int32
        let writeEnd: Int32
        init() {
            var ends: [Int32] = [-1, -1]
            precondition(pipe(&ends) == 0, "pipe: \(errno)")
            (read, writeEnd) = (ends[0], ends[1])
        }
        func writeByte() {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
        deinit {
            close(read)
            close(writeEnd)
        }
    }

    /// Work on `executor` that raises `started`, then waits for `release`, and returns `value`.
    private static func blockingWork(
        on executor: BlockingExecutor, started: Flag, release: DispatchSemaphore, onCancel: @escaping @Sendable () -> Void = {},
        returning value: Int
    ) async throws -> Int {
        try await executor.run(onCancel: onCancel) {
            started.raise()
            release.wait()
            return value
        }
    }

    /// Polls `condition` every 10 ms for up to two minutes.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 120 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// How many items ran at once, at most.
private final class Overlap: Sendable {
    private let state = Mutex((now: 0, most: 0))

    var most: Int { state.withLock { $0.most } }

    func enter() {
        state.withLock { state in
            state.now += 1
            state.most = max(state.most, state.now)
        }
    }

    func leave() { state.withLock { $0.now -= 1 } }
}

/// A flag raised once, from any thread.
private final class Flag: Sendable {
    private let value = Atomic(false)

    var isRaised: Bool { value.load(ordering: .sequentiallyConsistent) }

    func raise() { value.store(true, ordering: .sequentiallyConsistent) }
}

/// Numbers in the order they were appended, from any thread.
private final class Order: Sendable {
    private let state = Mutex<[Int]>([])

    var values: [Int] { state.withLock { $0 } }

    func append(_ value: Int) { state.withLock { $0.append(value) } }
}
