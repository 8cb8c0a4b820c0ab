import Foundation

/// Cross-reference checks over a parsed spec: names that must exist, owners that must belong to
/// the right function, numbers that must make sense together.
struct SpecValidator {
    let spec: Spec
    let log: ParseLog
    /// The taps' catalogs, by the file name the spec gives, when the caller could read them.
    var catalogs: [String: TapCatalog] = [:]

    func at(_ path: String) -> SourceLocation {
        var candidate = path
        while !candidate.isEmpty {
            if let location = log.locations[candidate] { return location }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            candidate = String(candidate[..<cut])
        }
        return SourceLocation(line: 1, column: 1)
    }

    func paths(_ list: String) -> [String] { log.kept[list] ?? [] }

    func error(_ path: String, _ message: String) { log.error(at(path), message) }

    func warning(_ path: String, _ message: String) { log.warning(at(path), message) }

    private func duplicates<T>(_ items: [T], paths: [String], key: (T) -> String, what: String) {
        var seen: [String: String] = [:]
        for (item, path) in zip(items, paths) {
            let id = key(item)
            if let first = seen[id] {
                error("\(path).id", "duplicate \(what) '\(id)' (first defined at line \(at(first).line))")
            } else {
                seen[id] = "\(path).id"
            }
        }
    }

    func validate() {
        let functionIDs = spec.functions.map(\.id)
        duplicates(spec.functions, paths: paths("functions"), key: \.id, what: "function id")
        checkPeople(functionIDs)
        checkSegments()
        checkOutcomeModels(functionIDs)
        checkTaxonomy()
        checkHandoffs(functionIDs)
        checkSources()
        checkIdentity()
        checkDashboard(functionIDs)
        checkPlays()
        checkConcessions()
    }

    private func checkFunction(_ id: String, at path: String, _ functionIDs: [String]) {
        if !functionIDs.contains(id) {
            error(path, "unknown function '\(id)'; functions are \(functionIDs.joined(separator: ", "))\(hint(id, functionIDs))")
        }
    }

    private func checkPeople(_ functionIDs: [String]) {
        let personPaths = paths("people")
        duplicates(spec.people, paths: personPaths, key: \.id, what: "person id")
        var emails: [String: Int] = [:]
        for (person, path) in zip(spec.people, personPaths) {
            checkFunction(person.function, at: "\(path).function", functionIDs)
            let email = person.email.lowercased()
            if email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil {
                error("\(path).email", "'\(person.email)' is not an email address")
            } else if let line = emails[email] {
                error("\(path).email", "email '\(person.email)' is already used by another person (line \(line))")
            } else {
                emails[email] = at("\(path).email").line
            }
        }
    }

    private func checkSegments() {
        let segmentPaths = paths("segments")
        duplicates(spec.segments, paths: segmentPaths, key: \.id, what: "segment id")
        for (segment, path) in zip(spec.segments, segmentPaths) {
            if let low = segment.minSeats, let high = segment.maxSeats, low > high {
                error("\(path).seats.min", "segment '\(segment.id)' has seats.min \(low) above seats.max \(high)")
            }
        }
    }

    private func checkOutcomeModels(_ functionIDs: [String]) {
        let modelPaths = paths("outcome_models")
        duplicates(spec.outcomeModels, paths: modelPaths, key: \.id, what: "outcome model id")
        let segmentIDs = spec.segments.map(\.id)
        let eventNames = spec.taxonomy.events.map(\.name)
        for (model, path) in zip(spec.outcomeModels, modelPaths) {
            if !segmentIDs.contains(model.segment) {
                error("\(path).segment", "outcome model '\(model.id)' names unknown segment '\(model.segment)'\(hint(model.segment, segmentIDs))")
            }
            for (index, signer) in model.signers.enumerated() {
                let signerPath = "\(path).signers[\(index)]"
                checkFunction(signer, at: signerPath, functionIDs)
                if functionIDs.contains(signer), !spec.people(in: signer).contains(where: { $0.role == .leader }) {
                    log.warning(at(signerPath), "function '\(signer)' must sign outcome model '\(model.id)' but has no person with role leader")
                }
            }
            let outcomePaths = paths("\(path).outcomes")
            duplicates(model.outcomes, paths: outcomePaths, key: \.id, what: "outcome id")
            for (outcome, opath) in zip(model.outcomes, outcomePaths) {
                if case let .eventCount(event, _) = outcome.measure, !eventNames.contains(event) {
                    error("\(opath).measure.event", "outcome '\(outcome.id)' measures event '\(event)', which is not in the taxonomy\(hint(event, eventNames))")
                }
                if outcome.target <= 0 {
                    error("\(opath).target", "outcome '\(outcome.id)' needs a target above 0, got \(outcome.target)")
                } else if outcome.measure == .usageRatio, outcome.target > 1 {
                    error("\(opath).target", "outcome '\(outcome.id)' is a usage ratio: its target is between 0 and 1 (0.7 for 70%), got \(outcome.target)")
                }
                if !(1...3650).contains(outcome.day) {
                    error("\(opath).day", "outcome '\(outcome.id)' is due on day \(outcome.day); a day is between 1 and 3650 after contract_signed")
                }
            }
        }
    }

    private func checkTaxonomy() {
        let eventPaths = paths("taxonomy.events")
        var seen: [String: Int] = [:]
        for (event, path) in zip(spec.taxonomy.events, eventPaths) {
            if let line = seen[event.name] {
                error("\(path).name", "duplicate event name '\(event.name)' (first defined at line \(line))")
            } else {
                seen[event.name] = at("\(path).name").line
            }
            if event.name.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) == nil {
                error("\(path).name", "event name '\(event.name)' must be snake_case: lower-case letters, digits and underscores")
            }
            checkSchemas(event.properties, at: "\(path).properties")
            if event.name == ChurnReason.eventName { checkChurnReason(event, at: "\(path).properties") }
        }
    }

    /// The churn event's reason is the enum win-back ranks and reports by: nothing else can be recorded.
    private func checkChurnReason(_ event: EventDefinition, at path: String) {
        let reasons = ChurnReason.allCases.map(\.rawValue)
        guard let reason = event.properties["reason"], reason.type == .string, let values = reason.enumValues else {
            error(path, "\(event.name) needs a reason: {type: string, required: true, enum: [\(reasons.joined(separator: ", "))]}")
            return
        }
        for value in values where !reasons.contains(value) {
            error(
                "\(path).reason.enum",
                "'\(value)' is not a churn reason Accord ranks and reports by; reasons are \(reasons.joined(separator: ", "))\(hint(value, reasons))")
        }
    }

    private func checkSchemas(_ schemas: [String: PropertySchema], at path: String) {
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            checkSchema(schema, at: "\(path).\(name)", name: name)
        }
    }

    private func checkSchema(_ schema: PropertySchema, at path: String, name: String) {
        if let low = schema.minimum, let high = schema.maximum, low > high {
            error("\(path).minimum", "'\(name)' has minimum \(low) above maximum \(high)")
        }
        if schema.minimum != nil || schema.maximum != nil, schema.type != .number, schema.type != .integer {
            error(path, "'\(name)' is of type \(schema.type.rawValue); minimum and maximum apply to number and integer only")
        }
        if let pattern = schema.pattern {
            if schema.type != .string {
                error("\(path).pattern", "'\(name)' is of type \(schema.type.rawValue); pattern applies to string only")
            } else if (try? NSRegularExpression(pattern: pattern)) == nil {
                error("\(path).pattern", "'\(name)' has a pattern that is not a valid regular expression: \(pattern)")
            }
        }
        if schema.enumValues != nil, schema.type != .string {
            error("\(path).enum", "'\(name)' is of type \(schema.type.rawValue); enum applies to string only")
        }
        if let items = schema.items { checkSchema(items.value, at: "\(path).items", name: "\(name)[]") }
        if schema.type == .array, schema.items == nil {
            error(path, "'\(name)' is an array: say what its items are with 'items'")
        }
        if let properties = schema.properties { checkSchemas(properties, at: "\(path).properties") }
    }

    private func checkHandoffs(_ functionIDs: [String]) {
        let handoffPaths = paths("handoffs")
        duplicates(spec.handoffs, paths: handoffPaths, key: \.id, what: "handoff id")
        let handoffIDs = spec.handoffs.map(\.id)
        for (handoff, path) in zip(spec.handoffs, handoffPaths) {
            for (side, party) in [("from", handoff.from), ("to", handoff.to)] {
                checkFunction(party.function, at: "\(path).\(side).function", functionIDs)
                guard let person = spec.person(party.owner) else {
                    error(
                        "\(path).\(side).owner",
                        "handoff '\(handoff.id)' names owner '\(party.owner)', who is not in people\(hint(party.owner, spec.people.map(\.id)))")
                    continue
                }
                if person.function != party.function {
                    error("\(path).\(side).owner", "handoff '\(handoff.id)': owner '\(person.id)' is in function '\(person.function)', not '\(party.function)'")
                }
            }
            if handoff.slaHours <= 0 {
                error("\(path).sla_hours", "handoff '\(handoff.id)' needs sla_hours above 0, got \(handoff.slaHours)")
            }
            if let required = handoff.requires {
                if required == handoff.id {
                    error("\(path).requires", "handoff '\(handoff.id)' cannot require itself")
                } else if !handoffIDs.contains(required) {
                    error("\(path).requires", "handoff '\(handoff.id)' requires unknown handoff '\(required)'\(hint(required, handoffIDs))")
                } else if requiresChain(from: handoff.id).contains(handoff.id) {
                    error("\(path).requires", "handoff '\(handoff.id)' is part of a requires cycle")
                }
            }
            checkSchemas(handoff.payload, at: "\(path).payload")
            for (rule, rpath) in zip(handoff.acceptance, paths("\(path).acceptance")) {
                let root = String(rule.field.split(separator: ".").first ?? "")
                if handoff.payload[root] == nil {
                    error(
                        "\(rpath).field",
                        "acceptance rule names field '\(rule.field)', which is not in the payload of '\(handoff.id)'\(hint(root, handoff.payload.keys))")
                }
            }
        }
    }

    /// Follows `requires` links; a cycle shows up as the start id reappearing.
    private func requiresChain(from id: String) -> [String] {
        var chain: [String] = []
        var current = spec.handoffs.first { $0.id == id }?.requires
        while let next = current, chain.count <= spec.handoffs.count {
            chain.append(next)
            if next == id { break }
            current = spec.handoffs.first { $0.id == next }?.requires
        }
        return chain
    }

    private func checkSources() {
        let sourcePaths = paths("sources")
        duplicates(spec.sources, paths: sourcePaths, key: \.id, what: "source id")
        for (source, path) in zip(spec.sources, sourcePaths) {
            for (index, person) in source.notify.enumerated() where spec.person(person) == nil {
                error(
                    "\(path).errors.notify[\(index)]", "source '\(source.id)' notifies '\(person)', who is not in people\(hint(person, spec.people.map(\.id)))")
            }
            for (mapping, mpath) in zip(source.mappings, paths("\(path).mappings")) where !ClientRecordFields.all.contains(mapping.to) {
                error("\(mpath).to", "source '\(source.id)' maps to unknown field '\(mapping.to)'\(hint(mapping.to, ClientRecordFields.all))")
            }
            if let sync = source.sync { checkSync(sync, of: source, at: "\(path).sync") }
        }
    }

    private func checkSync(_ sync: SyncDefinition, of source: SourceDefinition, at path: String) {
        if sync.config != nil, sync.configFile != nil {
            error("\(path).config_file", "source '\(source.id)' gives the tap's config both inline and as a file; keep one")
        }
        for reference in SyncDefinition.malformedReferences(in: sync.config ?? .null) {
            error(
                "\(path).config",
                "'\(reference)' in the config of '\(source.id)' is not an environment variable reference; write ${NAME} with letters, digits and _")
        }
        if let owner = sync.owner, spec.person(owner) == nil {
            error("\(path).owner", "source '\(source.id)' is owned by '\(owner)', who is not in people\(hint(owner, spec.people.map(\.id)))")
        }
        if sync.catalogFlag != .none, sync.catalogFile == nil {
            error(
                "\(path).catalog",
                "source '\(source.id)' passes the tap --\(sync.catalogFlag.rawValue) but names no catalog file; add \(path).catalog (from the tap's --discover) or set catalog_flag: none"
            )
        }
        let streamPaths = paths("\(path).streams")
        duplicates(sync.streams, paths: streamPaths, key: \.stream, what: "stream")
        for (stream, spath) in zip(sync.streams, streamPaths) {
            if stream.feeds == .accounts, source.accountKey == nil {
                error(
                    "\(spath).feeds",
                    "stream '\(stream.stream)' of '\(source.id)' feeds accounts, but the source has no identity_keys.account naming the field that holds its account id"
                )
            }
            if stream.feeds == .contacts, source.contactKey == nil {
                error(
                    "\(spath).feeds",
                    "stream '\(stream.stream)' of '\(source.id)' feeds contacts, but the source has no identity_keys.contact naming the field that holds its contact id"
                )
            }
            if let event = stream.event.flatMap(spec.event) {
                for property in stream.properties.keys.sorted() where event.properties[property] == nil {
                    error(
                        "\(spath).properties",
                        "stream '\(stream.stream)' of '\(source.id)' gives '\(event.name)' a property '\(property)' its taxonomy schema does not have\(hint(property, Array(event.properties.keys)))"
                    )
                }
            }
            if let items = stream.items, sync.stream(items) == nil {
                error(
                    "\(spath).items",
                    "stream '\(stream.stream)' of '\(source.id)' reads its items from '\(items)', which is not among the source's streams; add {stream: \(items), feeds: raw}\(hint(items, sync.streams.map(\.stream)))"
                )
            }
            for (option, lookup, what) in [("content_from", stream.contentFrom, "content"), ("account_from", stream.accountFrom, "account")] {
                guard let lookup, sync.stream(lookup.stream) == nil else { continue }
                error(
                    "\(spath).\(option)",
                    "stream '\(stream.stream)' of '\(source.id)' names its \(what) from '\(lookup.stream)', which is not among the source's streams; add {stream: \(lookup.stream), feeds: raw}\(hint(lookup.stream, sync.streams.map(\.stream)))"
                )
            }
            if let event = stream.event, spec.event(event) == nil, spec.taxonomy.unplanned == .quarantine {
                let names = spec.taxonomy.events.map(\.name)
                error(
                    "\(spath).event",
                    "stream '\(stream.stream)' of '\(source.id)' writes '\(event)', which is not in the taxonomy, so every record would be quarantined; add it to taxonomy.events\(hint(event, names))"
                )
            }
        }
        if let file = sync.catalogFile, file != SyncDefinition.discoverCatalog, let catalog = catalogs[file] {
            checkCatalog(catalog, file: file, sync: sync, of: source, at: path)
        }
    }

    private func checkIdentity() {
        let identity = spec.identity
        for (key, value) in [("match_threshold", identity.matchThreshold), ("review_threshold", identity.reviewThreshold)] where !(0...1).contains(value) {
            error("identity.\(key)", "identity.\(key) is a probability between 0 and 1, got \(value)")
        }
        let sourceIDs = Set(spec.sources.map(\.id))
        for (index, source) in spec.sources.enumerated() {
            for other in source.foreignKeys.keys.sorted() where !sourceIDs.contains(other) || other == source.id {
                error(
                    "sources[\(index)].identity_keys.foreign",
                    "source '\(source.id)' holds ids of '\(other)', which is not another source in the spec\(hint(other, sourceIDs))")
            }
        }
        let fields = AccountMatcher.fields
        for (index, rule) in identity.blocking.enumerated() {
            for field in rule where !fields.contains(field) {
                error(
                    "identity.blocking[\(index)]",
                    "identity.blocking[\(index)] names '\(field)', which is not a matching field; use \(fields.joined(separator: ", "))\(hint(field, fields))")
            }
        }
        for (index, comparison) in identity.comparisons.enumerated() where !fields.contains(comparison.field) {
            error(
                "identity.comparisons[\(index)].field",
                "identity.comparisons[\(index)].field '\(comparison.field)' is not a matching field; use \(fields.joined(separator: ", "))\(hint(comparison.field, fields))"
            )
        }
        if identity.reviewThreshold > identity.matchThreshold {
            error(
                "identity.review_threshold",
                "identity.review_threshold (\(identity.reviewThreshold)) must not be above match_threshold (\(identity.matchThreshold))")
        }
    }

    private func checkDashboard(_ functionIDs: [String]) {
        let metricPaths = paths("dashboard.metrics")
        duplicates(spec.dashboard.metrics, paths: metricPaths, key: \.id, what: "metric id")
        for (metric, path) in zip(spec.dashboard.metrics, metricPaths) {
            if !MetricCatalog.ids.contains(metric.id) {
                error(
                    "\(path).id",
                    "unknown metric '\(metric.id)'\(hint(metric.id, MetricCatalog.ids)); known metrics: \(MetricCatalog.ids.joined(separator: ", "))")
            }
            for (index, owner) in metric.owners.enumerated() {
                checkFunction(owner, at: "\(path).owners[\(index)]", functionIDs)
            }
        }
    }
}
