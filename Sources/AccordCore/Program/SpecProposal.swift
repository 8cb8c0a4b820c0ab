/// A change to a shared part of the spec (the taxonomy or the dashboard specification) that the
/// monthly architecture review approves: the leaders of the signing functions (the IT partner for
/// IT) each sign it, and it takes effect from the last signature, never before.
public struct SpecProposal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable { case dashboard, taxonomy }
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, approved
        /// A newer proposal of the same kind was approved, or this one was withdrawn.
        case superseded
    }

    public var id: Int
    public var kind: Kind
    public var title: String
    /// What changes, one line each, for the people deciding whether to sign.
    public var changes: [String]
    /// The proposed section as canonical JSON: what is compared with the running spec.
    public var body: String
    public var signers: [String]
    public var status: Status
    public var proposedBy: String
    public var proposedAt: Instant
    public var signatures: [OutcomeModelVersion.Signature]
    public var approvedAt: Instant?

    public init(
        id: Int, kind: Kind, title: String, changes: [String], body: String, signers: [String], status: Status = .pending,
        proposedBy: String, proposedAt: Instant, signatures: [OutcomeModelVersion.Signature] = [], approvedAt: Instant? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.changes = changes
        self.body = body
        self.signers = signers
        self.status = status
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
        self.signatures = signatures
        self.approvedAt = approvedAt
    }

    public var missing: [String] { signers.filter { function in !signatures.contains { $0.function == function } } }
}

/// Why a signature on a proposal was refused, typed so the server picks the status from the case.
public enum ProposalFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case notSigner(name: String, role: String)
    case notPending(id: Int, status: SpecProposal.Status)
    case notASigner(function: String, signers: [String])
    case alreadySigned(function: String, id: Int)
    case emptyTitle
    case unchanged(kind: SpecProposal.Kind)
    case alreadyProposed(id: Int)
    case doesNotFit(String)

    public var description: String {
        switch self {
        case .notSigner(let name, let role):
            "only a function's leader (or the IT partner, for IT), signed in as themselves, signs a proposal; \(name) is \(role)"
        case .notPending(let id, let status): "proposal \(id) is \(status.rawValue); only a pending proposal is signed"
        case .notASigner(let function, let signers): "\(function) is not among the proposal's signers (\(signers.joined(separator: ", ")))"
        case .alreadySigned(let function, let id): "\(function) has already signed proposal \(id)"
        case .emptyTitle: "a proposal needs a title that says what it changes"
        case .unchanged(let kind): "the proposed \(kind.rawValue) is the one in effect; nothing would change"
        case .alreadyProposed(let id): "proposal \(id) already proposes exactly this and is waiting for signatures"
        case .doesNotFit(let reason): "the changes do not fit the taxonomy in effect: \(reason)"
        }
    }
}

/// A proposal's lifecycle: pending until every signer function has signed, approved from the last
/// signature (which supersedes the pending and approved proposals of the same kind before it).
public enum SpecProposalStateMachine {
    public struct Signing: Sendable, Hashable {
        public var signature: OutcomeModelVersion.Signature
        public var approves: Bool
    }

    /// The last signature puts a taxonomy change in effect, so it must still fit the spec's taxonomy
    /// with the proposals approved since it was proposed applied.
    public static func sign(
        _ proposal: SpecProposal, function: String, person: String, at: Instant, taxonomy: Taxonomy, proposals: [SpecProposal]
    ) throws(ProposalFailure) -> Signing {
        guard proposal.status == .pending else { throw .notPending(id: proposal.id, status: proposal.status) }
        guard proposal.signers.contains(function) else { throw .notASigner(function: function, signers: proposal.signers) }
        guard !proposal.signatures.contains(where: { $0.function == function }) else { throw .alreadySigned(function: function, id: proposal.id) }
        let approves = proposal.missing == [function]
        if approves, proposal.kind == .taxonomy {
            let inEffect = SpecProposal.taxonomyInEffect(taxonomy, proposals: proposals).taxonomy
            do { _ = try inEffect.applying(proposal.taxonomyChanges) } catch { throw .doesNotFit(error.description) }
        }
        return Signing(signature: .init(function: function, person: person, at: at), approves: approves)
    }

    /// A new proposal is refused when it changes nothing against what is in effect, or repeats one
    /// still waiting for signatures.
    public static func propose(
        kind: SpecProposal.Kind, title: String, body: String, inEffect: String, pending: [SpecProposal] = []
    ) throws(ProposalFailure) {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyTitle }
        guard body != inEffect else { throw .unchanged(kind: kind) }
        if let same = pending.first(where: { $0.kind == kind && $0.status == .pending && $0.body == body }) { throw .alreadyProposed(id: same.id) }
    }

    /// A taxonomy proposal must apply to the taxonomy in effect now; the same check runs again when
    /// the last signature lands.
    public static func proposeTaxonomy(
        title: String, changes: [TaxonomyChange], inEffect: Taxonomy, pending: [SpecProposal]
    ) throws(ProposalFailure) -> String {
        do { _ = try inEffect.applying(changes) } catch { throw .doesNotFit(error.description) }
        let body = TaxonomyChange.encodeList(changes)
        try propose(kind: .taxonomy, title: title, body: body, inEffect: "", pending: pending)
        return body
    }
}
