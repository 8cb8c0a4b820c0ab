public import AccordCore
public import AccordStore

/// Outcome model versions from the spec, and signing, the same for the API and the command line.
public struct OutcomeModelDesk: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    /// Each model in the spec becomes a draft version when it is new or differs from the newest one.
    @discardableResult
    public func syncFromSpec(at: Instant, actor: String) async throws -> [OutcomeModelVersion] {
        var proposed: [OutcomeModelVersion] = []
        for model in spec.outcomeModels {
            let audit = AuditEntry(at: at, actor: actor, origin: "local", action: "outcome_model.proposed", target: "outcome_model:\(model.id)")
            if let version = try await store.proposeOutcomeModel(model, by: actor, at: at, audit: audit) { proposed.append(version) }
        }
        return proposed
    }

    /// A leader signs for their function; the policy decides who may.
    public func sign(id: String, version: Int, principal: Principal, origin: String, at: Instant) async throws -> OutcomeModelVersion {
        guard let function = principal.function, let person = principal.personID,
            AccessPolicy(spec: spec).allows(principal, .signOutcomeModel(function: function))
        else {
            throw StoreError.conflict("only a function's leader, signed in as themselves, signs an outcome model; \(principal.name) is \(principal.role.rawValue)")
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
