// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// Microbenchmarks of the bot's hot path (README, "Performance"), apart from the main package so that
// `make test` never builds the benchmark library. Run with `make bench-micro`, or here:
// `swift package --scratch-path .build-micro benchmark`.
let package = Package(
    name: "redgreen-micro",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "redgreen-bots", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "HotPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BotEngine", package: "redgreen-bots"),
                .product(name: "BotLocalization", package: "redgreen-bots"),
                .product(name: "BotStore", package: "redgreen-bots"),
                .product(name: "BotSupport", package: "redgreen-bots"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HotPath",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
