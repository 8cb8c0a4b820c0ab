// swift-tools-version:6.1
// Benchmarks live in their own package so that the main build and the test suite do not pay
// for the HTTP client they need. Run from the repository root:
//   swift run -c release --package-path Benchmarks accord-bench ingest
import PackageDescription

let package = Package(
    name: "accord-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "accord", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "accord-bench",
            dependencies: [
                .product(name: "AccordCore", package: "accord"),
                .product(name: "AccordStore", package: "accord"),
                .product(name: "AccordApp", package: "accord"),
                .product(name: "AccordServer", package: "accord"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        )
    ]
)
