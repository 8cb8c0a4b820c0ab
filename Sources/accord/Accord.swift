import ArgumentParser

@main
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "The customer-success alignment engine: one outcome model, real handoffs, one client record, one dashboard.",
        discussion: """
            Start here:
              accord init          write accord.yaml, the alignment spec
              accord check         validate it
              accord demo          fill accord.db with a synthetic company
              accord serve         open the dashboard (accord serve --demo does all of it at once)
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Check.self, Demo.self, Serve.self, Stats.self, Source.self, Events.self, User.self, Token.self, Link.self, Import.self, Resolve.self,
            Merge.self, Unmerge.self, Merges.self, HandoffCommand.self, WebhookCommand.self, Report.self, Migrate.self, Load.self, SyncCommand.self,
            TaskCommand.self, PlayCommand.self, SaveCommand.self, WinBackCommand.self, ProgramCommand.self, ArtifactsCommand.self,
        ]
    )
}
