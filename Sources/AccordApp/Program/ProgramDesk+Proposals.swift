public import AccordCore
import AccordStore

/// The proposals the monthly architecture review signs: the dashboard specification as the spec
/// now has it, and taxonomy changes that ingestion applies from their last signature.
extension ProgramDesk {
    public func proposals() async throws -> [SpecProposal] { try await store.specProposals() }

    /// The dashboard as the spec file has it, proposed for the four functions to sign.
    public func proposeDashboard(title: String, by principal: Principal, origin: String, at: Instant) async throws -> SpecProposal {
        let existing = try await store.specProposals()
        let body = DashboardSpecText.text(spec.dashboard)
        let inEffect = existing.first { $0.kind == .dashboard && $0.status == .approved }?.body ?? ""
        try SpecProposalStateMachine.propose(kind: .dashboard, title: title, body: body, inEffect: inEffect, pending: existing)
        let changes =
            inEffect.isEmpty
            ? spec.dashboard.metrics.map { "adds \($0.id), owned by \($0.owners.joined(separator: ", ")), refreshed \($0.refresh.rawValue)" }
            : DashboardSpecText.changes(from: inEffect, to: body)
        return try await propose(.dashboard, title: title, changes: changes, body: body, by: principal, origin: origin, at: at)
    }

    /// Taxonomy changes, checked against the taxonomy in effect now.
    public func proposeTaxonomy(
        title: String, changes: [TaxonomyChange], by principal: Principal, origin: String, at: Instant
    ) async throws -> SpecProposal {
        let existing = try await store.specProposals()
        let inEffect = SpecProposal.taxonomyInEffect(spec.taxonomy, proposals: existing).taxonomy
        let body = try SpecProposalStateMachine.proposeTaxonomy(title: title, changes: changes, inEffect: inEffect, pending: existing)
        return try await propose(.taxonomy, title: title, changes: changes.map(\.sentence), body: body, by: principal, origin: origin, at: at)
    }

    private func propose(
        _ kind: SpecProposal.Kind, title: String, changes: [String], body: String, by principal: Principal, origin: String, at: Instant
    ) async throws -> SpecProposal {
        let proposal = SpecProposal(
            id: 0, kind: kind, title: title, changes: changes, body: body, signers: spec.signingFunctions, proposedBy: principal.auditName, proposedAt: at)
        let audit = AuditEntry(at: at, actor: principal.auditName, origin: origin, action: "spec_proposal.proposed", target: "spec_proposal")
        return try await store.proposeSpecChange(proposal, audit: audit)
    }

    /// A leader (or the IT partner, for IT) signs for their function; the policy decides who may.
    public func sign(proposal id: Int, principal: Principal, origin: String, at: Instant) async throws -> SpecProposal {
        guard let function = principal.function, let person = principal.personID,
            AccessPolicy(spec: spec).allows(principal, .signSpecProposal(function: function))
        else { throw ProposalFailure.notSigner(name: principal.name, role: principal.role.rawValue) }
        let audit = AuditEntry(at: at, actor: principal.auditName, origin: origin, action: "spec_proposal.signed", target: "spec_proposal:\(id)")
        return try await store.signSpecProposal(id: id, function: function, person: person, at: at, taxonomy: spec.taxonomy, audit: audit)
    }
}
