/// Where a client is in the funnel of seed 003, plus churned.
public enum LifecycleStage: String, Sendable, Hashable, Codable, CaseIterable {
    case awareness, consideration, purchase, retention, advocacy, churned
}

/// Who sourced the client: the split NRR by cohort is reported on.
public enum AcquisitionSource: String, Sendable, Hashable, Codable, CaseIterable {
    case marketing, sales

    /// HubSpot's original source channels: all but OFFLINE (records a rep entered or imported)
    /// are marketing's.
    static let marketingChannels: Set<String> = [
        "organic_search", "paid_search", "email_marketing", "social_media", "referrals", "other_campaigns", "direct_traffic", "paid_social",
        "ai_referrals", "inbound",
    ]
    static let salesChannels: Set<String> = ["offline", "outbound", "sales"]

    /// A source as the systems write it: `marketing` or `sales`, or a channel (HubSpot's
    /// `hs_analytics_source`, such as ORGANIC_SEARCH or OFFLINE).
    public init?(reading text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
        if let exact = AcquisitionSource(rawValue: key) {
            self = exact
        } else if Self.marketingChannels.contains(key) {
            self = .marketing
        } else if Self.salesChannels.contains(key) {
            self = .sales
        } else {
            return nil
        }
    }
}

/// The one client record: every system's view of a company resolves to one of these.
public struct Account: Sendable, Hashable, Codable, Identifiable {
    /// `acc_` + a stable suffix; never reused.
    public var id: String
    public var name: String
    public var domain: String?
    public var segment: String
    public var industry: String?
    public var country: String?
    public var acquisitionSource: AcquisitionSource
    /// Quarter of the first contract_signed (`2025-Q3`); nil until the client signs.
    public var cohort: String?
    public var lifecycleStage: LifecycleStage
    public var licensedSeats: Int
    public var ownerCS: String?
    public var ownerSales: String?
    public var ownerMarketing: String?
    public var createdOn: Day
    public var churnedOn: Day?
    public var churnReason: String?

    public init(
        id: String, name: String, domain: String?, segment: String, industry: String? = nil, country: String? = nil,
        acquisitionSource: AcquisitionSource, cohort: String?, lifecycleStage: LifecycleStage, licensedSeats: Int,
        ownerCS: String? = nil, ownerSales: String? = nil, ownerMarketing: String? = nil, createdOn: Day,
        churnedOn: Day? = nil, churnReason: String? = nil
    ) {
        self.id = id
        self.name = name
        self.domain = domain
        self.segment = segment
        self.industry = industry
        self.country = country
        self.acquisitionSource = acquisitionSource
        self.cohort = cohort
        self.lifecycleStage = lifecycleStage
        self.licensedSeats = licensedSeats
        self.ownerCS = ownerCS
        self.ownerSales = ownerSales
        self.ownerMarketing = ownerMarketing
        self.createdOn = createdOn
        self.churnedOn = churnedOn
        self.churnReason = churnReason
    }
}

/// Why a client left or asks to pay less; the concession tree asks it and win-back targeting
/// depends on it (seed 003: those who left over price return more often than over service).
public enum ChurnReason: String, Sendable, Hashable, Codable, CaseIterable {
    case price, service
    case businessClosure = "business_closure"
    case productFit = "product_fit"
    case championLeft = "champion_left"
    case budget
    /// Cannot use the product for now: a legal hold, layoffs, a reorganisation.
    case cannotUseNow = "cannot_use_now"

    /// The taxonomy's churn event: its `reason` property is one of these.
    public static let eventName = "client_churned"

    public var label: String {
        switch self {
        case .price: "price"
        case .service: "service"
        case .businessClosure: "business closing"
        case .productFit: "product fit"
        case .championLeft: "champion left"
        case .budget: "budget"
        case .cannotUseNow: "cannot use it for now"
        }
    }
}
