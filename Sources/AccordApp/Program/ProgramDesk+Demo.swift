public import AccordCore
import AccordStore

extension ProgramDesk {
    /// The demo's monthly review: the dashboard specification signed by every function but IT (so
    /// phase 3 waits on one visible signature), and a taxonomy change half signed.
    public func seedDemoProposals(asOf: Day) async throws {
        let day: Int64 = 86_400_000
        let base = Instant(day: asOf).milliseconds
        func leader(_ function: String) -> String? { spec.people.first { $0.function == function && $0.role == .leader }?.id }
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
