public import AccordCore

/// What an account's health reads beyond its outcome history: the stakeholder map, support
/// tickets, survey answers and handoffs, per account.
public protocol HealthStore: Sendable {
    /// Every account's, or one account's when `account` is given.
    func healthExtras(account: String?) async throws -> [String: HealthExtras]
}

public struct HealthExtras: Sendable {
    public var stakeholders: [MetricFacts.Stakeholder] = []
    public var tickets: [HealthFacts.Ticket] = []
    public var surveys: [SurveyResponse] = []
    public var handoffs: [HealthFacts.HandoffMark] = []

    public init() {}
}
