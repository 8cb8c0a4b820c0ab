extension SpecParser {
    static let triggerKeys = [
        "event", "where", "outcome", "health_band", "renewal_within", "risk", "handoff_rejected", "single_threaded", "no_decision_maker_days", "nps_detractor",
        "sync_failed",
    ]

    /// One item of `playbooks`; references to events, people, functions, segments and handoffs
    /// are checked by `SpecValidator` once the whole spec is read.
    static func parsePlay(_ item: MapReader) -> Play? {
        item.allowOnly(["id", "name", "trigger", "when", "actions", "holdout", "cooldown_days", "max_open_tasks", "status"])
        guard let id = item.string("id", required: true), let trigger = item.map("trigger", required: true).flatMap(parseTrigger) else { return nil }
        var conditions = Play.Conditions()
        if let when = item.map("when") {
            when.allowOnly(["segments", "min_mrr", "stages", "owners"])
            conditions.segments = when.strings("segments") ?? []
            conditions.minMRRCents = when.double("min_mrr").map { Int64(($0 * 100).rounded()) }
            for (index, name) in (when.strings("stages") ?? []).enumerated() {
                if let stage = LifecycleStage(rawValue: name) {
                    conditions.stages.append(stage)
                } else {
                    when.log.error(
                        when.log.locations["\(when.path).stages[\(index)]"] ?? when.locationOf("stages"),
                        "\(when.path).stages[\(index)] '\(name)' is not a lifecycle stage; stages are \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
            conditions.owners = when.strings("owners") ?? []
        }
        let actions = item.list("actions", required: true).compactMap(parseAction)
        var holdout = 0.0
        if item.has("holdout") {
            let text = item.string("holdout") ?? ""
            let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            if let number, (0...0.5).contains(number) {
                holdout = number
            } else {
                item.log.error(item.locationOf("holdout"), "\(item.path).holdout must be a share from 0% to 50%, such as 10%, got '\(text)'")
            }
        }
        let cooldown = item.int("cooldown_days") ?? 30
        let cap = item.int("max_open_tasks") ?? 25
        if cooldown < 0 { item.log.error(item.locationOf("cooldown_days"), "\(item.path).cooldown_days must not be negative") }
        if cap < 1 { item.log.error(item.locationOf("max_open_tasks"), "\(item.path).max_open_tasks must be at least 1") }
        return Play(
            id: id, name: item.string("name") ?? id, trigger: trigger, conditions: conditions, actions: actions, holdout: holdout,
            cooldownDays: max(0, cooldown), maxOpenTasks: max(1, cap), status: item.choice("status", Play.Status.self) ?? .dryRun)
    }

    static func parseTrigger(_ map: MapReader) -> Play.Trigger? {
        map.allowOnly(triggerKeys)
        let kinds = [
            "event", "outcome", "health_band", "renewal_within", "handoff_rejected", "single_threaded", "no_decision_maker_days", "nps_detractor",
            "sync_failed",
        ]
        let given = kinds.filter(map.has)
        guard given.count == 1 else {
            map.log.error(
                map.location,
                "\(map.path) must name exactly one trigger (\(kinds.joined(separator: ", "))), got \(given.isEmpty ? "none" : given.joined(separator: " and "))"
            )
            return nil
        }
        switch given[0] {
        case "event":
            guard let name = map.string("event") else { return nil }
            var conditions: [String: String] = [:]
            if let filter = map.map("where") { for (key, _) in filter.mapping { if let key = key.string { conditions[key] = filter.string(key) ?? "" } } }
            return .event(name: name, where: conditions)
        case "outcome":
            guard let state = map.choice("outcome", OutcomeProgress.State.self) else { return nil }
            guard state == .atRisk || state == .missed else {
                map.log.error(map.locationOf("outcome"), "\(map.path).outcome must be at_risk or missed: a play starts when an outcome goes wrong")
                return nil
            }
            return .outcome(state: state)
        case "health_band":
            return map.choice("health_band", HealthConfig.Band.self).map(Play.Trigger.healthBand)
        case "renewal_within":
            guard let days = map.int("renewal_within") else { return nil }
            guard (1...366).contains(days) else {
                map.log.error(map.locationOf("renewal_within"), "\(map.path).renewal_within must be from 1 to 366 days")
                return nil
            }
            return .renewal(days: days, risk: map.choice("risk", RenewalCalendar.Risk.self) ?? .low)
        case "handoff_rejected":
            guard let times = map.int("handoff_rejected"), times >= 1 else {
                map.log.error(map.locationOf("handoff_rejected"), "\(map.path).handoff_rejected must be a count of at least 1")
                return nil
            }
            return .handoffRejected(times: times)
        case "no_decision_maker_days":
            guard let days = map.int("no_decision_maker_days"), days >= 1 else {
                map.log.error(map.locationOf("no_decision_maker_days"), "\(map.path).no_decision_maker_days must be at least 1")
                return nil
            }
            return .noDecisionMaker(days: days)
        case "single_threaded": return map.bool("single_threaded") == false ? nil : .singleThreaded
        case "sync_failed": return map.bool("sync_failed") == false ? nil : .syncFailed
        default: return map.bool("nps_detractor") == false ? nil : .npsDetractor
        }
    }

    static func parseAction(_ item: MapReader) -> Play.Action? {
        item.allowOnly(["task", "handoff", "for", "due_days", "notify", "log"])
        let due = item.int("due_days") ?? 7
        if item.has("task") || item.has("handoff") {
            guard let assignee = parseAssignee(item) else { return nil }
            if let title = item.string("task") { return .task(title: title, assignee: assignee, dueDays: due) }
            return item.string("handoff").map { .handoff($0, assignee: assignee, dueDays: due) }
        }
        if item.has("notify") { return .notify }
        if let event = item.string("log") { return .log(event) }
        item.log.error(item.location, "\(item.path) must be a task, a handoff to prepare, a notify or a log action")
        return nil
    }

    /// `for: owner_cs | owner_sales | owner_marketing | PERSON` or `for: {function: cs, role: leader}`.
    static func parseAssignee(_ item: MapReader) -> Play.Assignee? {
        if case .mapping = item.node("for"), let role = item.map("for") {
            role.allowOnly(["function", "role"])
            guard let function = role.string("function", required: true), let kind = role.choice("role", Person.Role.self, required: true) else { return nil }
            return .role(function: function, role: kind)
        }
        guard let name = item.string("for", required: true) else { return nil }
        return ["owner_cs", "owner_sales", "owner_marketing"].contains(name) ? .owner(name) : .person(name)
    }
}
