import AccordApp
import AccordCore
import AccordStore

extension QualityPagesController {
    /// Each source with a tap, or with runs another runner recorded: its last run, when the next
    /// is due, what it read and rejected; and the latest runs with their detail and who each one told.
    func syncHealth() async throws -> (sources: [[String: Any]], runs: [[String: Any]]) {
        let runs = try await syncs.store.syncRuns(source: nil, limit: 20)
        let spec = syncs.spec
        var sources: [[String: Any]] = []
        let freshness = try await syncs.store.syncFreshness()
        let ran = Set(freshness.keys)
        for source in spec.sources where source.sync?.tap.isEmpty == false || ran.contains(source.id) {
            let last = try await syncs.store.syncRuns(source: source.id, limit: 1).first
            let runsTap = source.sync?.tap.isEmpty == false
            // Only sources Accord watches turn stale: those that sync through a tap or `accord load` streams.
            let watched = source.sync?.streams.isEmpty == false
            let stale = watched && freshness[source.id]?.staleSince(frequencySeconds: source.intervalSeconds(at: now()), now: now()) != nil
            let wait = last.map { SyncSchedule.wait(after: [$0], frequency: source.intervalSeconds(at: now())) } ?? 0
            let next = runsTap ? last.map { Format.clock(source.nextDue(after: $0.startedAt, wait: wait)) } ?? "at the next check" : "by its own runner"
            sources.append([
                "id": source.id, "frequency": source.schedule, "status": last?.status.rawValue ?? "never run",
                "last": last.map { Format.clock($0.startedAt) } ?? "—", "next": next,
                "read": Format.count(last?.streams.values.reduce(0) { $0 + $1.read } ?? 0),
                "rejected": Format.count(last?.streams.values.reduce(0) { $0 + $1.rejected } ?? 0), "error": last?.error ?? "",
                "stale": stale ? "stale: no successful run within twice its frequency" : false,
            ])
        }
        let told = try await notices(of: runs)
        let rows = runs.map { run -> [String: Any] in
            [
                "id": run.id, "source": run.source, "trigger": run.trigger.rawValue, "status": run.status.rawValue, "started": Format.clock(run.startedAt),
                "streams": run.streams.sorted { $0.key < $1.key }.map { name, counts in
                    "\(name): \(Format.count(counts.read)) read, \(Format.count(counts.created)) new, \(Format.count(counts.updated)) updated, \(Format.count(counts.rejected)) rejected"
                }.joined(separator: "; "),
                "error": run.error ?? "", "told": told[run.id] ?? "",
            ]
        }
        return (sources, rows)
    }

    /// What each run's end announced and to whom, by name: worked out again from the run before it,
    /// as the run's end did, so the page shows it whether or not a webhook carried it.
    func notices(of runs: [SyncRun]) async throws -> [Int64: String] {
        let spec = syncs.spec
        var told: [Int64: String] = [:]
        for sourceID in Set(runs.map(\.source)) {
            guard let source = spec.sources.first(where: { $0.id == sourceID }) else { continue }
            let history = try await syncs.store.syncRuns(source: sourceID, limit: 40).filter { $0.status != .running }.sorted { $0.id < $1.id }
            for (index, run) in history.enumerated() where runs.contains(where: { $0.id == run.id }) {
                let previous = index > 0 ? history[index - 1].status : nil
                guard let notice = Notice.syncNotices(run, previous: previous, source: source, spec: spec).first else { continue }
                let names = notice.people.map { spec.person($0)?.name ?? $0 }
                told[run.id] = "\(notice.kind == "sync.failed" ? "failure" : "recovery") told to \(names.joined(separator: ", "))"
            }
        }
        return told
    }
}
