extension Notice {
    /// Who hears about a sync, and when: the first failed or partial run of a streak tells the
    /// source's owner, the people its errors notify and the IT partners; the first ok run after a
    /// streak tells them it recovered. Every other run is silent, so a source failing each hour
    /// is one notice, not one an hour. `previous` is the status of the run before this one.
    public static func syncNotices(_ run: SyncRun, previous: SyncRun.Status?, source: SourceDefinition, spec: Spec) -> [Notice] {
        let trouble: Set<SyncRun.Status> = [.failed, .partial]
        let kind: String
        let text: String
        if trouble.contains(run.status), previous.map({ !trouble.contains($0) }) ?? true {
            kind = "sync.failed"
            text = "The \(source.id) sync \(run.status == .failed ? "failed" : "was partial") (run \(run.id)): \(run.error ?? "see accord sync runs")"
        } else if run.status == .ok, let previous, trouble.contains(previous) {
            kind = "sync.recovered"
            let read = run.streams.values.reduce(0) { $0 + $1.read }
            text = "The \(source.id) sync works again (run \(run.id), \(Format.count(read)) records read)"
        } else {
            return []
        }
        var people: [String] = []
        for person in [source.sync?.owner].compactMap({ $0 }) + source.notify + spec.people.filter({ $0.role == .itPartner }).map(\.id)
        where !people.contains(person) {
            people.append(person)
        }
        let functions = people.compactMap { spec.person($0)?.function }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var body: [String: JSONValue] = [
            "type": .string(kind), "source": .string(source.id), "run_id": .number(Double(run.id)), "status": .string(run.status.rawValue),
            "recipients": .array(people.map(JSONValue.string)), "text": .string(text),
        ]
        if let error = run.error { body["error"] = .string(error) }
        return [Notice(kind: kind, people: people, functions: functions, body: .object(body), text: text)]
    }
}
