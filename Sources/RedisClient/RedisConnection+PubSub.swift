// SPDX-License-Identifier: Apache-2.0
internal import CHiredis
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Subscriber mode: commands are written without waiting for a reply, and replies (messages,
/// confirmations, pongs) are read as they come: only once the socket has data (the executor's
/// thread watches it meanwhile), so a quiet channel never trips hiredis's read timeout (which
/// would break the context).
extension RedisConnection {
    /// Writes `arguments` and flushes the output buffer; does not read a reply. With
    /// `connect: false` (a keepalive on a subscribed connection) it never opens a new connection.
    func write(_ arguments: [[UInt8]], token: OperationToken, connect: Bool = true) throws {
        try perform(token, connect: connect) { context in
            let (status, errorNumber) = HiredisArgv.with(arguments) { argc, argv, argvlen in
                (redisAppendCommandArgv(context, argc, argv, argvlen), chiredis_errno())
            }
            guard status == REDIS_OK else { throw brokenContext(token: token, errorNumber: errorNumber, doing: "write") }
            var done: Int32 = 0
            while done == 0 {
                guard redisBufferWrite(context, &done) == REDIS_OK else {
                    throw brokenContext(token: token, errorNumber: chiredis_errno(), doing: "write")
                }
            }
        }
    }

    /// The next reply if one has arrived, else the descriptor to wait on for it (without waiting).
    /// Never opens a connection: without one (lost, or dropped because the primary moved) it throws `.io`.
    func receiveNow(token: OperationToken) throws -> (reply: Result<RedisReply, RedisError>?, descriptor: Int32) {
        try perform(token, connect: false) { context in
            var raw: UnsafeMutableRawPointer?
            guard redisGetReplyFromReader(context, &raw) == REDIS_OK else {
                throw brokenContext(token: token, errorNumber: chiredis_errno(), doing: "read")
            }
            if let raw { return (Self.take(raw), chiredis_fd(context)) }
            var descriptor = pollfd(fd: chiredis_fd(context), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return (nil, descriptor.fd) }
            let status = redisGetReply(context, &raw)
            guard status == REDIS_OK, let raw else {
                throw brokenContext(token: token, errorNumber: chiredis_errno(), doing: "read")
            }
            return (Self.take(raw), descriptor.fd)
        }
    }
}
