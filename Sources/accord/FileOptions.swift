import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// `--spec` and `--db`, shared by every command. Each falls back to an environment variable,
/// then to a file in the current folder, so a newcomer can run commands bare.
struct FileOptions: ParsableArguments {
    @Option(name: .customLong("spec"), help: ArgumentHelp("The alignment spec (default: $ACCORD_SPEC or accord.yaml).", valueName: "file"))
    var specOption: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database (default: $ACCORD_DB or accord.db).", valueName: "file"))
    var dbOption: String?

    @Option(
        name: .customLong("database"),
        help: ArgumentHelp("A PostgreSQL database instead of the SQLite file (default: $ACCORD_DATABASE_URL).", valueName: "postgres://user@host/db"))
    var databaseOption: String?

    var specPath: String { specOption ?? environment("ACCORD_SPEC") ?? "accord.yaml" }
    var dbPath: String { dbOption ?? environment("ACCORD_DB") ?? "accord.db" }
    /// A PostgreSQL URL when one is given; `--db` on the command line wins over the environment's URL.
    var databaseURL: String? { databaseOption ?? (dbOption == nil ? environment("ACCORD_DATABASE_URL") : nil) }
    var specIsDefaulted: Bool { specOption == nil && environment("ACCORD_SPEC") == nil }

    private func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// Reads and validates the spec. With `fallback`, a missing default file means the built-in
    /// full template; a file that exists but has errors always stops the command.
    func loadSpec(fallback: Bool) throws -> (spec: Spec, origin: String) {
        let path = specPath
        guard FileManager.default.fileExists(atPath: path) else {
            if fallback && specIsDefaulted {
                return (SpecTemplate.defaultSpec, "built-in full template")
            }
            throw CLIError("spec \(path) not found; write one with 'accord init' or point --spec at yours")
        }
        let text = try readText(path)
        let result = SpecParser.read(text)
        guard let spec = result.spec, !result.diagnostics.hasErrors else {
            let errors = result.diagnostics.errors
            for diagnostic in errors.prefix(5) { Console.error(diagnostic.formatted(file: path)) }
            if errors.count > 5 { Console.error("… and \(errors.count - 5) more") }
            throw CLIError("spec \(path) has \(Format.count(errors.count)) error\(errors.count == 1 ? "" : "s"); 'accord check \(path)' lists them all")
        }
        var attached = spec
        try attached.attachIdentityModel(specPath: path)
        return (attached, path)
    }

    /// The PostgreSQL database when one is named, else the SQLite file.
    func openStore(at path: String? = nil) async throws -> SQLStore {
        do {
            if path == nil, let url = databaseURL { return try await PostgresStore(url: url) }
            return try SQLiteStore(path: path ?? dbPath)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }

    /// Where the data is, for messages.
    var databaseDescription: String {
        guard let url = databaseURL else { return dbPath }
        return (try? PostgresLocation(url).description) ?? url
    }
}

func readText(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CLIError("\(path) not found")
    }
    if isDirectory.boolValue { throw CLIError("\(path) is a folder, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError("\(path) cannot be read (permissions?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CLIError("\(path) is not UTF-8 text")
    }
    return text
}
