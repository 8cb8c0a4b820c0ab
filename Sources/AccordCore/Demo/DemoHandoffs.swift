/// Handoff history for one demo account: each transition the account has reached, submitted by
/// its sender and decided by its receiver. Some are rejected and resubmitted, a few arrive
/// incomplete, some wait past their SLA, and the newest still wait. Drawn from a stream of its
/// own, so the rest of the demo company stays what it was.
struct DemoHandoffs {
    let config: DemoConfig
    var rng: SeededRandom
    var counter = 0

    init(config: DemoConfig, index: Int) {
        self.config = config
        rng = SeededRandom(seed: config.seed ^ 0x4841_4E44_4F46_4653, stream: UInt64(index))
    }

    static let comments: [Handoff.Reason: [String]] = [
        .missingData: ["No success criteria with numbers; add the targets agreed with the sponsor.", "Stakeholder map stops at the champion."],
        .wrongData: ["The named sponsor left the company in March.", "Integration scope says SSO only; the contract includes payroll sync."],
        .notReady: ["Client has not named a technical owner yet.", "Legal review still open on their side."],
        .commitmentNotFeasible: ["Sales promised a custom HRIS connector in 30 days.", "Go-live date in the contract is before their data is ready."],
        .other: ["Duplicate of an earlier submission.", "Wrong account selected."],
    ]

    /// - Parameter reached: the day each transition happened, in the spec's order; nil when not reached.
    mutating func add(account: Account, contacts: [Contact], reached: [String: Day], health: Double, into data: inout Dataset) {
        for definition in config.handoffs {
            guard let day = reached[definition.id], day <= config.asOf else { continue }
            var submitted = Instant(day: day, seconds: rng.int(9 * 3600...17 * 3600))
            var previous: String?
            var attempts = 0
            while attempts < 4 {
                attempts += 1
                let incomplete = attempts == 1 && rng.chance(0.06)
                var payload = samplePayload(definition, account: account, contacts: contacts)
                if incomplete, case .object(var fields) = payload, let dropped = definition.payload.filter({ $0.value.required }).keys.sorted().first {
                    fields[dropped] = nil
                    payload = .object(fields)
                }
                let due = Instant(milliseconds: submitted.milliseconds + Int64(definition.slaHours * 3_600_000))
                counter += 1
                var handoff = Handoff(
                    id: "hnd_\(account.id.dropFirst(4))\(counter)", handoff: definition.id, accountID: account.id, status: .waiting, payload: payload,
                    problems: [], submittedBy: "person:\(definition.from.owner)", submittedAt: submitted, dueAt: due, previousID: previous)
                data.events.append(HandoffEvents.event(.submitted, handoff, definition: definition, at: submitted))
                if incomplete {
                    handoff.status = .autoRejected
                    handoff.problems = HandoffCheck.problems(
                        definition, payload: payload, facts: AccountFacts(contacts: contacts, accepted: Set(config.handoffs.map(\.id))))
                    data.events.append(HandoffEvents.event(.rejected, handoff, definition: definition, at: submitted))
                    data.handoffs.append(handoff)
                    previous = handoff.id
                    submitted = Instant(milliseconds: submitted.milliseconds + Int64(rng.int(2...30)) * 3_600_000)
                    continue
                }
                // The last few days' submissions mostly still wait, so inboxes have something in them.
                let end = Instant(day: config.asOf, seconds: 86_399)
                if end.milliseconds - submitted.milliseconds < 4 * 86_400_000, rng.chance(0.7) {
                    data.handoffs.append(handoff)
                    break
                }
                // Hours to a decision: mostly inside the SLA, sometimes well past it.
                let late = rng.chance(0.12 + 0.1 * (1 - health))
                let hours = late ? definition.slaHours * rng.double(1.1...2.5) : definition.slaHours * rng.double(0.05...0.9)
                let decidedAt = Instant(milliseconds: submitted.milliseconds + Int64(hours * 3_600_000))
                if late {
                    let found = Instant(milliseconds: due.milliseconds + Int64(rng.int(1...59)) * 60_000)
                    if found <= Instant(day: config.asOf, seconds: 86_399) {
                        handoff.breachedAt = found
                        data.events.append(HandoffEvents.event(.slaBreached, handoff, definition: definition, at: found))
                    }
                }
                guard decidedAt <= Instant(day: config.asOf, seconds: 86_399) else {
                    data.handoffs.append(handoff)
                    break
                }
                let rejected = attempts == 1 && rng.chance(0.1 + 0.25 * (1 - health))
                handoff.decidedBy = "person:\(definition.to.owner)"
                handoff.decidedAt = decidedAt
                if rejected {
                    let reason = rng.pick([
                        (Handoff.Reason.missingData, 0.4), (.wrongData, 0.2), (.notReady, 0.2), (.commitmentNotFeasible, 0.15), (.other, 0.05),
                    ])
                    handoff.status = .rejected
                    handoff.reason = reason
                    handoff.comment = rng.pick(Self.comments[reason]!)
                    data.events.append(HandoffEvents.event(.rejected, handoff, definition: definition, at: decidedAt))
                    data.handoffs.append(handoff)
                    previous = handoff.id
                    submitted = Instant(milliseconds: decidedAt.milliseconds + Int64(rng.int(4...72)) * 3_600_000)
                    guard submitted <= Instant(day: config.asOf, seconds: 86_399) else { break }
                    continue
                }
                handoff.status = .accepted
                data.events.append(HandoffEvents.event(.accepted, handoff, definition: definition, at: decidedAt))
                data.handoffs.append(handoff)
                break
            }
        }
    }

    /// A payload that passes the definition's schema and acceptance rules, with the account's own people.
    mutating func samplePayload(_ definition: HandoffDefinition, account: Account, contacts: [Contact]) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        let sponsor = contacts.first { $0.stakeholderRole == .executiveSponsor } ?? contacts.first
        let owner = contacts.first { $0.stakeholderRole == .technicalOwner } ?? contacts.first
        for (name, schema) in definition.payload.sorted(by: { $0.key < $1.key }) {
            let rules = definition.acceptance.filter { $0.field == name }
            switch name {
            case "executive_sponsor": fields[name] = .string(sponsor?.name ?? "Unnamed Sponsor")
            case "technical_owner": fields[name] = .string(owner?.name ?? "Unnamed Owner")
            case "stakeholder_map":
                var map = contacts.prefix(6).map { contact -> JSONValue in
                    ["name": .string(contact.name), "role": .string(contact.stakeholderRole.rawValue), "influence": .number(Double(contact.influence))]
                }
                while map.count < 3 { map.append(["name": .string("Team lead \(map.count)"), "role": "user", "influence": 1]) }
                fields[name] = .array(map)
            case "success_criteria":
                fields[name] = [
                    ["outcome": "time to first payroll run (days)", "target": .number(Double(rng.int(20...45)))],
                    ["outcome": "weekly active seats (%)", "target": .number(Double(rng.int(60...85)))],
                ]
            default:
                fields[name] = sample(schema, rules: rules)
            }
        }
        return .object(fields)
    }

    mutating func sample(_ schema: PropertySchema, rules: [AcceptanceRule]) -> JSONValue {
        var low = schema.minimum ?? 0
        var high = schema.maximum ?? 100
        for rule in rules {
            if case .minimum(let bound) = rule.check { low = max(low, bound) }
            if case .maximum(let bound) = rule.check { high = min(high, bound) }
        }
        switch schema.type {
        case .string:
            let allowed = rules.compactMap { if case .oneOf(let values) = $0.check { values } else { nil } }.first ?? schema.enumValues
            if let allowed, !allowed.isEmpty { return .string(rng.pick(allowed)) }
            return .string(rng.pick(DemoHandoffs.sentences))
        case .number: return .number(((high > 1 ? rng.double(low...high) : rng.double(low...high) * 100).rounded()) / (high > 1 ? 1 : 100))
        case .integer: return .number(Double(rng.int(Int(low.rounded(.up))...max(Int(low.rounded(.up)), min(Int(high), Int(low) + 6)))))
        case .boolean: return .bool(true)
        case .array:
            let least = max(schema.minItems ?? 0, rules.compactMap { if case .minItems(let n) = $0.check { n } else { nil } }.max() ?? 0, 1)
            return .array(
                (0..<least + rng.int(0...1)).map { _ in
                    guard let item = schema.items?.value, item.type != .string else { return .string(rng.pick(DemoHandoffs.assets)) }
                    return sample(item, rules: [])
                })
        case .object: return .object([:])
        }
    }

    static let sentences = [
        "Replace three spreadsheets used for payroll approvals with one reviewed workflow",
        "Cut onboarding time for new hires across four regional offices",
        "Give finance a single source of truth for headcount cost each month",
        "HRIS sync with SSO, payroll export in phase two",
    ]
    static let assets = ["ROI calculator", "Payroll compliance webinar", "Customer story: regional retailer", "Pricing page", "Security whitepaper"]
}
