/// The demo company's sync log: the runs its batch sources (CRM, marketing automation, CS
/// platform, support, billing) would have left over the last day (a day sync, the last two weeks),
/// with the streams their standard taps send and what each run read. One run of the support
/// source fails (its API token was rotated) and the next recovers, so the data-quality page shows a
/// failure, who was told, and the recovery. The product source is the realtime Segment path and
/// has no runs. Ends when the as-of day begins, so nothing is dated after the demo's history.
public enum DemoSyncHistory {
    /// What a source's standard tap sends, and how many records of each change per 1,000 accounts in an hour.
    static let streams: [SourceDefinition.System: [(String, Double)]] = [
        .crm: [("Account", 3), ("Contact", 6), ("Opportunity", 2), ("User", 0.1)],
        .marketingAutomation: [("companies", 2), ("contacts", 9), ("form_submissions", 4), ("owners", 0.05)],
        .csPlatform: [("companies", 2), ("company_persons", 4)],
        .support: [("organizations", 0.5), ("users", 2), ("tickets", 5), ("satisfaction_ratings", 1.5)],
        .billing: [("customers", 0.5), ("subscriptions", 1), ("subscription_items", 1.2), ("invoices", 2)],
    ]

    /// How far back the failed run of the support source is, in runs; the one after it recovers.
    static let failedRunsBack = 4

    public static func runs(sources: [SourceDefinition], accounts: Int, asOf: Day) -> [SyncRun] {
        let end = Int64(asOf.number) * 86_400_000
        let scale = Double(accounts) / 1000
        var runs: [SyncRun] = []
        let failing = sources.first { $0.system == .support }?.id
        for (position, source) in sources.enumerated() {
            guard let streams = streams[source.system] else { continue }
            var rng = SeededRandom(seed: UInt64(StableHash.hex("demo-sync:\(source.id)").prefix(16), radix: 16) ?? 1)
            // A source synced more often than hourly is shown hourly: its reconciling sync, not each webhook.
            let every = max(3600, source.intervalSeconds(at: Instant(milliseconds: end)))
            let count = every >= 86_400 ? 14 : 24
            let minute = Int64(5 + position * 7) * 60_000
            for back in (1...count).reversed() {
                let started = Instant(milliseconds: end - Int64(back) * Int64(every) * 1000 + minute)
                var run = SyncRun(id: 0, source: source.id, trigger: .schedule, holder: "demo", startedAt: started, stateBefore: nil)
                let fails = source.id == failing && back == failedRunsBack
                let backlog = source.id == failing && back == failedRunsBack - 1 ? 2.5 : 1
                for (index, (stream, perHour)) in streams.enumerated() where !fails || index == 0 {
                    let mean = perHour * scale * Double(every) / 3600 * backlog
                    var counts = StreamCounts()
                    counts.read = max(0, Int((mean * rng.double(0.4...1.6)).rounded()))
                    counts.created = Int((Double(counts.read) * rng.double(0.1...0.35)).rounded())
                    counts.updated = counts.read - counts.created
                    run.streams[stream] = counts
                }
                run.stderrTail =
                    fails
                    ? "INFO Syncing stream: organizations\nERROR 401 Client Error: Unauthorized for url: /api/v2/incremental/tickets/cursor.json "
                        + "(Couldn't authenticate you)\nCRITICAL Couldn't authenticate you: the API token was rotated" : nil
                let seconds = Int64(rng.int(20...140)) * 1000
                let exit = TapExit(code: fails ? 1 : 0)
                if let finished = try? SyncRunStateMachine.finish(
                    run, exit: exit, expected: streams.map(\.0), stateAfter: nil, at: Instant(milliseconds: started.milliseconds + seconds))
                {
                    runs.append(finished)
                }
            }
        }
        return runs.sorted { ($0.startedAt.milliseconds, $0.source) < ($1.startedAt.milliseconds, $1.source) }
    }
}
