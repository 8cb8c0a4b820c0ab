extension MetricCatalog {
    /// How each metric is computed, as the shared dashboard specification states it to its signers.
    public static let definitions: [String: String] = [
        "nrr_by_cohort":
            "(start MRR + expansion − contraction − churn) / start MRR over the accounts active at the period's start, by quarter of first contract_signed and acquisition source; new logos are left out of both sides",
        "grr_by_cohort": "NRR without expansion, capped at 100%, by the same cohorts",
        "mrr_movements": "MRR at the period's end and its movements over the period: new, expansion, contraction, churn and reactivation",
        "time_to_first_value":
            "days from contract_signed to first_value_achieved, median and p75 per cohort; accounts without it yet are censored, not dropped",
        "onboarding_velocity": "days from contract_signed to implementation_kickoff_completed, median and p75 per cohort",
        "adoption_rate_90d":
            "share of accounts closed in the period that reached the adoption threshold (weekly active seats / licensed seats at or above the outcome model's target) within 90 days, also per sales rep",
        "stakeholder_coverage":
            "engaged decision-makers and influencers / those on the stakeholder map; an account with one engaged stakeholder is single-threaded",
        "expansion_qualified_rate": "active accounts with an open expansion signal / active accounts",
        "data_completeness": "required fields present across sources / required fields",
        "time_to_insight": "lag from an event happening to it being visible on the dashboard, per source",
        "csat": "responses of 4 or 5 / responses × 100, on a 1–5 scale (3 is not satisfied)",
        "nps": "% promoters (9–10) − % detractors (0–6), from −100 to +100",
        "clv":
            "annual revenue × relationship years − acquisition cost, with ARPA × gross margin ÷ churn rate beside it over the same period",
        "funnel": "conversion and drop-off between awareness, consideration, purchase, retention and advocacy",
        "handoff_sla": "share of handoffs decided within their SLA, and the share rejected, over the last 90 days",
        "outcome_attainment": "share of outcomes under way that are achieved or on track against the signed outcome models",
    ]
}
