import Yams

/// The outcome of reading a spec: the model (as far as it could be read), every problem,
/// and where each value sits in the file.
public struct SpecReadResult: Sendable {
    public var spec: Spec?
    public var diagnostics: [Diagnostic]
    public var locations: [String: SourceLocation]

    public var isValid: Bool { spec != nil && !diagnostics.hasErrors }
}

/// Reads `accord.yaml` text into a `Spec`, then checks every cross-reference.
/// It never stops at the first problem: a person fixing a spec sees all of them at once.
public enum SpecParser {
    /// `catalogs` are the taps' catalogs by the file name the spec gives (`accord check` reads
    /// them): the streams and mapped fields are checked against them.
    public static func read(_ text: String, catalogs: [String: TapCatalog] = [:]) -> SpecReadResult {
        let log = ParseLog()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                log.error(SourceLocation(line: 1, column: 1), "the spec is empty; run 'accord init' to write a complete example")
                return SpecReadResult(spec: nil, diagnostics: log.diagnostics, locations: [:])
            }
            root = node
        } catch {
            log.diagnostics.append(syntaxDiagnostic(error))
            return SpecReadResult(spec: nil, diagnostics: log.diagnostics, locations: [:])
        }
        guard let top = MapReader(root, path: "", log: log, what: "the spec") else {
            return SpecReadResult(spec: nil, diagnostics: log.diagnostics, locations: log.locations)
        }
        let spec = parseSpec(top)
        SpecValidator(spec: spec, log: log, catalogs: catalogs).validate()
        return SpecReadResult(spec: spec, diagnostics: log.diagnostics.ordered, locations: log.locations)
    }

    static func syntaxDiagnostic(_ error: any Error) -> Diagnostic {
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return Diagnostic(.error, at: SourceLocation(line: mark.line, column: mark.column), "YAML syntax error: \(problem)\(where_)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(
                .error, at: SourceLocation(line: context.mark.line, column: context.mark.column),
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        case let .reader(problem, _, _, _):
            return Diagnostic(.error, at: SourceLocation(line: 1, column: 1), "the spec is not readable text: \(problem)")
        default:
            return Diagnostic(.error, at: SourceLocation(line: 1, column: 1), "the spec could not be read: \(error)")
        }
    }

    static let topLevelKeys = [
        "version", "organization", "functions", "people", "segments", "outcome_models", "taxonomy", "handoffs",
        "sources", "identity", "dashboard", "access", "health", "playbooks", "concessions", "program",
    ]

    static func parseSpec(_ top: MapReader) -> Spec {
        top.allowOnly(topLevelKeys)
        var spec = Spec()
        if let version = top.int("version", required: true), version != 1 {
            top.log.error(top.locationOf("version"), "spec version \(version) is not supported; this Accord reads version 1")
        }
        spec.organization = top.string("organization") ?? "Your company"
        spec.functions = top.items("functions", required: true) { item in
            item.allowOnly(["id", "name"])
            guard let id = item.string("id", required: true) else { return nil }
            return BusinessFunction(id: id, name: item.string("name") ?? id)
        }
        spec.people = top.items("people", required: true) { item in
            item.allowOnly(["id", "name", "email", "function", "role"])
            let id = item.string("id", required: true)
            let name = item.string("name", required: true)
            let email = item.string("email", required: true)
            let function = item.string("function", required: true)
            let role = item.choice("role", Person.Role.self, required: true)
            guard let id, let name, let email, let function, let role else { return nil }
            return Person(id: id, name: name, email: email, function: function, role: role)
        }
        spec.segments = top.items("segments") { item in
            item.allowOnly(["id", "name", "seats"])
            guard let id = item.string("id", required: true) else { return nil }
            let seats = item.map("seats")
            seats?.allowOnly(["min", "max"])
            return Segment(id: id, name: item.string("name") ?? id, minSeats: seats?.int("min"), maxSeats: seats?.int("max"))
        }
        spec.outcomeModels = top.items("outcome_models", parseOutcomeModel)
        if let taxonomy = top.map("taxonomy", required: true) { spec.taxonomy = parseTaxonomy(taxonomy) }
        spec.handoffs = top.items("handoffs", parseHandoff)
        spec.sources = top.items("sources", parseSource)
        if let identity = top.map("identity") { spec.identity = parseIdentity(identity) }
        if let dashboard = top.map("dashboard") {
            dashboard.allowOnly(["metrics", "economics"])
            if let economics = dashboard.map("economics") {
                economics.allowOnly(["gross_margin", "acquisition_cost"])
                if let margin = economics.double("gross_margin") {
                    if margin > 0 && margin <= 1 {
                        spec.dashboard.grossMargin = margin
                    } else {
                        economics.log.error(
                            economics.log.locations["dashboard.economics.gross_margin"] ?? economics.location,
                            "dashboard.economics.gross_margin must be a share above 0 and at most 1, such as 0.78")
                    }
                }
                if let costs = economics.map("acquisition_cost") {
                    costs.allowOnly(AcquisitionSource.allCases.map(\.rawValue))
                    for source in AcquisitionSource.allCases {
                        guard let dollars = costs.double(source.rawValue) else { continue }
                        if dollars >= 0 {
                            spec.dashboard.acquisitionCostCents[source.rawValue] = Int64((dollars * 100).rounded())
                        } else {
                            costs.log.error(
                                costs.log.locations["dashboard.economics.acquisition_cost.\(source.rawValue)"] ?? costs.location,
                                "dashboard.economics.acquisition_cost.\(source.rawValue) must not be negative")
                        }
                    }
                }
            }
            spec.dashboard.metrics = dashboard.items("metrics") { item in
                item.allowOnly(["id", "name", "owners", "refresh"])
                let id = item.string("id", required: true)
                let owners = item.strings("owners", required: true)
                let refresh = item.choice("refresh", SourceDefinition.Frequency.self, required: true)
                guard let id, let owners, let refresh else { return nil }
                return DashboardConfig.Metric(
                    id: id, name: item.string("name") ?? MetricCatalog.all.first { $0.id == id }?.name ?? id, owners: owners, refresh: refresh)
            }
        }
        if let health = top.map("health") { spec.health = parseHealth(health, segments: spec.segments) }
        spec.playbooks = top.items("playbooks", parsePlay)
        spec.concessions = top.map("concessions").flatMap(parseConcessions)
        if let program = top.map("program") { spec.program = parseProgram(program, handoffs: spec.handoffs) }
        if let access = top.map("access") {
            access.allowOnly(["own_book_only", "allow_private_webhooks"])
            spec.access.allowPrivateWebhooks = access.bool("allow_private_webhooks") ?? false
            let allowed = Person.Role.allCases.map(\.rawValue)
            for (index, name) in (access.strings("own_book_only") ?? []).enumerated() {
                if let role = Person.Role(rawValue: name) {
                    spec.access.ownBookOnly.append(role)
                } else {
                    let path = "access.own_book_only[\(index)]"
                    access.log.error(
                        access.log.locations[path] ?? access.locationOf("own_book_only"),
                        "\(path) '\(name)' is not a role; roles are \(allowed.joined(separator: ", "))")
                }
            }
        }
        return spec
    }

    static func parseOutcomeModel(_ item: MapReader) -> OutcomeModel? {
        item.allowOnly(["id", "name", "segment", "signers", "outcomes"])
        let id = item.string("id", required: true)
        let segment = item.string("segment", required: true)
        let signers = item.strings("signers", required: true)
        let outcomes = item.items("outcomes", required: true) { outcome -> Outcome? in
            outcome.allowOnly(["id", "description", "measure", "target", "day"])
            let oid = outcome.string("id", required: true)
            let target = outcome.double("target", required: true)
            let day = outcome.int("day", required: true)
            var measure: Measure?
            if let m = outcome.map("measure", required: true) {
                m.allowOnly(["kind", "event", "where"])
                switch m.string("kind", required: true) {
                case "usage_ratio":
                    measure = .usageRatio
                case "event_count":
                    var filter: [String: String] = [:]
                    if let whereMap = m.map("where") {
                        for (k, v) in whereMap.mapping { filter[k.string ?? ""] = v.string ?? "" }
                    }
                    if let event = m.string("event", required: true) { measure = .eventCount(event: event, where: filter) }
                case let other?:
                    m.log.error(m.locationOf("kind"), "\(m.path).kind '\(other)' is not one of usage_ratio, event_count")
                case nil:
                    break
                }
            }
            guard let oid, let target, let day, let measure else { return nil }
            return Outcome(id: oid, description: outcome.string("description") ?? oid, measure: measure, target: target, day: day)
        }
        guard let id, let segment, let signers else { return nil }
        return OutcomeModel(id: id, name: item.string("name") ?? id, segment: segment, signers: signers, outcomes: outcomes)
    }

    static func parseTaxonomy(_ map: MapReader) -> Taxonomy {
        map.allowOnly(["unplanned", "violations", "events"])
        var taxonomy = Taxonomy()
        taxonomy.unplanned = map.choice("unplanned", Taxonomy.UnplannedPolicy.self) ?? .quarantine
        taxonomy.violations = map.choice("violations", Taxonomy.ViolationPolicy.self) ?? .quarantine
        taxonomy.events = map.items("events", required: true) { item in
            item.allowOnly(["name", "description", "properties", "aliases"])
            guard let name = item.string("name", required: true) else { return nil }
            return EventDefinition(
                name: name, description: item.string("description") ?? "", properties: parseProperties(item, key: "properties"),
                aliases: item.strings("aliases") ?? [])
        }
        return taxonomy
    }

    static func parseProperties(_ map: MapReader, key: String) -> [String: PropertySchema] {
        var result: [String: PropertySchema] = [:]
        for (name, reader) in map.entries(key) {
            if let schema = parseSchema(reader) { result[name] = schema }
        }
        return result
    }

    static let schemaKeys = [
        "type", "required", "description", "enum", "minimum", "maximum", "min_length", "max_length", "min_items",
        "pattern", "items", "properties",
    ]

    static func parseSchema(_ map: MapReader) -> PropertySchema? {
        map.allowOnly(schemaKeys)
        guard let type = map.choice("type", PropertyType.self, required: true) else { return nil }
        var schema = PropertySchema(type: type)
        schema.required = map.bool("required") ?? false
        schema.description = map.string("description")
        schema.enumValues = map.strings("enum")
        schema.minimum = map.double("minimum")
        schema.maximum = map.double("maximum")
        schema.minLength = map.int("min_length")
        schema.maxLength = map.int("max_length")
        schema.minItems = map.int("min_items")
        schema.pattern = map.string("pattern")
        if let items = map.map("items") {
            schema.items = parseSchema(items).map(Box.init)
        }
        if map.has("properties") { schema.properties = parseProperties(map, key: "properties") }
        return schema
    }

    static func parseHandoff(_ item: MapReader) -> HandoffDefinition? {
        item.allowOnly(["id", "name", "from", "to", "sla_hours", "requires", "payload", "acceptance"])
        let id = item.string("id", required: true)
        func party(_ key: String) -> HandoffDefinition.Party? {
            guard let map = item.map(key, required: true) else { return nil }
            map.allowOnly(["function", "owner"])
            let function = map.string("function", required: true)
            let owner = map.string("owner", required: true)
            guard let function, let owner else { return nil }
            return .init(function: function, owner: owner)
        }
        let from = party("from")
        let to = party("to")
        let sla = item.double("sla_hours", required: true)
        let payload = parseProperties(item, key: "payload")
        let acceptance = item.items("acceptance", parseRule)
        guard let id, let from, let to, let sla else { return nil }
        return HandoffDefinition(
            id: id, name: item.string("name") ?? id, from: from, to: to, slaHours: sla, requires: item.string("requires"),
            payload: payload, acceptance: acceptance)
    }

    static let ruleChecks = ["present", "min", "max", "min_items", "min_length", "one_of", "contact_of_account", "matches_outcome_model"]

    static func parseRule(_ item: MapReader) -> AcceptanceRule? {
        item.allowOnly(["field", "message"] + ruleChecks)
        guard let field = item.string("field", required: true) else { return nil }
        let given = ruleChecks.filter(item.has)
        guard given.count == 1, let which = given.first else {
            item.log.error(item.location, "\(item.path) must name exactly one check (\(ruleChecks.joined(separator: ", "))), found \(given.count)")
            return nil
        }
        let check: AcceptanceRule.Check?
        switch which {
        case "present": check = item.bool("present").map { _ in .present }
        case "min": check = item.double("min").map { .minimum($0) }
        case "max": check = item.double("max").map { .maximum($0) }
        case "min_items": check = item.int("min_items").map { .minItems($0) }
        case "min_length": check = item.int("min_length").map { .minLength($0) }
        case "one_of": check = item.strings("one_of").map { .oneOf($0) }
        case "contact_of_account": check = item.bool("contact_of_account").map { _ in .contactOfAccount }
        default: check = item.bool("matches_outcome_model").map { _ in .matchesOutcomeModel }
        }
        guard let check else { return nil }
        return AcceptanceRule(field: field, check: check, message: item.string("message") ?? "\(field) fails \(which)")
    }

    static func parseSource(_ item: MapReader) -> SourceDefinition? {
        item.allowOnly(["id", "system", "connection", "identity_keys", "sync", "errors", "mappings"])
        let id = item.string("id", required: true)
        let system = item.choice("system", SourceDefinition.System.self, required: true)
        let connection = item.choice("connection", SourceDefinition.Connection.self) ?? .api
        let keys = item.map("identity_keys")
        keys?.allowOnly(["account", "contact", "foreign", "format"])
        let sync = item.map("sync")
        let errors = item.map("errors")
        errors?.allowOnly(["policy", "notify"])
        let mappings = item.items("mappings") { m -> FieldMapping? in
            m.allowOnly(["from", "to", "direction", "system_of_record"])
            // `from` may list several names for one field: the API name and an export's column label.
            let from = m.strings("from", required: true)
            let to = m.string("to", required: true)
            let direction = m.choice("direction", FieldMapping.Direction.self) ?? .inbound
            guard let from, let first = from.first, let to else { return nil }
            var mapping = FieldMapping(from: first, to: to, direction: direction, systemOfRecord: m.bool("system_of_record") ?? false)
            mapping.aliases = Array(from.dropFirst())
            return mapping
        }
        guard let id, let system else { return nil }
        let accountKeys = keys?.strings("account") ?? []
        let contactKeys = keys?.strings("contact") ?? []
        var source = SourceDefinition(
            id: id, system: system, connection: connection, accountKey: accountKeys.first, contactKey: contactKeys.first,
            frequency: .daily,
            errorPolicy: errors?.choice("policy", SourceDefinition.ErrorPolicy.self) ?? .quarantine,
            notify: errors?.strings("notify") ?? [], mappings: mappings)
        if let sync { (source.frequency, source.cron) = parseFrequency(sync) }
        source.idFormat = keys?.choice("format", SourceDefinition.IDFormat.self)
        source.accountKeyAliases = Array(accountKeys.dropFirst())
        // Another system's account id held in this one (a Salesforce id in HubSpot): a deterministic link.
        if let foreign = keys?.map("foreign") {
            for (key, _) in foreign.mapping {
                guard let other = key.string, let columns = foreign.strings(other), !columns.isEmpty else { continue }
                source.foreignKeys[other] = columns
            }
        }
        source.contactKeyAliases = Array(contactKeys.dropFirst())
        source.sync = sync.flatMap(parseSync)
        return source
    }

    static func parseIdentity(_ map: MapReader) -> IdentityConfig {
        map.allowOnly(["match_threshold", "review_threshold", "blocking", "comparisons", "free_mail_domains", "model"])
        var config = IdentityConfig()
        config.matchThreshold = map.double("match_threshold") ?? config.matchThreshold
        config.reviewThreshold = map.double("review_threshold") ?? config.reviewThreshold
        if let blocking = map.node("blocking") {
            if case let .sequence(rules) = blocking {
                config.blocking = rules.map { rule in
                    if case let .sequence(fields) = rule { return fields.compactMap(\.string) }
                    return [rule.string].compactMap { $0 }
                }
            } else {
                map.log.error(blocking.location, "identity.blocking must be a list of field lists")
            }
        }
        config.comparisons = map.items("comparisons") { c in
            c.allowOnly(["field", "method", "thresholds"])
            let field = c.string("field", required: true)
            let method = c.choice("method", IdentityConfig.Method.self, required: true)
            let thresholds = (c.strings("thresholds") ?? []).compactMap(Double.init)
            guard let field, let method else { return nil }
            return .init(field: field, method: method, thresholds: thresholds)
        }
        config.freeMailDomains = map.strings("free_mail_domains") ?? []
        config.model = map.string("model")
        return config
    }
}
