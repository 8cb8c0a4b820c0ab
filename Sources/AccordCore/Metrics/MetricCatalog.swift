/// The metrics Accord knows how to compute, by the id a spec's dashboard names them with.
public enum MetricCatalog {
    public struct Entry: Sendable, Hashable {
        public let id: String
        public let name: String
    }

    public static let all: [Entry] = [
        .init(id: "nrr_by_cohort", name: "Net revenue retention by acquisition cohort"),
        .init(id: "grr_by_cohort", name: "Gross revenue retention by acquisition cohort"),
        .init(id: "mrr_movements", name: "MRR and its movements"),
        .init(id: "time_to_first_value", name: "Time to first value"),
        .init(id: "onboarding_velocity", name: "Onboarding velocity"),
        .init(id: "adoption_rate_90d", name: "90-day adoption rate"),
        .init(id: "stakeholder_coverage", name: "Stakeholder coverage ratio"),
        .init(id: "expansion_qualified_rate", name: "Expansion-qualified account rate"),
        .init(id: "data_completeness", name: "Data completeness score"),
        .init(id: "time_to_insight", name: "Time to insight"),
        .init(id: "csat", name: "Customer satisfaction (CSAT)"),
        .init(id: "nps", name: "Net promoter score (NPS)"),
        .init(id: "clv", name: "Customer lifetime value"),
        .init(id: "funnel", name: "Lifecycle funnel conversion"),
        .init(id: "handoff_sla", name: "Handoff SLA and rejection rate"),
        .init(id: "outcome_attainment", name: "Outcome attainment"),
    ]

    public static let ids: [String] = all.map(\.id)
}

/// Fields of the one client record that a source's field mapping may write.
public enum ClientRecordFields {
    public static let all: [String] = [
        "account.name", "account.domain", "account.segment", "account.industry", "account.country",
        "account.licensed_seats", "account.lifecycle_stage", "account.acquisition_source", "account.owner_cs",
        "account.owner_sales", "contact.name", "contact.email", "contact.title", "contact.phone",
        "contact.stakeholder_role", "contact.influence", "contact.last_engaged_on", "subscription.mrr", "subscription.renewal_on",
        "subscription.status", "event.name", "event.properties",
        // What the streams feeding subscriptions, tickets, surveys and events read (SubscriptionItem, FeedRecords).
        "subscription.account", "subscription.amount", "subscription.quantity", "subscription.interval", "subscription.interval_count",
        "subscription.percent_off", "subscription.amount_off", "subscription.started_on", "subscription.changed_on", "subscription.items",
        "ticket.account", "ticket.subject", "ticket.status", "ticket.priority", "ticket.opened_at", "ticket.updated_at", "ticket.solved_at",
        "survey.account", "survey.contact", "survey.kind", "survey.score", "survey.responded_at", "event.account", "event.timestamp",
    ]
}
