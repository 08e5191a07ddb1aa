// swift-tools-version:6.2
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// Every target of ours: Swift 6 language mode, and a warning fails the build.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "redgreen-bots",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "redgreen-bot", targets: ["redgreen-bot"]),
        .library(name: "BotEngine", targets: ["BotEngine"]),
        .library(name: "BotLocalization", targets: ["BotLocalization"]),
        .library(name: "BotStore", targets: ["BotStore"]),
        .library(name: "BotSupport", targets: ["BotSupport"]),
        // For the fuzz package in Fuzz/, whose targets drive the same entry points as the tests.
        .library(name: "BotEngineTesting", targets: ["BotEngineTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        // Hummingbird's own dependencies, named for the telemetry server's connection handler.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
    ],
    targets: [
        // C libraries, reached only through their one Swift wrapper each.
        // No pkgConfig on either: their .pc files add -D_FILE_OFFSET_BITS=64, which SwiftPM drops with a
        // warning on every build. Debian installs both headers on the default include path
        // (<hiredis/hiredis.h>, <curl/curl.h>) and each module map links its library.
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // cairo draws the trend picture and writes (and, in tests, reads) its PNG; <cairo/cairo.h> is on
        // the default include path too.
        .systemLibrary(name: "CCairo", providers: [.apt(["libcairo2-dev"])]),
        // libpng writes the trend picture's PNG with a filter and zlib level of our choosing, which
        // cairo's PNG writer leaves at libpng's slow defaults (libcairo2-dev depends on libpng-dev).
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),

        // Swift's global executor for the bot's process: threads of its own instead of libdispatch's pool,
        // whose monitor would wake every bot once a second for ever (docs/performance.md). The executable's only.
        .target(name: "CGlobalExecutor"),
        // Runs blocking C calls on a dedicated thread, off the cooperative pool.
        .target(name: "BlockingIO", swiftSettings: strict),
        .target(
            name: "RedisClient",
            dependencies: ["CHiredis", "BlockingIO", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl", "BlockingIO"],
            swiftSettings: strict
        ),
        // The only importer of CCairo and CPNG: a canvas that draws shapes and writes PNG, and a PNG reader.
        .target(name: "CairoCanvas", dependencies: ["CCairo", "CPNG"], swiftSettings: strict),
        // The bottom of the bot's own code: YAML tree, text files, durations, clocks, secrets, small
        // concurrency helpers, the draw itself and how a game's JSON becomes draws. No Redis, no HTTP, no sinks.
        .target(name: "BotSupport", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // The localization engine: locales, CLDR rules, the message language, rendering and checks.
        // Knows nothing of Redis, sinks or roles (docs/locales.md, "The engine as a library").
        .target(
            name: "BotLocalization",
            dependencies: ["BotSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The shared state: snapshot, ledger, sink state, the Redis key layout, their Redis
        // implementations and in-memory twins. The only RedisClient user besides the assembly and `status`.
        .target(
            name: "BotStore",
            dependencies: [
                "BotSupport", "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BotEngine",
            dependencies: [
                "BotSupport", "BotLocalization", "BotStore", "RedisClient", "CurlHTTP", "BlockingIO", "CairoCanvas",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GameSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The bot's /metrics, /healthz and /readyz over HTTP, with the Prometheus backend.
        .target(
            name: "BotTelemetry",
            dependencies: [
                "BotEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // `redgreen-bot locales serve`: the translators' workbench, a local page of every locale's messages (Hummingbird).
        .target(
            name: "LocaleWorkbench",
            dependencies: [
                "BotEngine", "GameSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Test fixtures below the engine: redis-server and Sentinel processes, free ports, repository
        // paths, and the draws, responses and feeds the unit tests build.
        .target(
            name: "TestHarness",
            dependencies: ["BotSupport"],
            swiftSettings: strict
        ),
        .target(
            name: "BotEngineTesting",
            dependencies: ["BotEngine", "BotStore", "CurlHTTP", "TestHarness", .product(name: "InMemoryLogging", package: "swift-log")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "redgreen-bot",
            dependencies: [
                "BotEngine", "BotStore", "GameSimulator", "BotTelemetry", "LocaleWorkbench", "CGlobalExecutor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: [
                "RedisClient", "TestHarness", .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BlockingIOTests", dependencies: ["BlockingIO", "TestHarness"], swiftSettings: strict),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "BlockingIO", "GameSimulator", "TestHarness"], swiftSettings: strict),
        .testTarget(
            name: "BotEngineTests",
            dependencies: [
                "BotEngine", "BotStore", "BotEngineTesting", "CurlHTTP", "GameSimulator", "CairoCanvas", "BlockingIO", "BotSupport", "TestHarness",
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BotSupportTests", dependencies: ["BotSupport", "TestHarness"], swiftSettings: strict),
        .testTarget(name: "BotStoreTests", dependencies: ["BotStore", "BotSupport", "TestHarness"], swiftSettings: strict),
        .testTarget(
            name: "BotLocalizationTests", dependencies: ["BotLocalization", "BotSupport", "TestHarness"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "BotEngine", "BotStore", "BotEngineTesting", "GameSimulator", "TestHarness", "BotTelemetry", "CurlHTTP", "RedisClient", "CairoCanvas",
                "LocaleWorkbench",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
