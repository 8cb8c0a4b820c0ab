import Yams

extension SpecParser {
    /// `sync:` of a source: a frequency alone (the system pushes, Accord only expects it that
    /// often); streams alone (another runner, such as Meltano, runs the tap into `accord load`);
    /// or a tap Accord runs, with its config, streams, timeout and owner.
    static func parseSync(_ sync: MapReader) -> SyncDefinition? {
        sync.allowOnly([
            "frequency", "tap", "config", "config_file", "catalog", "catalog_flag", "streams", "timeout", "owner", "quota_exit_codes", "refresh_on",
        ])
        guard sync.has("tap") || sync.has("streams") else { return nil }
        if !sync.has("tap") {
            for key in ["config", "config_file", "catalog", "catalog_flag", "timeout", "quota_exit_codes", "refresh_on"] where sync.has(key) {
                sync.log.error(sync.locationOf(key), "\(sync.path).\(key) is for a tap Accord runs; add \(sync.path).tap with the tap's command")
            }
        }
        let tap = sync.has("tap") ? sync.strings("tap", required: true) ?? [] : []
        if sync.has("tap"), tap.isEmpty {
            sync.log.error(sync.locationOf("tap"), "\(sync.path).tap names no program; give the tap's command, such as [tap-salesforce]")
        }
        let streams = sync.items("streams", required: true) { item -> StreamFeed? in
            item.allowOnly(["stream", "feeds", "key", "account", "event", "kind", "items", "when", "properties", "content_from", "account_from"])
            let stream = item.string("stream", required: true)
            let feeds = item.choice("feeds", StreamFeed.Feed.self, required: true)
            guard let stream, let feeds else { return nil }
            var feed = StreamFeed(stream: stream, feeds: feeds, key: item.strings("key") ?? [])
            feed.account = item.strings("account") ?? []
            feed.event = item.string("event")
            feed.kind = item.choice("kind", SurveyKind.self)
            feed.items = item.string("items")
            feed.when = item.map("when").map(Self.stringMap) ?? [:]
            feed.properties = item.map("properties").map(Self.stringMap) ?? [:]
            func lookup(_ option: String) -> StreamFeed.RecordLookup? {
                guard let lookup = item.map(option) else { return nil }
                lookup.allowOnly(["stream", "by", "field"])
                guard let other = lookup.string("stream", required: true), let by = lookup.string("by", required: true),
                    let field = lookup.string("field", required: true)
                else { return nil }
                return StreamFeed.RecordLookup(stream: other, by: by, field: field)
            }
            feed.contentFrom = lookup("content_from")
            feed.accountFrom = lookup("account_from")
            for (option, applies) in [
                ("account", feeds.refersToAccount || feeds == .touches), ("event", feeds == .events), ("kind", feeds == .surveys),
                ("items", feeds == .subscriptions), ("when", feeds == .events || feeds == .contacts), ("properties", feeds == .events),
                ("content_from", feeds == .touches),
                ("account_from", feeds == .surveys || feeds == .tickets),
            ]
            where item.has(option) && !applies {
                item.log.error(item.locationOf(option), "\(item.path).\(option) is not for a stream that feeds \(feeds.rawValue); remove it")
            }
            return feed
        }
        var definition = SyncDefinition(tap: tap, streams: streams)
        definition.configFile = sync.string("config_file")
        if let node = sync.node("config") {
            guard case .mapping = node else {
                sync.log.error(node.location, "\(sync.path).config must be a mapping of the tap's settings, got \(node.kindName)")
                return definition
            }
            definition.config = JSONValue(yamlNode: node)
        }
        definition.catalogFile = sync.string("catalog")
        definition.catalogFlag = sync.choice("catalog_flag", SyncDefinition.CatalogFlag.self) ?? (definition.catalogFile == nil ? .none : .catalog)
        if let timeout = sync.int("timeout") {
            if timeout > 0 {
                definition.timeoutSeconds = timeout
            } else {
                sync.log.error(sync.locationOf("timeout"), "\(sync.path).timeout is seconds, more than 0")
            }
        }
        definition.owner = sync.string("owner")
        definition.quotaExitCodes = (sync.strings("quota_exit_codes") ?? []).compactMap(Int.init)
        definition.refreshOn = sync.strings("refresh_on") ?? []
        return definition
    }
}

extension SpecParser {
    /// A mapping of names to scalars, as text.
    static func stringMap(_ map: MapReader) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in map.mapping {
            guard let name = key.string else { continue }
            guard let text = value.scalar?.string else {
                map.log.error(value.location, "\(map.path).\(name) must be a single value, got \(value.kindName)")
                continue
            }
            values[name] = text
        }
        return values
    }

    /// `sync.frequency`: a named frequency, or a cron time (five fields, UTC) whose nearest named
    /// frequency stands for it where one is needed.
    static func parseFrequency(_ sync: MapReader) -> (SourceDefinition.Frequency, CronSchedule?) {
        guard let text = sync.string("frequency") else { return (.daily, nil) }
        if let named = SourceDefinition.Frequency(rawValue: text) { return (named, nil) }
        let allowed = SourceDefinition.Frequency.allCases.map(\.rawValue)
        guard text.contains(" ") else {
            sync.log.error(
                sync.locationOf("frequency"),
                "\(sync.path).frequency '\(text)' is not one of \(allowed.joined(separator: ", ")) or a cron time such as '30 2 * * 1-5'\(hint(text, allowed))")
            return (.daily, nil)
        }
        do {
            let cron = try CronSchedule(text)
            let gap = cron.longestGapSeconds(from: Instant(milliseconds: 0))
            let nearest = SourceDefinition.Frequency.allCases.filter { $0 != .realtime }.first { gap <= $0.seconds } ?? .weekly
            return (nearest, cron)
        } catch {
            sync.log.error(sync.locationOf("frequency"), "\(sync.path).frequency: \(error.description)")
            return (.daily, nil)
        }
    }
}

extension JSONValue {
    /// A YAML value as JSON: plain scalars that read as numbers or booleans become those, quoted
    /// ones stay text (a port `5432` is a number, a password `'0123'` stays text).
    init(yamlNode node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if ["true", "false"].contains(scalar.string) {
                    self = .bool(scalar.string == "true")
                    return
                }
                if node.isNull {
                    self = .null
                    return
                }
                if let number = Double(scalar.string), scalar.string.first.map({ $0.isNumber || $0 == "-" }) == true {
                    self = .number(number)
                    return
                }
            }
            self = .string(scalar.string)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = JSONValue(yamlNode: value) }
            self = .object(object)
        case .sequence(let sequence): self = .array(sequence.map { JSONValue(yamlNode: $0) })
        case .alias: self = .null
        }
    }
}
