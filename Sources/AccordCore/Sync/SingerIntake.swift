/// A record as it lands in the raw store: which stream, its key, the record, and whether the
/// system says it is deleted.
public struct StreamRecord: Sendable, Hashable {
    public init(stream: String, key: String, record: [String: JSONValue], version: Int?, deleted: Bool, line: Int) {
        self.stream = stream
        self.key = key
        self.record = record
        self.version = version
        self.deleted = deleted
        self.line = line
    }

    public var stream: String
    public var key: String
    public var record: [String: JSONValue]
    public var version: Int?
    public var deleted: Bool
    /// Where it came from in the message stream, for rejects and messages.
    public var line: Int

    /// The record as stored: canonical JSON.
    public var text: String { JSONValue.object(record).canonicalText }

    /// What the system says about the record, without the tap's own bookkeeping (singer-sdk's
    /// `_sdc_*` columns: when it was extracted, from which file): a resend that differs only there
    /// is unchanged.
    public var content: String { Self.content(record) }

    public static func content(_ record: [String: JSONValue]) -> String {
        JSONValue.object(record.filter { !$0.key.hasPrefix("_sdc_") }).canonicalText
    }

    /// The record as an export row: nested objects as `a.b` columns, lists as JSON and their
    /// first elements as `a[0]` (Zendesk's `domain_names[0]`), null left out.
    public var cells: [String: String] {
        var cells: [String: String] = [:]
        func add(_ prefix: String, _ value: JSONValue) {
            switch value {
            case .null: break
            case .bool(let flag): cells[prefix] = flag ? "true" : "false"
            case .number(let number): cells[prefix] = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .bigInteger(let digits): cells[prefix] = digits
            case .string(let text): cells[prefix] = text
            case .array(let list):
                cells[prefix] = value.canonicalText
                for (index, element) in list.prefix(3).enumerated() { add("\(prefix)[\(index)]", element) }
            case .object(let object): for (key, inner) in object { add(prefix.isEmpty ? key : "\(prefix).\(key)", inner) }
            }
        }
        add("", .object(record))
        return cells
    }
}

/// A record Accord did not take, kept with the reason so that it can be replayed after a fix.
public struct SyncReject: Sendable, Hashable, Codable {
    public var stream: String
    public var key: String?
    public var line: Int
    public var reason: String
    public var record: JSONValue

    public init(stream: String, key: String?, line: Int, reason: String, record: JSONValue) {
        self.stream = stream
        self.key = key
        self.line = line
        self.reason = reason
        self.record = record
    }
}

/// Reads a tap's messages in order and says when to commit: the schemas per stream, the records
/// since the last commit (checked against their schema, keyed, deletions marked), what was
/// rejected and why, and the counts per stream. No I/O: the loader feeds it lines and writes
/// what it returns, records and state in one transaction.
public struct SingerIntake: Sendable {
    public enum Step: Sendable, Hashable {
        case next
        /// Write the pending records; then, when a state is given, it is the new bookmark.
        case commit(state: JSONValue?)
        /// Stop reading: the protocol is broken in a way no record can be saved from.
        case stop(String)
    }

    struct Stream: Sendable {
        var schema: JSONValue
        var keys: [String]
    }

    public let sync: SyncDefinition
    /// Records to write before the next commit: a stream that sends no STATE is still written in
    /// chunks of this many, so memory stays flat.
    public let chunk: Int
    var streams: [String: Stream] = [:]
    public private(set) var pending: [StreamRecord] = []
    public private(set) var rejects: [SyncReject] = []
    public private(set) var activations: [(stream: String, version: Int)] = []
    public private(set) var counts: [String: StreamCounts] = [:]
    /// Streams the tap sent that the spec does not read: skipped, counted here.
    public private(set) var ignored: [String: Int] = [:]

    public init(sync: SyncDefinition, chunk: Int = 5000) {
        self.sync = sync
        self.chunk = chunk
    }

    /// Takes one message; `line` is its line in the tap's output.
    public mutating func take(_ message: SingerMessage, line: Int) -> Step {
        switch message {
        case .schema(let stream, let schema, let keyProperties, _):
            guard let feed = sync.stream(stream) else { return .next }
            let keys = keyProperties.isEmpty ? feed.key : keyProperties
            if let earlier = streams[stream], earlier.keys != keys {
                return .stop(
                    "line \(line): the key of \(stream) changed from [\(earlier.keys.joined(separator: ", "))] to [\(keys.joined(separator: ", "))]; run a full refresh (--full-refresh) so records are keyed one way"
                )
            }
            streams[stream] = Stream(schema: schema, keys: keys)
            // A stream that arrives empty has still arrived.
            if counts[stream] == nil { counts[stream] = StreamCounts() }
            return .next
        case .record(let stream, let record, let version):
            guard sync.stream(stream) != nil else {
                ignored[stream, default: 0] += 1
                return .next
            }
            counts[stream, default: StreamCounts()].read += 1
            guard let known = streams[stream] else {
                reject(stream, key: nil, line: line, "a RECORD of \(stream) came before its SCHEMA; the tap must describe a stream before sending it", record)
                return pending.count >= chunk ? .commit(state: nil) : .next
            }
            let problems = JSONSchemaCheck().problems(.object(record), known.schema)
            if !problems.isEmpty {
                reject(stream, key: nil, line: line, "does not match the stream's schema: \(problems.prefix(3).joined(separator: "; "))", record)
                return .next
            }
            let key: String
            if known.keys.isEmpty {
                // No key: the record is its own identity, so an identical resend is one record.
                key = JSONValue.object(record).canonicalText
            } else {
                let parts = known.keys.map { record[$0] }
                if let missing = zip(known.keys, parts).first(where: { $0.1 == nil || $0.1 == .null })?.0 {
                    reject(stream, key: nil, line: line, "has no value for its key property '\(missing)'", record)
                    return .next
                }
                key = parts.map { $0!.stringValue ?? $0!.canonicalText }.joined(separator: "|")
            }
            pending.append(StreamRecord(stream: stream, key: key, record: record, version: version, deleted: Self.isDeleted(record), line: line))
            return pending.count >= chunk ? .commit(state: nil) : .next
        case .state(let value):
            // An empty state never replaces a good one; the records before it are still written.
            if value == .null || value == .object([:]) { return .commit(state: nil) }
            return .commit(state: value)
        case .activateVersion(let stream, let version):
            guard sync.stream(stream) != nil else { return .next }
            activations.append((stream, version))
            return .next
        }
    }

    /// After a commit: what was written is no longer pending.
    public mutating func committed() {
        pending.removeAll(keepingCapacity: true)
        rejects.removeAll()
        activations.removeAll()
    }

    /// Adds what the commit made of the records (created, updated, unchanged, deleted) to the counts.
    public mutating func record(_ outcome: [String: StreamCounts]) {
        for (stream, counted) in outcome { counts[stream, default: StreamCounts()] = counts[stream, default: StreamCounts()] + counted }
    }

    mutating func reject(_ stream: String, key: String?, line: Int, _ reason: String, _ record: [String: JSONValue]) {
        rejects.append(SyncReject(stream: stream, key: key, line: line, reason: reason, record: .object(record)))
        counts[stream, default: StreamCounts()].rejected += 1
    }

    /// The ways systems mark a deleted record: Salesforce's IsDeleted, HubSpot's archived, the
    /// singer-sdk's _sdc_deleted_at.
    public static func isDeleted(_ record: [String: JSONValue]) -> Bool {
        if case .bool(true)? = record["IsDeleted"] { return true }
        if case .bool(true)? = record["archived"] { return true }
        if case .bool(true)? = record["is_deleted"] { return true }
        if let deleted = record["_sdc_deleted_at"], deleted != .null { return true }
        return false
    }
}
