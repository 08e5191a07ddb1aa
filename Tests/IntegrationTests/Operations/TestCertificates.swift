// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness

/// A throwaway CA and a server certificate it signed for `redis.example.net` (the name the shipped
/// stunnel config checks), made with the `openssl` command in a temporary directory.
struct TestCertificates {
    let directory: String
    var caCertificate: String { "\(directory)/ca.crt" }
    var serverCertificate: String { "\(directory)/redis.crt" }
    var serverKey: String { "\(directory)/redis.key" }

    static let serverName = "redis.example.net"

    static func make() async throws -> TestCertificates {
        let openssl = try DebianTool.require("openssl", package: "openssl")
        let dir = try BotBinary.temporaryDirectory()
        try "subjectAltName=DNS:\(serverName)\n".write(toFile: "\(dir)/san.cnf", atomically: true, encoding: .utf8)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let steps: [[String]] = [
            ["req", "-x509"] + key + ["-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.crt", "-days", "2", "-subj", "/CN=RedGreen test CA"],
            ["req"] + key + ["-keyout", "\(dir)/redis.key", "-out", "\(dir)/redis.csr", "-subj", "/CN=\(serverName)"],
            [
                "x509", "-req", "-in", "\(dir)/redis.csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key", "-CAcreateserial",
                "-out", "\(dir)/redis.crt", "-days", "2", "-extfile", "\(dir)/san.cnf",
            ],
        ]
        for step in steps {
            let run = try ChildProcess(openssl, step)
            guard await run.waitForExit(timeout: .seconds(60)) == 0 else { throw Failure(step: step, output: run.stderr) }
        }
        return TestCertificates(directory: dir)
    }

    struct Failure: Error, CustomStringConvertible {
        var step: [String]
        var output: String
        var description: String { "openssl \(step.joined(separator: " ")) failed: \(output)" }
    }
}
