/// A catalog a tap discovered, with the streams the spec reads selected and the rest not, in both
/// the forms taps read: singer-sdk and newer taps the top-level metadata's `selected`, older
/// singer-io taps (given `--properties`) the stream's own `selected` too; a chosen stream's fields
/// are all selected, and one that offers a replication key is read incrementally by it. The chosen
/// streams come first, in the spec's order: taps sync in catalog order, and the spec lists what a
/// stream needs (accounts) before what refers to it (tickets).
public enum CatalogSelection {
    /// `catalog` as the tap printed it; throws when it is not a catalog or lacks a stream the spec reads.
    public static func select(_ catalog: JSONValue, streams wanted: [String]) throws(FeedError) -> JSONValue {
        guard case .object(var top) = catalog, case .array(let streams)? = top["streams"] else {
            throw FeedError("the tap's --discover printed no catalog (no \"streams\" list)")
        }
        var found = Set<String>()
        let selected = streams.map { entry -> JSONValue in
            guard case .object(var stream) = entry else { return entry }
            let name = (entry["tap_stream_id"] ?? entry["stream"])?.stringValue ?? ""
            let chosen = wanted.contains(name) || wanted.contains(entry["stream"]?.stringValue ?? "")
            if chosen { found.insert(name) }
            stream["selected"] = .bool(chosen)
            var metadata: [JSONValue] = []
            var hasTop = false
            if case .array(let list)? = stream["metadata"] {
                for item in list {
                    guard case .object(var object) = item, case .object(var inner)? = object["metadata"] else {
                        metadata.append(item)
                        continue
                    }
                    guard object["breadcrumb"] == .array([]) else {
                        // Every field of a chosen stream, as a person selecting `stream.*` would: singer-io
                        // taps ask their API only for selected fields (tap-hubspot's contact properties).
                        if chosen, inner["selected"] == nil, inner["inclusion"]?.stringValue != "unsupported" { inner["selected"] = .bool(true) }
                        object["metadata"] = .object(inner)
                        metadata.append(.object(object))
                        continue
                    }
                    hasTop = true
                    inner["selected"] = .bool(chosen)
                    // As a person picking a stream in Meltano or Stitch would: tap-salesforce reads
                    // everything every run unless the catalog names the replication key.
                    if chosen, inner["replication-key"] == nil, inner["forced-replication-method"] == nil,
                        case .array(let keys)? = inner["valid-replication-keys"], let key = keys.first
                    {
                        inner["replication-key"] = key
                        inner["replication-method"] = "INCREMENTAL"
                    }
                    object["metadata"] = .object(inner)
                    metadata.append(.object(object))
                }
            }
            if !hasTop { metadata.append(["breadcrumb": .array([]), "metadata": .object(["selected": .bool(chosen)])]) }
            stream["metadata"] = .array(metadata)
            return .object(stream)
        }
        let names = streams.compactMap { ($0["tap_stream_id"] ?? $0["stream"])?.stringValue }
        if let absent = wanted.first(where: { !found.contains($0) && !names.contains($0) }) {
            throw FeedError("the tap discovered no stream '\(absent)'; its streams are \(names.joined(separator: ", "))")
        }
        func rank(_ stream: JSONValue) -> Int {
            let names = [stream["tap_stream_id"], stream["stream"]].compactMap { $0?.stringValue }
            return wanted.firstIndex { names.contains($0) } ?? wanted.count
        }
        // A stable sort: the streams the spec does not read keep the tap's order, after the chosen.
        top["streams"] = .array(selected.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element))
        return .object(top)
    }
}
