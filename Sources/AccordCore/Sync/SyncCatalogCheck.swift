/// A tap's catalog (its `--discover` output) as `accord check` read it from the file a source's
/// `sync.catalog` names.
public enum TapCatalog: Sendable, Hashable {
    case read(JSONValue)
    /// The file could not be read or is not JSON: why.
    case unreadable(String)
}

extension SpecValidator {
    /// The streams a source reads must be in its tap's catalog and selected there, and the fields
    /// its mappings and identity keys name must be properties of the streams they read from.
    func checkCatalog(_ catalog: TapCatalog, file: String, sync: SyncDefinition, of source: SourceDefinition, at path: String) {
        let streams: [JSONValue]
        switch catalog {
        case .unreadable(let reason):
            error("\(path).catalog", "cannot read the catalog \(file) of '\(source.id)': \(reason); write it with the tap's --discover")
            return
        case .read(let value):
            guard case .array(let list)? = value["streams"] else {
                error("\(path).catalog", "\(file) is not a Singer catalog: it has no \"streams\" list; write it with the tap's --discover")
                return
            }
            streams = list
        }
        var byName: [String: JSONValue] = [:]
        for entry in streams {
            for name in [entry["tap_stream_id"], entry["stream"]].compactMap({ $0?.stringValue }) where byName[name] == nil { byName[name] = entry }
        }
        let names = streams.compactMap { ($0["tap_stream_id"] ?? $0["stream"])?.stringValue }
        for (stream, spath) in zip(sync.streams, paths("\(path).streams")) {
            guard let entry = byName[stream.stream] else {
                error(
                    "\(spath).stream",
                    "stream '\(stream.stream)' of '\(source.id)' is not in the catalog \(file); its streams are \(names.joined(separator: ", "))\(hint(stream.stream, names))"
                )
                continue
            }
            if case .array(let metadata)? = entry["metadata"],
                let top = metadata.first(where: { $0["breadcrumb"] == .array([]) }), top["metadata"]?["selected"] == .bool(false)
            {
                warning(
                    "\(spath).stream",
                    "stream '\(stream.stream)' is not selected in \(file), so the tap will not send it; set \"selected\": true in its metadata")
            }
            guard stream.feeds != .raw, case .object(let properties)? = entry["schema"]?["properties"] else { continue }
            let fields = Set(properties.keys.map { $0.lowercased() })
            func has(_ name: String) -> Bool {
                fields.contains(name.lowercased())
                    || fields.contains(String(name.lowercased().split(separator: ".").first?.split(separator: "[").first ?? ""))
            }
            let keys = stream.feeds.refersToAccount || stream.feeds == .touches ? stream.account : source.keyNames(contacts: stream.feeds == .contacts)
            if !keys.isEmpty, !keys.contains(where: has) {
                error(
                    "\(spath).stream",
                    "stream '\(stream.stream)' of \(file) has no field \(keys.joined(separator: " or ")) (\(stream.feeds.refersToAccount ? "the stream's account" : "the source's \(stream.feeds == .accounts ? "account" : "contact") key")), so its records cannot be linked; its fields are \(properties.keys.sorted().joined(separator: ", "))"
                )
            }
            let prefix = stream.feeds.mappingPrefix
            for (mapping, mpath) in zip(source.mappings, paths("\(path.dropLast(".sync".count)).mappings"))
            where mapping.direction != .outbound && mapping.to.hasPrefix(prefix) && !mapping.names.contains(where: has) {
                warning(
                    "\(mpath).from",
                    "'\(source.id)' maps \(mapping.names.joined(separator: " or ")) to \(mapping.to), but stream '\(stream.stream)' of \(file) has no such field\(hint(mapping.from, Array(properties.keys)))"
                )
            }
        }
    }
}
