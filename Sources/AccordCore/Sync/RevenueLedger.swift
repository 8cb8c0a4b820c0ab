/// How a client's subscription and MRR movements follow its billing system's subscriptions: one
/// subscription per client record, worth the sum of its live items, and a movement whenever that
/// sum changes, of the kind the dashboard counts (DESIGN.md's MRR movements):
/// - from nothing to something: `new` the first time, `reactivation` after a churn;
/// - up or down while above zero: `expansion` or `contraction`;
/// - down to zero: `churn`.
/// A client whose items are all trials has no subscription yet; its conversion is its `new`.
public enum RevenueLedger {
    public struct Change: Sendable, Hashable {
        /// The subscription to store, when it changed.
        public var subscription: Subscription?
        public var movement: MRRMovement?
        /// The account's churn day: set by a churn, cleared (nil inside) by a reactivation.
        public var churnedOn: Day?? {
            switch movement?.kind {
            case .churn?: .some(movement?.occurredOn)
            case .reactivation?: .some(nil)
            default: nil
            }
        }
    }

    /// - Parameters:
    ///   - current: the client's subscription as stored, if it has one.
    ///   - churnedBefore: whether it has churned before (its next start is a reactivation).
    ///   - items: every live item the client holds, from every billing stream.
    ///   - today: the day of the sync, for a movement its items do not date.
    public static func change(accountID: String, current: Subscription?, churnedBefore: Bool, items: [SubscriptionItem], today: Day) -> Change {
        let mrr = items.reduce(Int64(0)) { $0 + $1.mrrCents }
        let before = current.map { $0.status == .active ? $0.mrrCents : 0 } ?? 0
        let counted = items.filter { $0.state != .trialing }
        guard current != nil || mrr > 0 else { return Change(subscription: nil, movement: nil) }
        let started = ([current?.startedOn].compactMap { $0 } + counted.compactMap(\.startedOn)).min() ?? today
        let renewal = items.filter { $0.state == .active }.compactMap(\.renewalOn).min() ?? current?.renewalOn ?? today.adding(days: 365)
        var subscription = Subscription(accountID: accountID, mrrCents: mrr, startedOn: started, renewalOn: renewal, status: mrr > 0 ? .active : .churned)
        if mrr == 0, let current {
            // A churned contract keeps its dates; its MRR is nothing, as the dashboard reads it.
            subscription.renewalOn = current.renewalOn
        }
        guard mrr != before else { return Change(subscription: subscription == current ? nil : subscription, movement: nil) }
        let kind: MRRMovementKind =
            before == 0 ? (churnedBefore || current?.status == .churned ? .reactivation : .new) : mrr == 0 ? .churn : mrr > before ? .expansion : .contraction
        let day = items.compactMap(\.changedOn).max().map { min($0, today) } ?? today
        let movement = MRRMovement(accountID: accountID, occurredOn: day, kind: kind, amountCents: abs(mrr - before), mrrAfterCents: mrr)
        return Change(subscription: subscription, movement: movement)
    }
}
