// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which thread code runs on, for tests of where work runs (an executor's own thread or not).
public enum ThreadIdentity {
    /// The calling thread, comparable across calls.
    public static func current() -> UInt {
        #if canImport(Glibc)
            UInt(pthread_self())
        #else
            UInt(bitPattern: pthread_self())
        #endif
    }
}
