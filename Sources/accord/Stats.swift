import ArgumentParser

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Row counts per table and a digest of the whole content, to compare two databases.")

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let store = try await files.openStore()
            Console.out("\(files.databaseDescription):")
            printStatistics(try await storeCall { try await store.statistics() })
        }
    }
}
