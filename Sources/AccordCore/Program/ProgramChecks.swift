extension ProgramStatus {
    /// Phase 1: each segment's outcome model active, signed by the leader of every signing function.
    static func outcomeChecks(spec: Spec, evidence: ProgramEvidence, names: Names) -> [Check] {
        let four = spec.signingFunctions
        return spec.segments.map { segment -> Check in
            let id = "outcome_model.\(segment.id)"
            let label = "\(segment.name): outcome model signed by \(names.functions(four))"
            let models = spec.outcomeModels.filter { $0.segment == segment.id }
            guard !models.isEmpty else {
                return Check(id: id, label: label, passed: false, detail: "no outcome model for \(segment.name) in the spec; write one under outcome_models")
            }
            var problems: [String] = []
            for model in models {
                let versions = evidence.outcomeVersions.filter { $0.model.id == model.id }
                let lacking = four.filter { !model.signers.contains($0) }
                if let active = versions.first(where: { $0.status == .active }) {
                    let lackingActive = four.filter { !active.model.signers.contains($0) }
                    if lackingActive.isEmpty {
                        let signed = active.signatures.map { "\(names.function($0.function)) (\(names.person($0.person)), \($0.at.day.iso))" }
                        return Check(
                            id: id, label: label, passed: true,
                            detail: "\(model.name) version \(active.version), signed by \(signed.joined(separator: ", "))")
                    }
                    problems.append("\(model.name) is active but \(names.functions(lackingActive)) do not sign it; add them to its signers")
                } else if !lacking.isEmpty {
                    problems.append("\(model.name) leaves \(names.functions(lacking)) out of its signers")
                } else if let draft = versions.filter({ $0.status == .draft }).max(by: { $0.version < $1.version }) {
                    problems.append("\(model.name) version \(draft.version) waits for \(names.functions(draft.missing)) to sign")
                } else {
                    problems.append("\(model.name) has not been proposed yet; start Accord with the spec to propose it")
                }
            }
            return Check(id: id, label: label, passed: false, detail: problems.joined(separator: "; "))
        }
    }

    /// Phase 2: each transition of the variant published with SLA, payload and acceptance rules, and decided under them.
    static func handoffChecks(spec: Spec, evidence: ProgramEvidence) -> [Check] {
        spec.program.transitions.map { id -> Check in
            let label = "\(id): SLA, payload and acceptance rules published, and handoffs decided under them"
            guard let definition = spec.handoffs.first(where: { $0.id == id }) else {
                return Check(
                    id: "handoff.\(id)", label: label, passed: false,
                    detail: "\(id) is not among the spec's handoffs; add it, or name the handoff that stands for it under program.handoffs")
            }
            var missing: [String] = []
            if definition.slaHours <= 0 { missing.append("an SLA above 0 hours") }
            if definition.payload.isEmpty { missing.append("a payload") }
            if definition.acceptance.isEmpty { missing.append("acceptance rules") }
            let seen = evidence.handoffs[id] ?? .init()
            if !missing.isEmpty {
                return Check(
                    id: "handoff.\(id)", label: label, passed: false, detail: "\(definition.name) has no \(missing.joined(separator: ", ")) in the spec")
            }
            let rules =
                "SLA \(Format.oneDecimal(definition.slaHours)) hours, \(plural(definition.payload.count, "payload field")), \(plural(definition.acceptance.count, "acceptance rule"))"
            guard seen.decided > 0 else {
                let waiting = seen.firstSubmitted == nil ? "none submitted" : "submitted ones wait for a decision"
                return Check(
                    id: "handoff.\(id)", label: label, passed: false,
                    detail: "\(definition.name): \(rules); no handoff decided since the program started (\(waiting))")
            }
            return Check(
                id: "handoff.\(id)", label: label, passed: true,
                detail: "\(definition.name): \(rules); \(Format.count(seen.decided)) decided since the program started")
        }
    }

    /// Phase 3: one client record id across the sources, the taxonomy live, the dashboard specification approved.
    static func dataChecks(spec: Spec, evidence: ProgramEvidence, names: Names) -> [Check] {
        let config = spec.program
        var checks = spec.sources.map { source -> Check in
            let seen = evidence.sources[source.id] ?? .init()
            let label = "\(source.id): at least \(share(config.linkedShare)) of records on one client record"
            guard seen.records > 0 else {
                return Check(
                    id: "source.\(source.id)", label: label, passed: false, detail: "no records from \(source.id) yet; connect it (accord source, accord sync)")
            }
            let linked = Double(seen.linked) / Double(seen.records)
            let counts = "\(Format.count(seen.linked)) of \(Format.count(seen.records)) records (\(share(linked)))"
            return Check(
                id: "source.\(source.id)", label: label, passed: linked >= config.linkedShare,
                detail: linked >= config.linkedShare
                    ? "\(counts) on one client record" : "only \(counts) on a client record; link the rest on the identity review page")
        }
        let events = evidence.sources.values.reduce(0) { $0 + $1.events }
        let onPlan = evidence.sources.values.reduce(0) { $0 + $1.onPlan }
        let planned = events == 0 ? 0 : Double(onPlan) / Double(events)
        checks.append(
            Check(
                id: "taxonomy", label: "taxonomy live: at least \(share(config.onPlanShare)) of events on the tracking plan",
                passed: events > 0 && planned >= config.onPlanShare,
                detail: events == 0
                    ? "no events yet"
                    : "\(Format.count(onPlan)) of \(Format.count(events)) events on plan (\(share(planned)))"
                        + (planned >= config.onPlanShare ? "" : "; fix the sources sending events kept aside, or propose the events they send")))
        checks.append(dashboardCheck(spec: spec, evidence: evidence, names: names))
        return checks
    }

    static func dashboardCheck(spec: Spec, evidence: ProgramEvidence, names: Names) -> Check {
        let label = "shared dashboard specification approved by \(names.functions(spec.signingFunctions))"
        func check(_ passed: Bool, _ detail: String) -> Check { Check(id: "dashboard", label: label, passed: passed, detail: detail) }
        let absent = spec.program.variant.sharedMetrics.filter { id in !spec.dashboard.metrics.contains { $0.id == id } }
        if !absent.isEmpty { return check(false, "the dashboard leaves out \(absent.joined(separator: ", ")), which every function reads") }
        let current = DashboardSpecText.text(spec.dashboard)
        let proposals = evidence.dashboardProposals.sorted { $0.id > $1.id }
        if let approved = proposals.first(where: { $0.status == .approved && $0.body == current }) {
            let who = approved.signatures.map { "\(names.function($0.function)) (\(names.person($0.person)))" }.joined(separator: ", ")
            return check(true, "proposal \(approved.id) approved on \(approved.approvedAt?.day.iso ?? "?") by \(who)")
        }
        if let pending = proposals.first(where: { $0.status == .pending && $0.body == current }) {
            let waiting = pending.missing.map { function in
                let signer = spec.leader(of: function)
                return signer.map { "\(names.function(function)) (\($0.name))" } ?? names.function(function)
            }
            return check(false, "proposal \(pending.id), \(pending.title), waits for \(waiting.joined(separator: ", ")) to sign")
        }
        if let approved = proposals.first(where: { $0.status == .approved }) {
            return check(
                false,
                "the spec's dashboard differs from proposal \(approved.id) approved on \(approved.approvedAt?.day.iso ?? "?"); propose the change for the monthly review"
            )
        }
        return check(false, "no dashboard specification proposed yet; the monthly architecture review proposes it and the four functions sign it")
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(Format.count(count)) \(noun)\(count == 1 ? "" : "s")" }

    /// A share floored to one decimal, so that 94.96% never reads as a passing 95%.
    static func share(_ value: Double) -> String {
        let tenths = (value * 1000).rounded(.down) / 10
        return "\(Format.oneDecimal(tenths))%"
    }
}
