// swift-tools-version:6.2
// SPDX-License-Identifier: Apache-2.0
import Foundation
import PackageDescription

// libFuzzer targets for the engine's untrusted inputs, apart from the main package so that its
// `swift build` and `make test` never meet an executable without a `main`. Build one product at a
// time with the fuzzer instrumentation (`make fuzz` does):
//
//   swift build --package-path Fuzz --product fuzz-upstream -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//
// Each target drives one path of `FuzzEntryPoints` (Sources/BotEngineTesting), which the main
// package's FuzzRegressionTests replay on the committed corpora and regressions.

// The main package is the parent directory; SwiftPM names a path dependency after its directory.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "redgreen-fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fuzz-upstream", targets: ["FuzzUpstream"]),
        .executable(name: "fuzz-snapshot", targets: ["FuzzSnapshot"]),
        .executable(name: "fuzz-locale", targets: ["FuzzLocale"]),
        .executable(name: "fuzz-config", targets: ["FuzzConfig"]),
        .executable(name: "fuzz-chat", targets: ["FuzzChat"]),
    ],
    dependencies: [.package(path: "..")],
    targets: [
        // libFuzzer's driver, called from each target's entry point (see CLibFuzzer.h).
        .target(name: "CLibFuzzer")
    ]
        + ["FuzzUpstream", "FuzzSnapshot", "FuzzLocale", "FuzzConfig", "FuzzChat"].map {
            .executableTarget(
                name: $0,
                dependencies: ["CLibFuzzer", .product(name: "BotEngineTesting", package: mainPackage)],
                swiftSettings: strict
            )
        }
)
