import AccordCore
import ArgumentParser
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate an alignment spec; every problem is printed as file:line:column.")

    @Argument(help: ArgumentHelp("The spec to check (default: $ACCORD_SPEC or accord.yaml).", valueName: "file"))
    var file: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let path = file ?? files.specPath
            let text = try readText(path)
            var result = SpecParser.read(text)
            // The taps' catalogs, where the spec names them: streams and mapped fields are checked against them.
            let catalogs = Self.catalogs(of: result.spec, folder: (path as NSString).deletingLastPathComponent)
            if !catalogs.isEmpty { result = SpecParser.read(text, catalogs: catalogs) }
            for diagnostic in result.diagnostics { Console.out(diagnostic.formatted(file: path)) }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.count - errors
            if errors > 0 {
                Console.error("\(path): \(Format.count(errors)) error\(errors == 1 ? "" : "s"), \(Format.count(warnings)) warning\(warnings == 1 ? "" : "s")")
                throw ExitCode.failure
            }
            var spec = result.spec!
            try spec.attachIdentityModel(specPath: path)
            Console.out("\(path) is valid: \(spec.summary)\(warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "").")
        }
    }

    static func catalogs(of spec: Spec?, folder: String) -> [String: TapCatalog] {
        var catalogs: [String: TapCatalog] = [:]
        for file in spec?.sources.compactMap({ $0.sync?.catalogFile }) ?? [] where catalogs[file] == nil && file != SyncDefinition.discoverCatalog {
            let full = file.hasPrefix("/") ? file : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: full) else {
                catalogs[file] = .unreadable("no file at \(full)")
                continue
            }
            do {
                catalogs[file] = .read(try JSONParser.parse(String(decoding: data, as: UTF8.self)))
            } catch {
                catalogs[file] = .unreadable("it is not JSON (\(error))")
            }
        }
        return catalogs
    }
}
