// SPDX-License-Identifier: Apache-2.0
internal import CHiredis

extension RedisReply {
    /// Converts a hiredis reply tree; an error reply anywhere in it becomes a `.server` failure
    /// carrying the server's text.
    static func from(hiredis reply: UnsafePointer<redisReply>) -> Result<RedisReply, RedisError> {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .success(.bulk(bytes(node)))
        case REDIS_REPLY_STATUS:
            return .success(.status(String(decoding: bytes(node), as: UTF8.self)))
        case REDIS_REPLY_INTEGER:
            return .success(.integer(Int64(node.integer)))
        case REDIS_REPLY_NIL:
            return .success(.null)
        case REDIS_REPLY_ERROR:
            return .failure(RedisError(.server, String(decoding: bytes(node), as: UTF8.self)))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let child = chiredis_reply_element(reply, index) else {
                    elements.append(.null)
                    continue
                }
                switch from(hiredis: child) {
                case .success(let element): elements.append(element)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.array(elements))
        default:
            return .failure(RedisError(.protocolError, "unknown hiredis reply type \(node.type)"))
        }
    }

    private static func bytes(_ node: redisReply) -> [UInt8] {
        guard let str = node.str, node.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: str, count: node.len))
    }
}
