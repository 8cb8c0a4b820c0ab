/// Why a signature on an outcome model version was refused, typed, so that the server chooses
/// its status from the case and never from a message's text.
public enum SignFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Only a function's leader, signed in as themselves, signs for that function.
    case notLeaderOfFunction(name: String, role: String)
    /// Only a draft is signed; an active or superseded version is settled.
    case notDraft(model: String, version: Int, status: OutcomeModelVersion.Status)
    /// The model names the functions whose leaders sign it; this is not one of them.
    case notASigner(function: String, model: String, signers: [String])
    case alreadySigned(function: String, model: String, version: Int)

    public var description: String {
        switch self {
        case .notLeaderOfFunction(let name, let role):
            "only a function's leader, signed in as themselves, signs an outcome model; \(name) is \(role)"
        case .notDraft(let model, let version, let status): "\(model) version \(version) is \(status.rawValue); only a draft is signed"
        case .notASigner(let function, let model, let signers): "\(function) is not among the signers of \(model) (\(signers.joined(separator: ", ")))"
        case .alreadySigned(let function, let model, let version): "\(function) has already signed \(model) version \(version)"
        }
    }
}

/// An outcome model version's lifecycle: proposed as a draft, signed by the leader of each
/// function it names, active from its last signature (the version active before, and older
/// drafts, superseded then). Signing returns what to write, or a typed failure.
public enum OutcomeVersionStateMachine {
    public struct Signing: Sendable, Hashable {
        public var signature: OutcomeModelVersion.Signature
        /// This was the last missing signature: the version becomes the model, and the one active before it and older drafts are superseded.
        public var activates: Bool
    }

    /// A proposal: the next version number as a draft, the older unsigned drafts superseded (their
    /// signatures no longer count); nil when `body` equals the newest version's, so nothing changes.
    public static func propose(body: String, newest: (version: Int, body: String)?) -> Proposal? {
        if let newest, newest.body == body { return nil }
        return Proposal(version: (newest?.version ?? 0) + 1, supersedesDrafts: true)
    }

    public struct Proposal: Sendable, Hashable {
        public var version: Int
        public var supersedesDrafts: Bool

        public init(version: Int, supersedesDrafts: Bool) {
            self.version = version
            self.supersedesDrafts = supersedesDrafts
        }
    }

    public static func sign(_ current: OutcomeModelVersion, function: String, person: String, at: Instant) throws(SignFailure) -> Signing {
        guard current.status == .draft else { throw .notDraft(model: current.model.id, version: current.version, status: current.status) }
        guard current.model.signers.contains(function) else { throw .notASigner(function: function, model: current.model.id, signers: current.model.signers) }
        guard !current.signatures.contains(where: { $0.function == function }) else {
            throw .alreadySigned(function: function, model: current.model.id, version: current.version)
        }
        return Signing(signature: .init(function: function, person: person, at: at), activates: current.missing == [function])
    }
}
