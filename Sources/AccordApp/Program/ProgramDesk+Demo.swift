public import AccordCore
import AccordStore

extension ProgramDesk {
    /// The demo's monthly review: the dashboard specification signed by every function but IT (so
    /// phase 3 waits on one visible signature), and a taxonomy change half signed.
    public func seedDemoProposals(asOf: Day) async throws {
        let day: Int64 = 86_400_000
        let base = Instant(day: asOf).milliseconds
        func leader(_ function: String) -> String? { spec.leader(of: function)?.id }
        let proposer = "person:" + (spec.people.first { $0.role == .revops }?.id ?? "spec-file")
        let existing = try await store.specProposals()
        guard existing.isEmpty, !spec.signingFunctions.isEmpty else { return }
        func audit(_ action: String, _ actor: String, _ at: Instant, _ target: String = "spec_proposal") -> AuditEntry {
            AuditEntry(at: at, actor: actor, origin: "demo", action: action, target: target)
        }
        func sign(_ proposal: SpecProposal, _ functions: [String], from: Instant) async throws {
            var at = from
            for function in functions {
                guard let person = leader(function) else { continue }
                at = Instant(milliseconds: at.milliseconds + day)
                _ = try await store.signSpecProposal(
                    id: proposal.id, function: function, person: person, at: at, taxonomy: spec.taxonomy,
                    audit: audit("spec_proposal.signed", "person:\(person)", at, "spec_proposal:\(proposal.id)"))
            }
        }
        let signers = spec.signingFunctions
        let proposedAt = Instant(milliseconds: base - 20 * day)
        let dashboard = SpecProposal(
            id: 0, kind: .dashboard, title: "The shared dashboard for the first monthly review",
            changes: spec.dashboard.metrics.map { "adds \($0.id), owned by \($0.owners.joined(separator: ", ")), refreshed \($0.refresh.rawValue)" },
            body: DashboardSpecText.text(spec.dashboard), signers: signers, proposedBy: proposer, proposedAt: proposedAt)
        let stored = try await store.proposeSpecChange(dashboard, audit: audit("spec_proposal.proposed", proposer, proposedAt))
        try await sign(stored, signers.filter { $0 != "it" }, from: proposedAt)

        let change = TaxonomyChange(
            .addEvent, event: "report_exported", description: "A user exported a report from the product.",
            properties: ["report": Self.property(.string, required: true), "format": Self.property(.string, values: ["csv", "pdf", "xlsx"])])
        let title = "Track report exports from the product"
        guard
            let body = try? SpecProposalStateMachine.proposeTaxonomy(
                title: title, changes: [change], inEffect: SpecProposal.taxonomyInEffect(spec.taxonomy, proposals: [stored]).taxonomy, pending: [stored])
        else { return }
        let taxonomyAt = Instant(milliseconds: base - 6 * day)
        let taxonomy = try await store.proposeSpecChange(
            SpecProposal(
                id: 0, kind: .taxonomy, title: title, changes: [change.sentence], body: body, signers: signers, proposedBy: proposer,
                proposedAt: taxonomyAt), audit: audit("spec_proposal.proposed", proposer, taxonomyAt))
        try await sign(taxonomy, signers.filter { $0 == "cs" || $0 == "marketing" }, from: taxonomyAt)
        try await seedDemoMeetings(asOf: asOf, dashboard: stored.id, taxonomy: taxonomy.id)
        try await seedDemoGaps(asOf: asOf)
    }

    /// Gaps for the monthly review's integration queue on clients renewing soon: the product
    /// sending report_exported before the taxonomy has it (the proposal above), and one CS platform
    /// event without its required property. Few enough that every source stays integrated.
    func seedDemoGaps(asOf: Day) async throws {
        let renewing = try await store.integrationFacts(asOf: asOf, fields: []).renewing.values.sorted {
            ($0.renewalOn, $0.account) < ($1.renewalOn, $1.account)
        }
        guard !renewing.isEmpty else { return }
        let product = try await store.programEvidence(since: asOf.adding(days: -365)).sources["product"]?.records ?? 0
        let exports = min(12, product / 40)
        var entries: [IngestBatch.Entry] = []
        for index in 0..<exports {
            let client = renewing[index % min(4, renewing.count)]
            let at = Instant(day: asOf.adding(days: -(2 + index)), seconds: 10 * 3600 + index * 60)
            let payload: JSONValue = [
                "type": "track", "event": "report_exported", "messageId": .string("demo-export-\(index)"), "userId": .string("demo-user-\(index)"),
                "context": ["groupId": .string(client.account)], "properties": ["report": "Renewal forecast", "format": "csv"], "timestamp": .string(at.iso),
            ]
            entries.append(
                .init(
                    item: .quarantine(
                        FailedEvent(
                            messageID: "demo-export-\(index)", source: "product", type: .track, name: "report_exported", kind: .unplanned,
                            reasons: ["event 'report_exported' is not in the taxonomy (unplanned: quarantine)"], payload: payload, receivedAt: at))))
        }
        if spec.sources.contains(where: { $0.id == "gainsight" }), let client = renewing.last {
            let at = Instant(day: asOf.adding(days: -4), seconds: 15 * 3600)
            let payload: JSONValue = [
                "type": "track", "event": "business_outcome_documented", "messageId": "demo-outcome-1", "context": ["groupId": .string(client.account)],
                "properties": ["note": "Payroll closes two days sooner"], "timestamp": .string(at.iso),
            ]
            entries.append(
                .init(
                    item: .quarantine(
                        FailedEvent(
                            messageID: "demo-outcome-1", source: "gainsight", type: .track, name: "business_outcome_documented", kind: .invalid,
                            reasons: ["properties.outcome: required, missing"], payload: payload, receivedAt: at))))
        }
        guard !entries.isEmpty else { return }
        _ = try await store.ingest([IngestBatch(entries: entries, defaultSegment: spec.segments.first?.id ?? "smb")])
    }

    /// The last monthly review and weekly triage held, as their organizer recorded them.
    func seedDemoMeetings(asOf: Day, dashboard: Int, taxonomy: Int) async throws {
        let held = spec.program.rituals.occurrences(from: asOf.adding(days: -35), through: asOf.adding(days: -1))
        let attendees = spec.people.filter { ($0.role == .leader && spec.signingFunctions.contains($0.function)) || $0.role == .itPartner }.map(\.id)
        let organizer = spec.people.first { $0.role == .revops }?.id ?? "spec-file"
        let decisions: [Ritual: [String]] = [
            .monthlyReview: [
                "Proposal #\(dashboard): marketing, sales and CS signed the shared dashboard; IT signs once the data completeness figure is checked",
                "Proposal #\(taxonomy): track report exports; sales and IT to sign after the product team confirms the properties",
                "IT takes the integration queue's top three gaps before the next review",
            ],
            .weeklyTriage: ["Rejected close-to-onboarding handoffs lacked success criteria: sales leadership to coach the two reps concerned"],
        ]
        for ritual in [Ritual.monthlyReview, .weeklyTriage] {
            let people = ritual == .weeklyTriage ? Array(attendees.prefix(3)) : attendees
            guard let last = held.last(where: { $0.ritual == ritual }), !people.isEmpty else { continue }
            let at = Instant(milliseconds: last.at.milliseconds + 2 * 3_600_000)
            let meeting = Meeting(
                id: 0, ritual: ritual, heldOn: last.at.day, attendees: people, decisions: decisions[ritual] ?? [], notes: nil,
                recordedBy: "person:\(organizer)",
                recordedAt: at)
            _ = try await store.recordMeeting(
                meeting, audit: AuditEntry(at: at, actor: "person:\(organizer)", origin: "demo", action: "meeting.recorded", target: "meeting"))
        }
    }

    static func property(_ type: PropertyType, required: Bool = false, values: [String]? = nil) -> PropertySchema {
        var schema = PropertySchema(type: type)
        schema.required = required
        schema.enumValues = values
        return schema
    }
}
