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
            abstract: "Register a source and print its new write key (shown once, on the last line).")

        @Argument(help: "The source's id, as in the spec's sources (e.g. product).")
        var name: String

        @Option(help: "crm, marketing_automation, cs_platform, product_analytics, support or billing.")
        var system: SourceDefinition.System

        @OptionGroup var files: FileOptions

        func validate() throws {
            guard name.range(of: #"^[a-z][a-z0-9_\-]{0,62}$"#, options: .regularExpression) != nil else {
                throw ValidationError("source name '\(name)' must start with a lower-case letter and hold only a-z, 0-9, _ and -")
            }
        }

        func run() async throws {
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
