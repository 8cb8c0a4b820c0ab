/// One subscription (or one item of it) as a billing stream sends it, reduced to what the client
/// record needs: whose it is, and what it is worth a month now.
///
/// MRR is the recurring amount normalised to a month: unit amount × quantity ÷ months of the
/// billing interval (a yearly plan counts a twelfth, a 3-month one a third, a week 52/12), less a
/// percentage or fixed discount while it is on the subscription. A trial is worth nothing until it
/// converts; a cancelled, ended, unpaid or paused one is worth nothing; past due still counts.
public struct SubscriptionItem: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable { case active, trialing, ended }

    public var key: String
    /// The account's id in the source (a Stripe customer id).
    public var accountRef: String
    public var mrrCents: Int64
    public var state: State
    public var startedOn: Day?
    public var renewalOn: Day?
    /// When its system says it last changed; a movement it causes is dated by it.
    public var changedOn: Day?

    public init(key: String, accountRef: String, mrrCents: Int64, state: State, startedOn: Day? = nil, renewalOn: Day? = nil, changedOn: Day? = nil) {
        self.key = key
        self.accountRef = accountRef
        self.mrrCents = mrrCents
        self.state = state
        self.startedOn = startedOn
        self.renewalOn = renewalOn
        self.changedOn = changedOn
    }

    static let accountFields = ["customer", "customer_id", "account_id", "organization_id", "company_id"]
    static let activeStatuses: Set<String> = ["active", "past_due", "paid", "live"]
    static let trialStatuses: Set<String> = ["trialing", "trial", "in_trial"]
    /// Stripe's `unpaid` (retries exhausted) and `paused` bill nothing, so they count no MRR.
    static let endedStatuses: Set<String> = [
        "canceled", "cancelled", "incomplete", "incomplete_expired", "ended", "expired", "paused", "unpaid", "churned",
    ]

    /// Reads a record of a stream that feeds subscriptions; throws what is missing or wrong.
    public static func read(key: String, fields: FeedFields, account: [String]) throws(FeedError) -> SubscriptionItem {
        let ref = try fields.accountRef("subscription.account", account.isEmpty ? accountFields : account)
        let status = fields.text("subscription.status", defaults: ["status"])?.lowercased() ?? "active"
        let state: State
        if activeStatuses.contains(status) {
            state = .active
        } else if trialStatuses.contains(status) {
            state = .trialing
        } else if endedStatuses.contains(status) {
            state = .ended
        } else {
            let known = (activeStatuses.union(trialStatuses).union(endedStatuses)).sorted()
            throw FeedError(
                "subscription.status '\(status)' is not one Accord knows (\(known.joined(separator: ", "))); map subscription.status to a field that holds one")
        }
        let mrr = try monthlyCents(fields)
        var item = SubscriptionItem(key: key, accountRef: ref, mrrCents: state == .active ? mrr : 0, state: state)
        item.startedOn = try fields.instant("subscription.started_on", defaults: ["start_date", "started_at", "created", "created_at"])?.day
        item.renewalOn = try fields.instant("subscription.renewal_on", defaults: ["current_period_end", "renewal_date", "renews_at", "next_billing_date"])?.day
        let changed = state == .ended ? ["ended_at", "canceled_at", "updated", "updated_at"] : ["updated", "updated_at", "created", "start_date"]
        item.changedOn = try fields.instant("subscription.changed_on", defaults: changed)?.day
        return item
    }

    /// The record's MRR in cents: `subscription.mrr` in currency units when mapped, else its
    /// amount in cents per interval (or the sum over its `items.data`, as Stripe nests them).
    static func monthlyCents(_ fields: FeedFields) throws(FeedError) -> Int64 {
        if let mrr = try fields.number("subscription.mrr", defaults: []) { return Int64((mrr * 100).rounded()) }
        if fields.value("subscription.amount", defaults: amountFields) == nil,
            case .array(let items)? = fields.value("subscription.items", defaults: ["items.data", "items"])
        {
            var total: Int64 = 0
            for case .object(let item) in items {
                total += try itemCents(FeedFields(record: item, mappings: fields.mappings), discounted: false)
            }
            return discounted(total, fields)
        }
        return try itemCents(fields, discounted: true)
    }

    static let amountFields = ["price.unit_amount", "plan.amount", "unit_amount", "amount"]

    static func itemCents(_ fields: FeedFields, discounted apply: Bool) throws(FeedError) -> Int64 {
        guard let amount = try fields.number("subscription.amount", defaults: amountFields) else {
            throw FeedError(
                "the record has no amount: none of \(amountFields.joined(separator: ", ")) is set; map subscription.amount (cents per billing interval) or subscription.mrr (currency units a month)"
            )
        }
        let quantity = try fields.number("subscription.quantity", defaults: ["quantity"]) ?? 1
        let interval = fields.text("subscription.interval", defaults: ["price.recurring.interval", "plan.interval", "interval"])?.lowercased() ?? "month"
        let count =
            try fields.number("subscription.interval_count", defaults: ["price.recurring.interval_count", "plan.interval_count", "interval_count"]) ?? 1
        guard count > 0 else { throw FeedError("subscription.interval_count is \(count); a billing interval is at least 1") }
        let perMonth: Double
        switch interval {
        case "month", "monthly": perMonth = 1
        case "year", "yearly", "annual", "annually": perMonth = 1.0 / 12
        case "quarter", "quarterly": perMonth = 1.0 / 3
        case "week", "weekly": perMonth = 52.0 / 12
        case "day", "daily": perMonth = 365.0 / 12
        default: throw FeedError("subscription.interval '\(interval)' is not day, week, month, quarter or year")
        }
        let cents = Int64((amount * quantity * perMonth / count).rounded())
        return apply ? discounted(cents, fields) : cents
    }

    /// A percentage off, else a fixed amount off (cents per month), never below zero.
    static func discounted(_ cents: Int64, _ fields: FeedFields) -> Int64 {
        if let percent = try? fields.number("subscription.percent_off", defaults: ["discount.coupon.percent_off", "percent_off"]), percent > 0 {
            return max(0, Int64((Double(cents) * (1 - min(percent, 100) / 100)).rounded()))
        }
        if let off = try? fields.number("subscription.amount_off", defaults: ["discount.coupon.amount_off", "amount_off"]), off > 0 {
            return max(0, cents - Int64(off.rounded()))
        }
        return cents
    }
}
