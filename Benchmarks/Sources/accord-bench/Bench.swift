import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord-bench",
        abstract: "Accord's benchmarks. Each prints its figures; none is a pass/fail test.",
        subcommands: [IngestBench.self, ParseBench.self, DashboardBench.self, ImportBench.self, SyncBench.self, PlaysBench.self])
}
