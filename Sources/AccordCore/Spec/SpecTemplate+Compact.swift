extension SpecTemplate {
    /// Seed 000's minimum viable version for a small company: one outcome model, three
    /// handoffs, three lifecycle events, one shared dashboard with three metrics.
    static let compactText = #"""
# accord.yaml: the compact alignment spec ("we're too small for this").
#
# The architecture scales down without losing its shape: one outcome model, three handoffs
# (close-to-onboarding, onboarding-to-adoption, adoption-to-expansion), one client record id,
# three lifecycle events and a shared dashboard with three metrics. A RevOps owner acts as the
# IT liaison. Grow it into the full model with `accord init --template full`.

version: 1
organization: Your company

functions:
  - {id: marketing, name: Marketing}
  - {id: sales, name: Sales}
  - {id: it, name: IT}
  - {id: cs, name: Customer Success}
  - {id: revops, name: Revenue Operations}

people:
  - {id: mark.lead, name: Marketing Leader, email: marketing@example.com, function: marketing, role: leader}
  - {id: sales.lead, name: Sales Leader, email: sales@example.com, function: sales, role: leader}
  - {id: it.lead, name: IT Leader, email: it@example.com, function: it, role: leader}
  - {id: cs.lead, name: CS Leader, email: cs@example.com, function: cs, role: leader}
  - {id: csm, name: Customer Success Manager, email: csm@example.com, function: cs, role: cs_manager}
  - {id: revops, name: RevOps and IT Liaison, email: revops@example.com, function: revops, role: revops}

segments:
  - {id: all, name: All clients}

outcome_models:
  - id: twelve_month_success
    name: 12-month success
    segment: all
    signers: [marketing, sales, it, cs]
    outcomes:
      - id: weekly_active_usage
        description: 70% weekly active usage across licensed seats by day 90
        measure: {kind: usage_ratio}
        target: 0.70
        day: 90
      - id: first_value
        description: First value achieved by day 60
        measure: {kind: event_count, event: first_value_achieved}
        target: 1
        day: 60
      - id: client_initiated_expansion
        description: One expansion conversation initiated by the client sponsor by day 270
        measure: {kind: event_count, event: expansion_signal_detected, where: {initiated_by: client}}
        target: 1
        day: 270

taxonomy:
  unplanned: allow
  violations: flag
  events:
    - name: contract_signed
      properties:
        mrr: {type: number, required: true, minimum: 0}
        licensed_seats: {type: integer, required: true, minimum: 1}
    - name: first_value_achieved
      properties:
        milestone: {type: string, required: true}
    - name: expansion_signal_detected
      properties:
        initiated_by: {type: string, required: true, enum: [client, cs, sales, product]}

handoffs:
  - id: close_to_onboarding
    name: Close to onboarding
    from: {function: sales, owner: sales.lead}
    to: {function: cs, owner: csm}
    sla_hours: 48
    payload:
      verified_use_case: {type: string, required: true, min_length: 20}
      executive_sponsor: {type: string, required: true}
      success_criteria:
        type: array
        required: true
        items:
          type: object
          properties:
            outcome: {type: string, required: true}
            target: {type: number, required: true}
      contractual_commitments: {type: array, items: {type: string}}
    acceptance:
      - {field: success_criteria, min_items: 1, message: "Name at least one success criterion with a number"}
  - id: onboarding_to_adoption
    name: Onboarding to adoption
    from: {function: cs, owner: csm}
    to: {function: cs, owner: cs.lead}
    sla_hours: 72
    requires: close_to_onboarding
    payload:
      first_value_milestone: {type: string, required: true}
      weekly_active_ratio: {type: number, required: true, minimum: 0, maximum: 1}
  - id: adoption_to_expansion
    name: Adoption to expansion
    from: {function: cs, owner: csm}
    to: {function: sales, owner: sales.lead}
    sla_hours: 72
    requires: onboarding_to_adoption
    payload:
      expansion_signals: {type: array, required: true, min_items: 1, items: {type: string}}

sources:
  - id: crm
    system: crm
    connection: import
    identity_keys: {account: Id}
    sync: {frequency: daily}
    errors: {policy: quarantine, notify: [revops]}
  - id: product
    system: product_analytics
    connection: segment
    sync: {frequency: realtime}
    errors: {policy: quarantine, notify: [revops]}

dashboard:
  metrics:
    - {id: nrr_by_cohort, owners: [marketing, sales, it, cs], refresh: daily}
    - {id: time_to_first_value, owners: [marketing, sales, it, cs], refresh: daily}
    - {id: stakeholder_coverage, owners: [marketing, sales, it, cs], refresh: daily}
"""#
}
