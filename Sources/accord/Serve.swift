import AccordApp
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

    @Flag(help: "Start on a fresh demo database (a temporary file unless --db or --database names one; its data is replaced).")
    var demo = false

    @Option(name: .customLong("demo-accounts"), help: "Accounts in the demo company.")
    var demoAccounts = 1000

    @Flag(help: "Mark the session cookie Secure; use when people reach Accord over HTTPS (a TLS proxy in front).")
    var secureCookies = false

    @Option(help: "Requests a second allowed per API token, person or address (bursts up to 10 times that).")
    var rateLimit: Double = 20

    @Option(name: .customLong("sla-check-seconds"), help: "How often to look for handoffs past their SLA (one replica does each look).")
    var slaCheckSeconds: Double = 60

    @Option(name: .customLong("sync-check-seconds"), help: "How often to look for a source whose tap is due.")
    var syncCheckSeconds: Double = 30

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may wait for a request's head (from its start or the last answer).")
    var idleTimeout: Double = 30

    @Option(name: .customLong("body-timeout"), help: "Seconds from a request's head to the end of its body; a stalled body is cut off.")
    var bodyTimeout: Double = 30

    @Option(name: .customLong("max-connections"), help: "Open connections at once; more wait until one closes.")
    var maxConnections = 1_024

    @OptionGroup var files: FileOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard (1...1_000_000).contains(demoAccounts) else { throw ValidationError("--demo-accounts must be between 1 and 1,000,000") }
        guard rateLimit > 0, rateLimit <= 1_000_000 else { throw ValidationError("--rate-limit must be a positive number of requests a second") }
        guard slaCheckSeconds >= 0.1, slaCheckSeconds <= 86_400 else { throw ValidationError("--sla-check-seconds must be between 0.1 and 86,400") }
        guard syncCheckSeconds >= 0.1, syncCheckSeconds <= 86_400 else { throw ValidationError("--sync-check-seconds must be between 0.1 and 86,400") }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--body-timeout", bodyTimeout)] where !(0.1...3_600).contains(value) {
            throw ValidationError("\(name) must be between 0.1 and 3,600 seconds")
        }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 1 and 1,000,000") }
    }

    func run() async throws {
        try await reportingErrors {
            let (spec, origin) = try files.loadSpec(fallback: demo)
            let store: SQLStore
            let dbPath: String
            var temporaryFolder: String?
            // The demo's temporary database goes when the server stops.
            defer { if let temporaryFolder { try? FileManager.default.removeItem(atPath: temporaryFolder) } }
            if files.databaseURL != nil {
                dbPath = files.databaseDescription
                store = try await files.openStore()
            } else if demo {
                if let named = files.dbOption ?? ProcessInfo.processInfo.environment["ACCORD_DB"].flatMap({ $0.isEmpty ? nil : $0 }) {
                    dbPath = named
                } else {
                    dbPath = Self.temporaryDatabase()
                    temporaryFolder = (dbPath as NSString).deletingLastPathComponent
                }
                store = try await files.openStore(at: dbPath)
            } else {
                dbPath = files.dbPath
                store = try await files.openStore(at: dbPath)
            }
            if demo {
                try await DemoLoader.load(into: store, path: dbPath, spec: spec, accounts: demoAccounts, seed: 42, asOf: Day.today, replace: true)
                try await OutcomeModelDesk(spec: spec, store: store).seedDemoHistory(asOf: .now)
            }
            _ = try await storeCall { try await SpecHistory.record(spec, origin: origin, store: store, at: .now, actor: "spec-file") }
            // A model new to the database, or changed in the spec, waits as a draft for its signers.
            _ = try await storeCall { try await OutcomeModelDesk(spec: spec, store: store).syncFromSpec(at: .now, actor: "spec-file") }
            let demoPeople = demo ? try await Self.demoPasswords(spec: spec, store: store) : []
            var logger = Logger(label: "accord")
            logger.logLevel = .warning
            var limits = ServerConfiguration.Limits()
            limits.requestsPerSecond = rateLimit
            limits.burst = rateLimit * 10
            limits.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
            limits.bodyTimeout = .milliseconds(Int64(bodyTimeout * 1000))
            limits.maximumConnections = maxConnections
            var configuration = ServerConfiguration(
                host: host, port: port, spec: spec, store: store, specOrigin: origin, logger: logger, limits: limits, secureCookies: secureCookies)
            configuration.slaCheckInterval = .milliseconds(Int64(slaCheckSeconds * 1000))
            configuration.syncCheckInterval = .milliseconds(Int64(syncCheckSeconds * 1000))
            // Taps, their configs and catalogs are named relative to the spec's folder.
            let specFolder = (files.specPath as NSString).deletingLastPathComponent
            configuration.syncFolder = specFolder.isEmpty ? FileManager.default.currentDirectoryPath : specFolder
            do {
                try await runServer(configuration) { host, port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Console.out("Accord is serving http://\(shown):\(port)/ (database \(dbPath), spec \(origin)). Press Ctrl-C to stop.")
                    Console.out("Events: POST http://\(shown):\(port)/v1/batch with a write key from 'accord source add NAME --system SYSTEM'.")
                    if !demoPeople.isEmpty {
                        Console.out(
                            "Sign in at http://\(shown):\(port)/sign-in as one of these \(demoPeople.count) demo people (passwords made for this run only):")
                        for (person, password) in demoPeople {
                            Console.out(
                                "  \(person.function.padding(toLength: 10, withPad: " ", startingAt: 0)) \(person.email.padding(toLength: 34, withPad: " ", startingAt: 0)) \(password)   (\(person.name), \(person.role.rawValue))"
                            )
                        }
                    }
                }
            } catch let error as ServerError {
                throw CLIError(error.description)
            }
        }
    }

    /// One person per function (its leader when it has one) plus the admin, each with a fresh
    /// random password: a newcomer is in at once, and no installation ships a default password.
    static func demoPasswords(spec: Spec, store: any Store) async throws -> [(Person, String)] {
        var chosen: [Person] = []
        for function in spec.functions {
            let members = spec.people(in: function.id)
            if let person = members.first(where: { $0.role == .leader }) ?? members.first { chosen.append(person) }
        }
        if let admin = spec.people.first(where: { $0.role == .admin }), !chosen.contains(admin) { chosen.append(admin) }
        var result: [(Person, String)] = []
        for person in chosen {
            let password = "demo-" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))
            let audit = Passwords.auditEntry(person: person, actor: "demo", origin: "local", at: .now, hadPassword: false)
            // A lower bcrypt cost than for real passwords: the demo starts in under a second.
            try await storeCall { try await store.setPassword(personID: person.id, hash: Passwords.hash(password, cost: 8), audit: audit) }
            result.append((person, password))
        }
        return result
    }

    private static func temporaryDatabase() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("accord.db").path
    }
}
