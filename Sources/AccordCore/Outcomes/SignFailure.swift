/// Why a signature on an outcome model version was refused, typed, so that the server chooses
/// its status from the case and never from a message's text.
public enum SignFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Only a function's leader, signed in as themselves, signs for that function.
    case notLeaderOfFunction(name: String, role: String)

    public var description: String {
        switch self {
        case .notLeaderOfFunction(let name, let role):
            "only a function's leader, signed in as themselves, signs an outcome model; \(name) is \(role)"
        }
    }
}
