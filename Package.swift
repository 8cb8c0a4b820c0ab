// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "accord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "AccordCore", targets: ["AccordCore"]),
        .library(name: "AccordStore", targets: ["AccordStore"]),
        .library(name: "AccordApp", targets: ["AccordApp"]),
        .library(name: "AccordServer", targets: ["AccordServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: spec, records, demo generator, metrics. No I/O.
        .target(
            name: "AccordCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // The specs `accord init` writes, as bytes in the binary.
            resources: [.embedInCode("Spec/Templates/full.yaml"), .embedInCode("Spec/Templates/compact.yaml")],
            swiftSettings: swiftSettings
        ),
        // Persistence behind the Store protocol.
        .target(
            name: "AccordStore",
            dependencies: [
                "AccordCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The use cases, the same for the API, the pages and the command line: one desk per
        // capability over the store protocols it needs.
        .target(
            name: "AccordApp",
            dependencies: [
                "AccordCore", "AccordStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP: the API, the pages and the background services of `accord serve`.
        .target(
            name: "AccordServer",
            dependencies: [
                "AccordCore", "AccordStore", "AccordApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // Embedded in the binary, so `accord` is one file to copy.
            resources: [
                .embedInCode("OpenAPI/openapi.yaml"),
                .embedInCode("Handoffs/Templates/handoff.mustache"),
                .embedInCode("Handoffs/Templates/handoffs.mustache"),
                .embedInCode("Handoffs/Templates/head.mustache"),
                .embedInCode("Handoffs/Templates/portfolio.mustache"),
                .embedInCode("Handoffs/Templates/row.mustache"),
                .embedInCode("Handoffs/Templates/triage.mustache"),
                .embedInCode("Metrics/Templates/card.mustache"),
                .embedInCode("Metrics/Templates/dashboard.mustache"),
                .embedInCode("Metrics/Templates/data-quality.mustache"),
                .embedInCode("Metrics/Templates/metric-accounts.mustache"),
                .embedInCode("Metrics/Templates/metric.mustache"),
                .embedInCode("Metrics/Templates/renewals.mustache"),
                .embedInCode("Outcomes/Templates/outcome-models.mustache"),
                .embedInCode("Outcomes/Templates/outcome-validation.mustache"),
                .embedInCode("Health/Templates/health-validation.mustache"),
                .embedInCode("Plays/Templates/today.mustache"),
                .embedInCode("Plays/Templates/plays.mustache"),
                .embedInCode("Plays/Templates/play.mustache"),
                .embedInCode("Saves/Templates/concessions.mustache"),
                .embedInCode("Saves/Templates/save-case.mustache"),
                .embedInCode("Saves/Templates/save-cases.mustache"),
                .embedInCode("Saves/Templates/win-back.mustache"),
                .embedInCode("Saves/Templates/win-back-campaigns.mustache"),
                .embedInCode("Saves/Templates/win-back-campaign.mustache"),
                .embedInCode("Saves/Templates/win-back-report.mustache"),
                .embedInCode("Program/Templates/program.mustache"),
                .embedInCode("Program/Templates/artifacts.mustache"),
                .embedInCode("Program/Templates/artifact.mustache"),
                .embedInCode("Program/Templates/monthly-review.mustache"),
                .embedInCode("Program/Templates/client-review.mustache"),
                .embedInCode("Program/Templates/quarterly-refresh.mustache"),
                .embedInCode("Program/Templates/rituals.mustache"),
                .embedInCode("Pages/Templates/account.mustache"),
                .embedInCode("Pages/Templates/audit.mustache"),
                .embedInCode("Pages/Templates/forbidden.mustache"),
                .embedInCode("Pages/Templates/home.mustache"),
                .embedInCode("Pages/Templates/layout.mustache"),
                .embedInCode("Pages/Templates/not-found.mustache"),
                .embedInCode("Pages/Templates/problem.mustache"),
                .embedInCode("Pages/Templates/sign-in.mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordCore", "AccordStore", "AccordApp", "AccordServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AccordCoreTests", dependencies: ["AccordCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AccordAppTests", dependencies: ["AccordApp", "AccordStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AccordStoreTests",
            dependencies: ["AccordStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccordServerTests",
            dependencies: [
                "AccordServer", "AccordApp",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
