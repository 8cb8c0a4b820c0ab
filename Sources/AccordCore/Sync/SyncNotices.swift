extension Notice {
    /// Who hears about a sync, and when: the first failed or partial run of a streak tells the
    /// source's owner, the people its errors notify and the IT partners; the first ok run after a
    /// streak tells them it recovered. Every other run is silent, so a source failing each hour
    /// is one notice, not one an hour. `previous` is the status of the run before this one;
    /// `wasStale` says the source was told to be stale, so an ok run is a recovery too.
    public static func syncNotices(_ run: SyncRun, previous: SyncRun.Status?, wasStale: Bool = false, source: SourceDefinition, spec: Spec) -> [Notice] {
        let trouble: Set<SyncRun.Status> = [.failed, .partial]
        let kind: String
        let text: String
        if trouble.contains(run.status), previous.map({ !trouble.contains($0) }) ?? true {
            kind = "sync.failed"
            text = "The \(source.id) sync \(run.status == .failed ? "failed" : "was partial") (run \(run.id)): \(run.error ?? "see accord sync runs")"
        } else if run.status == .ok, wasStale || previous.map({ trouble.contains($0) }) ?? false {
            kind = "sync.recovered"
            let read = run.streams.values.reduce(0) { $0 + $1.read }
            text = "The \(source.id) sync works again (run \(run.id), \(Format.count(read)) records read)"
        } else {
            return []
        }
        let (people, functions) = syncRecipients(source, spec: spec)
        var body: [String: JSONValue] = [
            "type": .string(kind), "source": .string(source.id), "run_id": .number(Double(run.id)), "status": .string(run.status.rawValue),
            "recipients": .array(people.map(JSONValue.string)), "text": .string(text),
        ]
        if let error = run.error { body["error"] = .string(error) }
        return [Notice(kind: kind, people: people, functions: functions, body: .object(body), text: text)]
    }

    /// A source whose tap has not worked within twice its frequency: told once to the same people
    /// as a failure, until a run works again.
    public static func staleNotice(
        source: SourceDefinition, since: Instant, lastOK: Instant?, spec: Spec
    ) -> Notice {
        let (people, functions) = syncRecipients(source, spec: spec)
        let last = lastOK.map { "its last good run ended \($0.iso)" } ?? "no run of it has worked yet"
        let text =
            "The \(source.id) sync is stale: \(last), and it runs \(source.schedule); check `accord sync status` and whether accord serve is running"
        var body: [String: JSONValue] = [
            "type": "sync.stale", "source": .string(source.id), "stale_since": .string(since.iso), "recipients": .array(people.map(JSONValue.string)),
            "text": .string(text),
        ]
        if let lastOK { body["last_ok"] = .string(lastOK.iso) }
        return Notice(kind: "sync.stale", people: people, functions: functions, body: .object(body), text: text)
    }

    /// The source's owner, the people its errors notify and the IT partners, each once, with their functions.
    static func syncRecipients(_ source: SourceDefinition, spec: Spec) -> (people: [String], functions: [String]) {
        var people: [String] = []
        for person in [source.sync?.owner].compactMap({ $0 }) + source.notify + spec.people.filter({ $0.role == .itPartner }).map(\.id)
        where !people.contains(person) {
            people.append(person)
        }
        let functions = people.compactMap { spec.person($0)?.function }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return (people, functions)
    }
}
