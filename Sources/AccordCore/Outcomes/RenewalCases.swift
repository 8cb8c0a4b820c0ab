/// One client as the outcome measures and the renewal validation read it.
public struct OutcomeHistory: Sendable {
    public var account: String
    public var segment: String
    public var facts: OutcomeFacts
    public var movements: [MRRMovement]
    public var cohort: String?
    public var ownerCS: String?
    public var ownerSales: String?

    public init(
        account: String, segment: String, facts: OutcomeFacts, movements: [MRRMovement], cohort: String? = nil, ownerCS: String? = nil,
        ownerSales: String? = nil
    ) {
        self.account = account
        self.segment = segment
        self.facts = facts
        self.movements = movements
        self.cohort = cohort
        self.ownerCS = ownerCS
        self.ownerSales = ownerSales
    }
}

extension OutcomeValidation {
    /// Clients whose first renewal (twelve months after signing) has come: the outcomes of their
    /// segment's model they had achieved by then, whether they renewed, and whether they expanded on it.
    public static func cases(_ histories: [OutcomeHistory], models: [OutcomeModel], asOf: Day) -> [RenewalCase] {
        let modelOf = Dictionary(models.map { ($0.segment, $0) }, uniquingKeysWith: { first, _ in first })
        return histories.compactMap { history in
            guard let model = modelOf[history.segment] else { return nil }
            let renewal = history.facts.signed.adding(months: 12)
            guard renewal <= asOf else { return nil }
            let achieved = Set(model.outcomes.filter { OutcomeMeasure.progress($0, facts: history.facts, asOf: renewal).state == .achieved }.map(\.id))
            let churned = history.movements.contains { $0.kind == .churn && $0.occurredOn == renewal }
            let expanded = history.movements.contains { $0.kind == .expansion && $0.occurredOn == renewal }
            return RenewalCase(account: history.account, achieved: achieved, renewed: !churned, expanded: expanded)
        }
    }
}
