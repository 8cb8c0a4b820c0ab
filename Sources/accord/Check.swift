import AccordCore
import ArgumentParser

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate an alignment spec; every problem is printed as file:line:column.")

    @Argument(help: ArgumentHelp("The spec to check (default: $ACCORD_SPEC or accord.yaml).", valueName: "file"))
    var file: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let path = file ?? files.specPath
            let result = SpecParser.read(try readText(path))
            for diagnostic in result.diagnostics { Console.out(diagnostic.formatted(file: path)) }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.count - errors
            if errors > 0 {
                Console.error("\(path): \(Format.count(errors)) error\(errors == 1 ? "" : "s"), \(Format.count(warnings)) warning\(warnings == 1 ? "" : "s")")
                throw ExitCode.failure
            }
            let spec = result.spec!
            Console.out("\(path) is valid: \(spec.summary)\(warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "").")
        }
    }
}
