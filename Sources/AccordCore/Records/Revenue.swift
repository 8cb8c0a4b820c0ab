public enum SubscriptionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active, churned
}

/// The client's current contract. Money is kept in cents so sums are exact.
public struct Subscription: Sendable, Hashable, Codable {
    public var accountID: String
    public var mrrCents: Int64
    public var startedOn: Day
    public var renewalOn: Day
    public var status: SubscriptionStatus

    public init(accountID: String, mrrCents: Int64, startedOn: Day, renewalOn: Day, status: SubscriptionStatus) {
        self.accountID = accountID
        self.mrrCents = mrrCents
        self.startedOn = startedOn
        self.renewalOn = renewalOn
        self.status = status
    }
}

public enum MRRMovementKind: String, Sendable, Hashable, Codable, CaseIterable {
    case new, expansion, contraction, churn, reactivation
}

/// One change of an account's MRR. `amountCents` is the size of the change, always positive;
/// the kind says its direction.
public struct MRRMovement: Sendable, Hashable, Codable {
    public var accountID: String
    public var occurredOn: Day
    public var kind: MRRMovementKind
    public var amountCents: Int64
    public var mrrAfterCents: Int64

    public init(accountID: String, occurredOn: Day, kind: MRRMovementKind, amountCents: Int64, mrrAfterCents: Int64) {
        self.accountID = accountID
        self.occurredOn = occurredOn
        self.kind = kind
        self.amountCents = amountCents
        self.mrrAfterCents = mrrAfterCents
    }
}
