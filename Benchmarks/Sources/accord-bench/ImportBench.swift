import AccordCore
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `accord import` end to end on synthetic Salesforce exports: the real binary in a fresh
/// folder, timed from start to exit, with the peak resident memory the kernel reports for it.
/// Names are drawn so that many rows share a blocking key (the same first letters in the same
/// country), and one row in twelve is another row's company again with its name spelt differently.
struct ImportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "accord import on exports of 10,000 and 500,000 rows: rows/s and peak memory.")

    @Option(help: "The accord binary (build it with 'swift build -c release').") var accord = ".build/release/accord"
    @Option(parsing: .upToNextOption, help: "Export sizes in rows.") var rows: [Int] = [10_000, 500_000]
    @Flag(help: "Work out the import without writing (accord import --dry-run).") var dryRun = false

    func run() async throws {
        let binary = URL(fileURLWithPath: accord).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no accord binary at \(binary); build it with 'swift build -c release' or name it with --accord")
        }
        for count in rows {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-import-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("accounts.csv")
            let bytes = try Self.export(rows: count, to: file)
            let files = ["--spec", folder.appendingPathComponent("accord.yaml").path, "--db", folder.appendingPathComponent("accord.db").path]
            _ = try Self.runChild(binary, ["init"] + files, in: folder)
            var arguments = ["import", "--source", "salesforce", file.path] + files
            if dryRun { arguments.append("--dry-run") }
            let run = try Self.runChild(binary, arguments, in: folder)
            guard run.status == 0 else { throw ValidationError("accord import exited \(run.status): \(run.output.suffix(2000))") }
            let created = run.output.split(separator: "\n").first { $0.contains("new accounts") }.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "?"
            print(
                """
                \(Format.count(count)) rows (\(Format.oneDecimal(Double(bytes) / 1_048_576)) MiB)\(dryRun ? ", dry run" : ""): \
                \(Format.oneDecimal(run.seconds)) s, \(Format.count(Int(Double(count) / run.seconds))) rows/s, \
                peak memory \(Format.count(run.peakKiB / 1024)) MiB; \(created)
                """)
        }
    }

    /// A Salesforce Data Loader export of `rows` accounts; returns its size in bytes.
    static func export(rows: Int, to url: URL) throws -> Int {
        var text = "\"Id\",\"Name\",\"Website\",\"NumberOfEmployees\",\"Industry\",\"BillingCountry\",\"OwnerId\"\n"
        text.reserveCapacity(rows * 110)
        SyntheticCompanies.generate(rows) { c in
            text += "\"\(c.id)\",\"\(c.name)\",\"https://www.\(c.domain)/\",\"\(c.seats)\",\"\(c.industry)\",\"\(c.country)\",\"\(c.owner)\"\n"
        }
        try text.write(to: url, atomically: false, encoding: .utf8)
        return text.utf8.count
    }

    struct ChildRun {
        var status: Int32
        var seconds: Double
        var peakKiB: Int
        var output: String
    }

    /// Runs a program to its end; wait4 gives that child's own peak resident memory.
    static func runChild(_ path: String, _ arguments: [String], in folder: URL, stdin: URL? = nil, environment: [String: String] = [:]) throws -> ChildRun {
        let outputFile = folder.appendingPathComponent("output-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, 2)
        if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin.path, O_RDONLY, 0) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        var variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.map { strdup("\($0.key)=\($0.value)") }
        variables.append(nil)
        defer { for pointer in variables { free(pointer) } }
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, variables)
        guard spawned == 0 else { throw ValidationError("cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = (ContinuousClock.now - start).seconds
        try handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(status: exit, seconds: seconds, peakKiB: usage.ru_maxrss, output: output)
    }
}
