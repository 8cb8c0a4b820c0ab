import AccordCore
import AccordServer
import AccordStore
import ArgumentParser
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Accord server: JSON API, health check and web pages.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @Flag(help: "Start on a fresh demo database (a temporary file unless --db names one).")
    var demo = false

    @Option(name: .customLong("demo-accounts"), help: "Accounts in the demo company.")
    var demoAccounts = 1000

    @OptionGroup var files: FileOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard (1...1_000_000).contains(demoAccounts) else { throw ValidationError("--demo-accounts must be between 1 and 1,000,000") }
    }

    func run() async throws {
        try await reportingErrors {
            let (spec, origin) = try files.loadSpec(fallback: demo)
            let store: SQLiteStore
            let dbPath: String
            if demo {
                dbPath = files.dbOption ?? ProcessInfo.processInfo.environment["ACCORD_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.temporaryDatabase()
                store = try files.openStore(at: dbPath)
                try await DemoLoader.load(into: store, path: dbPath, spec: spec, accounts: demoAccounts, seed: 42, asOf: Day.today, replace: true)
            } else {
                dbPath = files.dbPath
                store = try files.openStore(at: dbPath)
            }
            var logger = Logger(label: "accord")
            logger.logLevel = .warning
            let configuration = ServerConfiguration(host: host, port: port, spec: spec, store: store, specOrigin: origin, logger: logger)
            do {
                try await runServer(configuration) { host, port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Console.out("Accord is serving http://\(shown):\(port)/ (database \(dbPath), spec \(origin)). Press Ctrl-C to stop.")
                    Console.out("Events: POST http://\(shown):\(port)/v1/batch with a write key from 'accord source add NAME --system SYSTEM'.")
                }
            } catch let error as ServerError {
                throw CLIError(error.description)
            }
        }
    }

    private static func temporaryDatabase() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("accord.db").path
    }
}
