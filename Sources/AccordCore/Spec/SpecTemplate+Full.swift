extension SpecTemplate {
    /// The complete operating model of seed 000, ready to edit.
    static let fullText = #"""
# accord.yaml: the alignment spec for Accord.
#
# One file holds the operating model that marketing, sales, IT and customer success signed:
# who owns what, what a successful client looks like 12 months in, how each function hands a
# client to the next, what every system calls each lifecycle event, and which numbers all four
# functions share. Check it with `accord check`; every problem is reported as file:line:column.

version: 1
organization: Northwind Workforce Cloud

# The four functions that share the client outcome, plus revenue operations, which owns the
# data layer where there is no dedicated IT business partner.
functions:
  - id: marketing
    name: Marketing
  - id: sales
    name: Sales
  - id: it
    name: IT
  - id: cs
    name: Customer Success
  - id: revops
    name: Revenue Operations

# People and their roles. Roles: leader, manager, rep, cs_manager, revops, it_partner, admin, viewer.
# A function's leader signs the outcome model for that function.
people:
  - id: maria.chen
    name: Maria Chen
    email: maria.chen@northwind.example
    function: marketing
    role: leader
  - id: leo.fischer
    name: Leo Fischer
    email: leo.fischer@northwind.example
    function: marketing
    role: manager
  - id: sam.okafor
    name: Sam Okafor
    email: sam.okafor@northwind.example
    function: sales
    role: leader
  - id: jade.morel
    name: Jade Morel
    email: jade.morel@northwind.example
    function: sales
    role: rep
  - id: ravi.patel
    name: Ravi Patel
    email: ravi.patel@northwind.example
    function: sales
    role: rep
  - id: ingrid.berg
    name: Ingrid Berg
    email: ingrid.berg@northwind.example
    function: it
    role: leader
  - id: tomas.silva
    name: Tomas Silva
    email: tomas.silva@northwind.example
    function: it
    role: it_partner
  - id: grace.kim
    name: Grace Kim
    email: grace.kim@northwind.example
    function: cs
    role: leader
  - id: noah.adeyemi
    name: Noah Adeyemi
    email: noah.adeyemi@northwind.example
    function: cs
    role: cs_manager
  - id: elena.rossi
    name: Elena Rossi
    email: elena.rossi@northwind.example
    function: cs
    role: cs_manager
  - id: priya.raman
    name: Priya Raman
    email: priya.raman@northwind.example
    function: revops
    role: revops
  - id: admin
    name: Accord Administrator
    email: admin@northwind.example
    function: revops
    role: admin

# Who sees what beyond the role matrix (README, "Access"): roles listed here see only the accounts
# they own, e.g. [cs_manager] gives each CSM their own book. Empty: every signed-in person reads all.
access:
  own_book_only: []
  # allow_private_webhooks: true   # let webhooks post to loopback and private addresses (refused otherwise)

# Client segments by licensed seats; each can carry its own outcome model.
segments:
  - id: smb
    name: Small business
    seats: {min: 10, max: 99}
  - id: mid_market
    name: Mid-market
    seats: {min: 100, max: 1999}
  - id: enterprise
    name: Enterprise
    seats: {min: 2000, max: 50000}

# Phase 1: what a successful client looks like 12 months after signing, with numbers attached.
# Days count from contract_signed. Every signer function's leader signs each version.
outcome_models:
  - id: mid_market_success
    name: Mid-market 12-month success
    segment: mid_market
    signers: [marketing, sales, it, cs]
    outcomes:
      - id: weekly_active_usage
        description: 70% weekly active usage across licensed seats by day 90
        measure:
          kind: usage_ratio          # weekly active seats / licensed seats
        target: 0.70
        day: 90
      - id: documented_business_outcomes
        description: Two documented business outcomes tied to the original buying motivation by day 180
        measure:
          kind: event_count
          event: business_outcome_documented
        target: 2
        day: 180
      - id: client_initiated_expansion
        description: One expansion conversation initiated by the client sponsor by day 270
        measure:
          kind: event_count
          event: expansion_signal_detected
          where: {initiated_by: client}
        target: 1
        day: 270

# Phase 3: one event taxonomy. The same names and payloads in every system.
# unplanned: allow | quarantine   (events whose name is not listed here)
# violations: flag | quarantine   (listed events whose properties break their schema)
taxonomy:
  unplanned: quarantine
  violations: quarantine
  events:
    - name: contract_signed
      description: The client signed; starts every outcome clock.
      properties:
        mrr: {type: number, required: true, minimum: 0}
        licensed_seats: {type: integer, required: true, minimum: 1}
        term_months: {type: integer, minimum: 1, maximum: 60}
        sales_rep: {type: string}
    - name: implementation_kickoff_completed
      description: The implementation project kicked off with the client's technical owner.
      properties:
        integration_scope: {type: string}
    - name: first_admin_login
      description: An administrator of the client signed in for the first time.
      properties:
        user_role: {type: string, enum: [admin, owner]}
    - name: first_value_achieved
      description: The milestone that predicts renewal was reached.
      properties:
        milestone: {type: string, required: true}
    - name: adoption_threshold_reached
      description: Weekly active seats reached the outcome model's share of licensed seats.
      properties:
        active_ratio: {type: number, required: true, minimum: 0, maximum: 1}
    - name: business_outcome_documented
      description: A business outcome tied to the original buying motivation, written down with the client.
      properties:
        outcome: {type: string, required: true, min_length: 3}
    - name: executive_business_review_completed
      description: An executive business review took place with the client's sponsor.
      properties:
        sponsor_attended: {type: boolean}
    - name: expansion_signal_detected
      description: Usage or a conversation shows room to grow.
      properties:
        initiated_by: {type: string, required: true, enum: [client, cs, sales, product]}
        signal: {type: string}
    - name: risk_signal_detected
      description: Something predicts churn or contraction.
      properties:
        signal: {type: string, required: true, enum: [usage_drop, champion_left, support_escalation, payment_late, low_nps]}
    # Written by Accord itself as handoffs move; listed so the log stays one taxonomy.
    - name: handoff_submitted
      description: A function handed an account to the next one.
      properties:
        handoff: {type: string, required: true}
        handoff_id: {type: string, required: true}
    - name: handoff_accepted
      description: The receiving function accepted a handoff.
      properties:
        handoff: {type: string, required: true}
        handoff_id: {type: string, required: true}
    - name: handoff_rejected
      description: The receiver rejected a handoff, or it was incomplete on submission.
      properties:
        handoff: {type: string, required: true}
        handoff_id: {type: string, required: true}
        reason: {type: string, enum: [missing_data, wrong_data, not_ready, commitment_not_feasible, other]}
    - name: handoff_sla_breached
      description: A handoff waited past its SLA without a decision.
      properties:
        handoff: {type: string, required: true}
        handoff_id: {type: string, required: true}

# Phase 2: the five handoffs. Each has an owner on both sides, an SLA from submission to
# decision, a payload and acceptance rules; the receiver may reject an incomplete handoff.
# `requires` names the handoff that must be accepted for the account first.
# Acceptance checks: present, min, max, min_items, min_length, one_of, contact_of_account,
# matches_outcome_model.
handoffs:
  - id: lead_to_opportunity
    name: Lead to opportunity
    from: {function: marketing, owner: leo.fischer}
    to: {function: sales, owner: sam.okafor}
    sla_hours: 24
    payload:
      demand_state: {type: string, required: true, enum: [unaware, problem_aware, solution_aware, vendor_aware]}
      buying_motivation: {type: string, required: true, min_length: 10}
      content_consumed: {type: array, items: {type: string}}
      icp_fit_score: {type: number, required: true, minimum: 0, maximum: 100}
    acceptance:
      - {field: icp_fit_score, min: 60, message: "ICP fit below 60 goes back to nurture"}
      - {field: content_consumed, min_items: 1, message: "Name at least one asset the lead consumed"}

  - id: opportunity_to_close
    name: Opportunity to close
    from: {function: sales, owner: jade.morel}
    to: {function: it, owner: tomas.silva}
    sla_hours: 48
    requires: lead_to_opportunity
    payload:
      verified_use_case: {type: string, required: true, min_length: 20}
      integration_scope: {type: string, required: true}
      technical_feasibility: {type: string, required: true, enum: [confirmed, with_conditions, not_feasible]}
      technical_owner: {type: string, required: true}
    acceptance:
      - {field: technical_feasibility, one_of: [confirmed, with_conditions], message: "IT must confirm feasibility before close"}
      - {field: technical_owner, contact_of_account: true, message: "The technical owner must be a contact on the account"}

  - id: close_to_onboarding
    name: Close to onboarding
    from: {function: sales, owner: sam.okafor}
    to: {function: cs, owner: grace.kim}
    sla_hours: 48
    requires: opportunity_to_close
    payload:
      verified_use_case: {type: string, required: true, min_length: 20}
      executive_sponsor: {type: string, required: true}
      technical_owner: {type: string, required: true}
      success_criteria:
        type: array
        required: true
        min_items: 1
        items:
          type: object
          properties:
            outcome: {type: string, required: true}
            target: {type: number, required: true}
      integration_scope: {type: string, required: true}
      stakeholder_map:
        type: array
        required: true
        items:
          type: object
          properties:
            name: {type: string, required: true}
            role: {type: string, required: true, enum: [executive_sponsor, technical_owner, champion, user]}
            influence: {type: integer, required: true, minimum: 1, maximum: 5}
      content_consumed: {type: array, items: {type: string}}
      buying_motivation: {type: string, required: true}
      contractual_commitments: {type: array, required: true, items: {type: string}}
    acceptance:
      - {field: executive_sponsor, contact_of_account: true, message: "The executive sponsor must be a named contact on the account"}
      - {field: success_criteria, matches_outcome_model: true, message: "Success criteria must carry the signed outcome model's numeric targets"}
      - {field: stakeholder_map, min_items: 3, message: "Map at least three stakeholders so the account is not single-threaded"}

  - id: onboarding_to_adoption
    name: Onboarding to adoption
    from: {function: cs, owner: noah.adeyemi}
    to: {function: cs, owner: grace.kim}
    sla_hours: 72
    requires: close_to_onboarding
    payload:
      first_value_milestone: {type: string, required: true}
      weekly_active_ratio: {type: number, required: true, minimum: 0, maximum: 1}
      engaged_stakeholders: {type: integer, required: true, minimum: 0}
    acceptance:
      - {field: weekly_active_ratio, min: 0.5, message: "Telemetry must show at least half the seats active"}
      - {field: engaged_stakeholders, min: 2, message: "At least two engaged stakeholders"}

  - id: adoption_to_expansion
    name: Adoption to expansion
    from: {function: cs, owner: elena.rossi}
    to: {function: sales, owner: ravi.patel}
    sla_hours: 72
    requires: onboarding_to_adoption
    payload:
      expansion_signals: {type: array, required: true, items: {type: string}}
      executive_sponsor_engaged: {type: boolean, required: true}
      business_outcome_evidence: {type: string, required: true, min_length: 20}
    acceptance:
      - {field: expansion_signals, min_items: 1, message: "Name the expansion signals seen"}
      - {field: executive_sponsor_engaged, present: true, message: "Say whether the sponsor is engaged"}

# The systems that share the client record. connection: segment | webhook | import | api.
# sync.frequency: realtime | hourly | daily | weekly. errors.policy: quarantine | skip | halt.
sources:
  - id: salesforce
    system: crm
    connection: import
    identity_keys: {account: Id, contact: Id}
    sync: {frequency: hourly}
    errors: {policy: quarantine, notify: [priya.raman]}
    mappings:
      - {from: Name, to: account.name, direction: inbound, system_of_record: true}
      - {from: Website, to: account.domain, direction: inbound, system_of_record: true}
      - {from: NumberOfEmployees, to: account.licensed_seats, direction: inbound}
      - {from: Industry, to: account.industry, direction: inbound}
      - {from: BillingCountry, to: account.country, direction: inbound}
      - {from: OwnerId, to: account.owner_sales, direction: inbound, system_of_record: true}
  - id: hubspot
    system: marketing_automation
    connection: import
    identity_keys:
      account: [hs_object_id, Record ID]
      contact: [hs_object_id, Record ID]
      foreign: {salesforce: [salesforce_account_id, Salesforce Account ID]}   # the CRM's id, kept in HubSpot
    sync: {frequency: daily}
    errors: {policy: quarantine, notify: [priya.raman, leo.fischer]}
    mappings:
      # API names first, then the column labels of a HubSpot companies/contacts export.
      - {from: [name, Company name], to: account.name, direction: inbound}
      - {from: [domain, Company Domain Name], to: account.domain, direction: inbound}
      - {from: [lifecyclestage, Lifecycle Stage], to: account.lifecycle_stage, direction: bidirectional}
      - {from: [country, Country/Region], to: account.country, direction: inbound}
      - {from: [email, Email], to: contact.email, direction: inbound, system_of_record: true}
      - {from: [jobtitle, Job Title], to: contact.title, direction: inbound}
  - id: product
    system: product_analytics
    connection: segment
    sync: {frequency: realtime}
    errors: {policy: quarantine, notify: [tomas.silva]}
  - id: gainsight
    system: cs_platform
    connection: api
    sync: {frequency: hourly}
    errors: {policy: quarantine, notify: [tomas.silva]}
    mappings:
      - {from: csm, to: account.owner_cs, direction: outbound}
  - id: zendesk
    system: support
    connection: webhook
    sync: {frequency: realtime}
    errors: {policy: skip, notify: [tomas.silva]}
  - id: stripe
    system: billing
    connection: webhook
    sync: {frequency: realtime}
    errors: {policy: halt, notify: [priya.raman]}
    mappings:
      - {from: plan_amount, to: subscription.mrr, direction: inbound, system_of_record: true}
      - {from: current_period_end, to: subscription.renewal_on, direction: inbound, system_of_record: true}

# Identity resolution: one client record id across every system. Pairs scoring between the
# two thresholds go to a review queue instead of being guessed.
identity:
  match_threshold: 0.95
  review_threshold: 0.80
  # Fields: name and name_prefix (normalised: case, punctuation, legal forms), domain (registrable),
  # phone (last ten digits), country.
  blocking:
    - [name]
    - [domain]
    - [name_prefix, country]
  comparisons:
    - {field: name, method: jaro_winkler, thresholds: [0.95, 0.88]}
    - {field: domain, method: levenshtein, thresholds: [1]}
    - {field: phone, method: levenshtein, thresholds: [1, 2]}
    - {field: country, method: exact}
  free_mail_domains: [gmail.com, outlook.com, yahoo.com, hotmail.com, icloud.com, proton.me]

# The shared dashboard: no metric belongs to one function. refresh: realtime | hourly | daily | weekly.
dashboard:
  metrics:
    - {id: nrr_by_cohort, owners: [marketing, sales, it, cs], refresh: daily}
    - {id: time_to_first_value, owners: [marketing, sales, it, cs], refresh: hourly}
    - {id: stakeholder_coverage, owners: [marketing, sales, it, cs], refresh: hourly}
    - {id: expansion_qualified_rate, owners: [marketing, sales, it, cs], refresh: hourly}
    - {id: grr_by_cohort, owners: [cs], refresh: daily}
    - {id: mrr_movements, owners: [cs, revops], refresh: daily}
    - {id: onboarding_velocity, owners: [sales, cs], refresh: hourly}
    - {id: adoption_rate_90d, owners: [sales], refresh: daily}
    - {id: data_completeness, owners: [it, revops], refresh: hourly}
    - {id: time_to_insight, owners: [it], refresh: realtime}
    - {id: csat, owners: [cs], refresh: daily}
    - {id: nps, owners: [cs, marketing], refresh: daily}
    - {id: clv, owners: [marketing, sales, cs], refresh: weekly}
    - {id: funnel, owners: [marketing, sales], refresh: daily}
    - {id: handoff_sla, owners: [sales, cs, revops], refresh: hourly}
    - {id: outcome_attainment, owners: [marketing, sales, it, cs], refresh: daily}
  # For CLV: gross margin, and what winning one client costs (dollars) by acquisition source.
  economics:
    gross_margin: 0.78
    acquisition_cost: {marketing: 4200, sales: 7800}
"""#
}
