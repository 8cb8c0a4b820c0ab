public import AccordCore
public import AccordStore

/// Outcome model versions from the spec, and signing, the same for the API and the command line.
public struct OutcomeModelDesk: Sendable {
    public let spec: Spec
    public let store: any OutcomeStore

    public init(spec: Spec, store: any OutcomeStore) {
        self.spec = spec
        self.store = store
    }

    /// Each model in the spec becomes a draft version when no version holds exactly its content, so
    /// a change proposed through the API is not undone by the next start with an unchanged spec.
    @discardableResult
    public func syncFromSpec(at: Instant, actor: String) async throws -> [OutcomeModelVersion] {
        var proposed: [OutcomeModelVersion] = []
        let known = try await store.outcomeModelVersions().map(\.model)
        for model in spec.outcomeModels where !known.contains(model) {
            let audit = AuditEntry(at: at, actor: actor, origin: "local", action: "outcome_model.proposed", target: "outcome_model:\(model.id)")
            if let version = try await store.proposeOutcomeModel(model, by: actor, at: at, audit: audit) { proposed.append(version) }
        }
        return proposed
    }

    /// The demo's history: the spec's models signed by every leader a year before `asOf`, and a
    /// proposed change (the first target raised) that half the signers have signed since.
    public func seedDemoHistory(asOf: Instant) async throws {
        let day: Int64 = 86_400_000
        func leader(_ function: String) -> String? { spec.leader(of: function)?.id }
        let proposer = spec.people.first { $0.role == .revops }?.id ?? "spec-file"
        for model in spec.outcomeModels {
            var at = Instant(milliseconds: asOf.milliseconds - 400 * day)
            func audit(_ action: String, _ actor: String) -> AuditEntry {
                AuditEntry(at: at, actor: "person:\(actor)", origin: "demo", action: action, target: "outcome_model:\(model.id)")
            }
            guard let first = try await store.proposeOutcomeModel(model, by: "person:\(proposer)", at: at, audit: audit("outcome_model.proposed", proposer))
            else { continue }
            for function in model.signers {
                guard let person = leader(function) else { continue }
                at = Instant(milliseconds: at.milliseconds + day)
                _ = try await store.signOutcomeModel(
                    id: model.id, version: first.version, function: function, person: person, at: at, audit: audit("outcome_model.signed", person))
            }
            guard var changed = Optional(model), !changed.outcomes.isEmpty else { continue }
            changed.outcomes[0].target = changed.outcomes[0].measure == .usageRatio ? min(1, changed.outcomes[0].target + 0.05) : changed.outcomes[0].target + 1
            at = Instant(milliseconds: asOf.milliseconds - 12 * day)
            guard let draft = try await store.proposeOutcomeModel(changed, by: "person:\(proposer)", at: at, audit: audit("outcome_model.proposed", proposer))
            else { continue }
            for function in model.signers.prefix(model.signers.count / 2) {
                guard let person = leader(function) else { continue }
                at = Instant(milliseconds: at.milliseconds + 2 * day)
                _ = try await store.signOutcomeModel(
                    id: model.id, version: draft.version, function: function, person: person, at: at, audit: audit("outcome_model.signed", person))
            }
        }
    }

    /// A leader signs for their function; the policy decides who may.
    public func sign(id: String, version: Int, principal: Principal, origin: String, at: Instant) async throws -> OutcomeModelVersion {
        guard let function = principal.function, let person = principal.personID,
            AccessPolicy(spec: spec).allows(principal, .signOutcomeModel(function: function))
        else {
            throw SignFailure.notLeaderOfFunction(name: principal.name, role: principal.role.rawValue)
        }
        let audit = AuditEntry(at: at, actor: principal.auditName, origin: origin, action: "outcome_model.signed", target: "outcome_model:\(id)")
        return try await store.signOutcomeModel(id: id, version: version, function: function, person: person, at: at, audit: audit)
    }

    public func diff(id: String, from: Int, to: Int) async throws -> [String] {
        let versions = try await store.outcomeModelVersions().filter { $0.model.id == id }
        guard let old = versions.first(where: { $0.version == from }), let new = versions.first(where: { $0.version == to }) else {
            throw StoreError.notFound("no outcome model '\(id)' with versions \(from) and \(to)")
        }
        return OutcomeModelDiff.lines(from: old.model, to: new.model)
    }
}

/// A version as the API shows it: with the functions still to sign.
public struct OutcomeModelVersionView: Encodable, Sendable {
    public var id: String
    public var name: String
    public var segment: String
    public var version: Int
    public var status: OutcomeModelVersion.Status
    public var signers: [String]
    public var signatures: [OutcomeModelVersion.Signature]
    public var missing: [String]
    public var outcomes: [OutcomeView]
    public var createdAt: Instant
    public var activatedAt: Instant?

    public struct OutcomeView: Encodable, Sendable {
        public var id: String
        public var description: String
        public var measure: String
        public var target: Double
        public var day: Int
    }

    public init(_ v: OutcomeModelVersion) {
        id = v.model.id
        name = v.model.name
        segment = v.model.segment
        version = v.version
        status = v.status
        signers = v.model.signers
        signatures = v.signatures
        missing = v.missing
        outcomes = v.model.outcomes.map { OutcomeView(id: $0.id, description: $0.description, measure: $0.measure.kind, target: $0.target, day: $0.day) }
        createdAt = v.createdAt
        activatedAt = v.activatedAt
    }
}
