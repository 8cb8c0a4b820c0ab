import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Source: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write keys for the systems that send events (Segment-compatible ingestion).",
        subcommands: [Add.self, Rotate.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Register a source and print its new write key (shown once, on the last line); with --tap, write a ready-made Singer source into the spec.")

        @Argument(help: "The source's id, as in the spec's sources (e.g. product).")
        var name: String

        @Option(help: "crm, marketing_automation, cs_platform, product_analytics, support or billing.")
        var system: SourceDefinition.System?

        @Option(
            help: ArgumentHelp("A standard tap with a ready-made definition (\(ReadyMadeSource.all.map(\.tap).joined(separator: ", "))).", valueName: "tap"))
        var tap: String?

        @Option(help: "With --tap: the person who owns the source's sync failures (default: the spec's first revops person).")
        var owner: String?

        @Option(help: "With --tap: the first day the tap reads from, YYYY-MM-DD (default: a year ago).")
        var start: String?

        @OptionGroup var files: FileOptions

        func validate() throws {
            guard name.range(of: #"^[a-z][a-z0-9_\-]{0,62}$"#, options: .regularExpression) != nil else {
                throw ValidationError("source name '\(name)' must start with a lower-case letter and hold only a-z, 0-9, _ and -")
            }
            if tap == nil, system == nil { throw ValidationError("give the source's --system (a system that sends events), or --tap for one Accord syncs") }
            if let tap, ReadyMadeSource.named(tap) == nil {
                throw ValidationError(
                    "there is no ready-made definition for '\(tap)'; the ready-made taps are \(ReadyMadeSource.all.map(\.tap).joined(separator: ", ")), or write the source's sync block by hand (README, Syncing through Singer taps)"
                )
            }
            if let start, Day(iso: start) == nil { throw ValidationError("--start '\(start)' is not a date; give YYYY-MM-DD") }
        }

        func run() async throws {
            if let tap, let made = ReadyMadeSource.named(tap) { return try addTap(made) }
            guard let system else { return }
            try await reportingErrors {
                let spec = try? files.loadSpec(fallback: true).spec
                if let declared = spec?.sources.first(where: { $0.id == name }), declared.system != system {
                    throw CLIError("source '\(name)' is a \(declared.system.rawValue) system in the spec, not \(system.rawValue)")
                }
                let store = try await files.openStore()
                if try await storeCall({ try await store.sourceKeys() }).contains(where: { $0.source == name }) {
                    throw CLIError("source '\(name)' already has a write key; replace it with 'accord source rotate \(name)'")
                }
                let key = WriteKeys.generate()
                let saved = SourceKey(source: name, system: system.rawValue, keyHash: WriteKeys.hash(key), hint: String(key.suffix(4)), createdAt: .now)
                try await storeCall { try await store.saveSourceKey(saved, audit: .cli("source.created", target: "source:\(name)", after: saved.publicJSON)) }
                if spec?.sources.contains(where: { $0.id == name }) == false {
                    Console.out("Note: '\(name)' is not among the spec's sources yet; add it there to give it field mappings.")
                }
                Console.out("Source '\(name)' (\(system.rawValue)) can send events now. Its write key is shown once; store it in your secret manager:")
                Console.out(key)
            }
        }

        /// Writes the ready-made source into the spec file (in place of a source of the same id),
        /// checked before it is saved, and says what to install and set before the first sync.
        func addTap(_ made: ReadyMadeSource) throws {
            try reportingErrorsSync {
                let path = files.specPath
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CLIError("no spec at \(path); write one with 'accord init' first")
                }
                let text = String(decoding: data, as: UTF8.self)
                let current = SpecParser.read(text).spec
                let person =
                    owner ?? current?.sources.first(where: { $0.id == name })?.notify.first
                    ?? current?.people.first(where: { $0.role == .revops })?.id ?? current?.people.first?.id ?? "owner"
                let first = start ?? Day.today.adding(days: -365).iso
                let updated = ReadyMadeSource.insert(made.block(id: name, owner: person, start: first), id: name, into: text)
                let read = SpecParser.read(updated)
                let errors = read.diagnostics.filter { $0.severity == .error }
                guard errors.isEmpty else {
                    throw CLIError("the spec would not be valid with '\(name)' added, so it is unchanged:\n" + errors.map { "  \($0)" }.joined(separator: "\n"))
                }
                guard FileManager.default.createFile(atPath: path, contents: Data(updated.utf8)) else { throw CLIError("cannot write \(path)") }
                let replaced = current?.sources.contains { $0.id == name } == true
                Console.out(
                    "\(replaced ? "Replaced" : "Added") source '\(name)' (\(made.system.rawValue), \(made.tap) \(made.version)) in \(path), owned by \(person)."
                )
                Console.out("Next:")
                Console.out("  1. install the tap:  \(made.install)")
                Console.out("  2. set its secrets:  \(made.secrets.map { "export \($0)=..." }.joined(separator: "; "))")
                Console.out(
                    "  3. first sync:       accord sync run \(name)   (then 'accord serve' runs it \(read.spec?.sources.first { $0.id == name }?.schedule ?? "hourly"))"
                )
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a source's write key; the old key stops working within seconds. Prints the new key on the last line.")

        @Argument(help: "The source's id.")
        var name: String

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                guard let existing = try await storeCall({ try await store.sourceKeys() }).first(where: { $0.source == name }) else {
                    throw CLIError("source '\(name)' has no write key; create one with 'accord source add \(name) --system SYSTEM'")
                }
                let (rotated, key) = WriteKeys.rotate(existing, at: .now)
                try await storeCall {
                    try await store.saveSourceKey(
                        rotated, audit: .cli("source.key_rotated", target: "source:\(name)", before: existing.publicJSON, after: rotated.publicJSON))
                }
                Console.out("The write key of '\(name)' is replaced; the old one (…\(existing.hint)) no longer works. New key, shown once:")
                Console.out(key)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sources with write keys, and spec sources still without one.")

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                let keys = try await storeCall { try await store.sourceKeys() }
                let spec = try? files.loadSpec(fallback: true).spec
                for key in keys {
                    Console.out(
                        "\(key.source)  \(key.system)  key …\(key.hint)  created \(key.createdAt.day.iso)\(key.rotatedAt.map { ", rotated \($0.day.iso)" } ?? "")"
                    )
                }
                for source in spec?.sources ?? [] where !keys.contains(where: { $0.source == source.id }) {
                    Console.out("\(source.id)  \(source.system.rawValue)  no key yet: accord source add \(source.id) --system \(source.system.rawValue)")
                }
            }
        }
    }
}

extension SourceDefinition.System: ExpressibleByArgument {}
