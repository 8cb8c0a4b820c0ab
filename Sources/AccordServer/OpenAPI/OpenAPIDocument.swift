import AccordApp
// The OpenAPI 3.1 description of every JSON route, served at /openapi.json. A test compares its
// paths with the routes the server registers, and schemathesis checks answers against it.
import AccordCore

enum OpenAPIDocument {
    /// Metric ids that have a table (the two with reports of their own do not).
    static let tabled = MetricCatalog.ids.filter { !["handoff_sla", "outcome_attainment"].contains($0) }.joined(separator: ", ")

    static let yaml = #"""
openapi: 3.1.0
info:
  title: Accord API
  version: 0.1.0
  description: >-
    The JSON API of Accord, the customer-success alignment engine. Ingestion (/v1/...) is
    Segment-compatible and authenticated with a source's write key; everything under /api/v1 needs
    an API token (Authorization: Bearer) or a signed-in session cookie plus its CSRF token for changes.
servers:
  - url: /
security:
  - bearerAuth: []
  - sessionCookie: []
tags:
  - name: ingestion
  - name: client record
  - name: events
  - name: access
paths:
  /health:
    get:
      operationId: health
      summary: Whether the server and its database answer
      security: []
      responses:
        '200': {description: Healthy, content: {application/json: {schema: {$ref: '#/components/schemas/Health'}}}}
        '503': {description: The database does not answer, content: {application/json: {schema: {$ref: '#/components/schemas/Health'}}}}
  /openapi.json:
    get:
      operationId: openapi
      summary: This document
      security: []
      responses:
        '200': {description: The OpenAPI document, content: {application/json: {schema: {type: object}}}}
  /v1/batch: {$ref: '#/components/pathItems/IngestBatch'}
  /v1/track: {$ref: '#/components/pathItems/IngestOne'}
  /v1/identify: {$ref: '#/components/pathItems/IngestOne'}
  /v1/group: {$ref: '#/components/pathItems/IngestOne'}
  /v1/page: {$ref: '#/components/pathItems/IngestOne'}
  /v1/screen: {$ref: '#/components/pathItems/IngestOne'}
  /v1/alias: {$ref: '#/components/pathItems/IngestOne'}
  /api/v1/accounts:
    get:
      operationId: listAccounts
      tags: [client record]
      summary: Accounts, filtered and paged by cursor (a book-limited role sees only its own)
      parameters:
        - {name: segment, in: query, schema: {type: string}}
        - {name: stage, in: query, schema: {type: string, enum: [awareness, consideration, purchase, retention, advocacy, churned]}}
        - {name: source, in: query, schema: {type: string, enum: [marketing, sales]}}
        - {name: q, in: query, description: Part of the name or domain, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500}}
      responses:
        '200': {description: A page of accounts, content: {application/json: {schema: {$ref: '#/components/schemas/AccountPage'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/accounts/{id}:
    get:
      operationId: getAccount
      tags: [client record]
      summary: One account with its subscription, stakeholders, MRR history, events, usage and surveys
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The account, content: {application/json: {schema: {$ref: '#/components/schemas/AccountDetail'}}}}
        '307': {$ref: '#/components/responses/Merged'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/accounts/{id}/identities:
    get:
      operationId: accountIdentities
      tags: [client record]
      summary: Every source record linked to the account, and the rule or evidence that linked it
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The identities, content: {application/json: {schema: {$ref: '#/components/schemas/Identities'}}}}
        '307': {$ref: '#/components/responses/Merged'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/accounts/{id}/scorecard:
    get:
      operationId: accountScorecard
      tags: [outcomes]
      summary: 'The account against its segment''s outcome model: per outcome the state (not_yet_due, on_track, at_risk, achieved, missed), value, target, due day and evidence'
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The scorecard, content: {application/json: {schema: {type: object, required: [account, model, model_signed, signed, outcomes]}}}}
        '307': {$ref: '#/components/responses/Merged'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/headline:
    get:
      operationId: headline
      tags: [client record]
      summary: Client counts, MRR, CSAT and NPS figures
      responses:
        '200': {description: Headline numbers, content: {application/json: {schema: {$ref: '#/components/schemas/Headline'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/events:
    get:
      operationId: listEvents
      tags: [events]
      summary: The event log, filtered, in commit order, paged by cursor
      parameters:
        - {name: account, in: query, schema: {type: string}}
        - {name: contact, in: query, schema: {type: string}}
        - {name: name, in: query, schema: {type: string}}
        - {name: source, in: query, schema: {type: string}}
        - {name: message_id, in: query, schema: {type: string}}
        - {name: from, in: query, description: ISO 8601 instant or day, schema: {type: string}}
        - {name: to, in: query, description: ISO 8601 instant or day, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200': {description: A page of events, content: {application/json: {schema: {$ref: '#/components/schemas/EventPage'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/failed-events:
    get:
      operationId: listFailedEvents
      tags: [events]
      summary: Events kept aside, with the full payload and the precise reasons
      parameters:
        - {name: source, in: query, schema: {type: string}}
        - {name: name, in: query, schema: {type: string}}
        - {name: kind, in: query, schema: {type: string, enum: [unplanned, invalid]}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200': {description: A page of kept-aside events, content: {application/json: {schema: {$ref: '#/components/schemas/FailedEventPage'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/violations:
    get:
      operationId: violations
      tags: [events]
      summary: Tracking-plan violations per source and event name
      responses:
        '200': {description: Counts, content: {application/json: {schema: {$ref: '#/components/schemas/Violations'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/spec:
    get:
      operationId: spec
      summary: The alignment spec the server runs with
      responses:
        '200': {description: The spec, content: {application/json: {schema: {type: object}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/me:
    get:
      operationId: me
      tags: [access]
      summary: Who the credentials belong to and what they may do
      responses:
        '200': {description: The caller, content: {application/json: {schema: {$ref: '#/components/schemas/Me'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/people:
    get:
      operationId: listPeople
      tags: [access]
      summary: The spec's people and whether each can sign in
      responses:
        '200': {description: People, content: {application/json: {schema: {$ref: '#/components/schemas/People'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/people/{id}/password:
    put:
      operationId: setPassword
      tags: [access]
      summary: Set a person's password (admin); ends their sessions
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [password]
              properties:
                password: {type: string, minLength: 12, maxLength: 72}
      responses:
        '204': {description: Set}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/tokens:
    get:
      operationId: listTokens
      tags: [access]
      summary: API tokens (never their secrets)
      responses:
        '200': {description: Tokens, content: {application/json: {schema: {$ref: '#/components/schemas/TokenList'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
    post:
      operationId: createToken
      tags: [access]
      summary: Create a token; the answer holds its secret, once
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [role]
              properties:
                role: {$ref: '#/components/schemas/Role'}
                person: {type: string, description: Email or id of the person the token acts for}
                label: {type: string}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/CreatedToken'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/tokens/{id}:
    delete:
      operationId: revokeToken
      tags: [access]
      summary: Revoke a token; it stops working at once
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The revoked token, content: {application/json: {schema: {$ref: '#/components/schemas/Token'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/sources:
    get:
      operationId: listSources
      tags: [access]
      summary: Sources with write keys (revops, IT)
      responses:
        '200': {description: Sources, content: {application/json: {schema: {$ref: '#/components/schemas/SourceList'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/sources/{id}/rotate:
    post:
      operationId: rotateSourceKey
      tags: [access]
      summary: Replace a source's write key; the answer holds the new key, once
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: Rotated, content: {application/json: {schema: {$ref: '#/components/schemas/RotatedSource'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/identity-reviews:
    get:
      operationId: identityReviews
      tags: [client record]
      summary: Source records an import could not place with confidence (open ones, or all)
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [open, all]}}
      responses:
        '200': {description: Reviews, content: {application/json: {schema: {$ref: '#/components/schemas/ReviewList'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/identity-reviews/{id}:
    post:
      operationId: decideIdentityReview
      tags: [client record]
      summary: 'Decide a review: link the record to the candidate account, or keep it as a company of its own'
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [decision]
              properties:
                decision: {type: string, enum: [link, separate]}
      responses:
        '200': {description: Decided, content: {application/json: {schema: {$ref: '#/components/schemas/Review'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: Already decided, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/merges:
    get:
      operationId: merges
      tags: [client record]
      summary: Accounts merged into others, automatically or by hand, oldest first
      parameters:
        - {name: account, in: query, description: Only merges this account took part in, schema: {type: string}}
      responses:
        '200': {description: Merges, content: {application/json: {schema: {$ref: '#/components/schemas/MergeList'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
    post:
      operationId: mergeAccounts
      tags: [client record]
      summary: Merge two accounts that are one company; the older id survives and the other redirects to it
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [accounts]
              properties:
                accounts: {type: array, items: {type: string}, minItems: 2, maxItems: 2}
                reason: {type: string}
      responses:
        '201': {description: Merged, content: {application/json: {schema: {$ref: '#/components/schemas/Merge'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: 'The same account twice, or one already merged away', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/merges/{id}/undo:
    post:
      operationId: unmergeAccounts
      tags: [client record]
      summary: Undo a merge; the absorbed account comes back with what moved, and the two are kept apart from then on
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: Undone, content: {application/json: {schema: {$ref: '#/components/schemas/Merge'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: 'Already undone, or the survivor was merged away since', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/handoffs:
    get:
      operationId: handoffs
      tags: [handoffs]
      summary: Handoffs, newest first, filtered by account, transition and status
      parameters:
        - {name: account, in: query, schema: {type: string}}
        - {name: handoff, in: query, description: A transition id from the spec, schema: {type: string}}
        - {name: status, in: query, schema: {type: string, enum: [waiting, accepted, rejected, auto_rejected]}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500}}
      responses:
        '200': {description: Handoffs, content: {application/json: {schema: {$ref: '#/components/schemas/HandoffList'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
    post:
      operationId: submitHandoff
      tags: [handoffs]
      summary: 'Submit a handoff (the sending function); an incomplete one is recorded as auto-rejected and answered 422 with its problems'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [handoff, account, payload]
              properties:
                handoff: {type: string}
                account: {type: string}
                payload: {type: object}
                previous: {type: string, description: The rejected handoff this one resubmits}
      responses:
        '201': {description: Submitted and waiting for the receiver, content: {application/json: {schema: {$ref: '#/components/schemas/Handoff'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: 'One is already waiting, or the resubmitted one was not rejected', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '422': {description: Recorded as auto-rejected; problems lists each field, content: {application/json: {schema: {$ref: '#/components/schemas/Handoff'}}}}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/handoffs/inbox:
    get:
      operationId: handoffInbox
      tags: [handoffs]
      summary: 'What one function or person receives: waiting, overdue, and rejected in the last 30 days (default: the caller''s function)'
      parameters:
        - {name: function, in: query, schema: {type: string}}
        - {name: person, in: query, schema: {type: string}}
      responses:
        '200': {description: The inbox, content: {application/json: {schema: {$ref: '#/components/schemas/Inbox'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/handoffs/{id}:
    get:
      operationId: getHandoff
      tags: [handoffs]
      summary: One handoff and the earlier submissions it resubmits
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The handoff and its chain
          content:
            application/json:
              schema:
                type: object
                required: [handoff, earlier]
                properties:
                  handoff: {$ref: '#/components/schemas/Handoff'}
                  earlier: {type: array, items: {$ref: '#/components/schemas/Handoff'}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/handoffs/{id}/decision:
    post:
      operationId: decideHandoff
      tags: [handoffs]
      summary: 'The receiving function accepts, or rejects with a reason category and a comment'
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [decision]
              properties:
                decision: {type: string, enum: [accept, reject]}
                reason: {type: string, enum: [missing_data, wrong_data, not_ready, commitment_not_feasible, other]}
                comment: {type: string}
      responses:
        '200': {description: Decided, content: {application/json: {schema: {$ref: '#/components/schemas/Handoff'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: Already decided, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/webhooks:
    get:
      operationId: webhooks
      tags: [handoffs]
      summary: Outgoing webhooks for handoff notices
      responses:
        '200': {description: Webhooks, content: {application/json: {schema: {type: object, required: [webhooks], properties: {webhooks: {type: array, items: {$ref: '#/components/schemas/Webhook'}}}}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
    post:
      operationId: addWebhook
      tags: [handoffs]
      summary: 'Add a webhook for one person, one function, or everyone (neither given); format json or slack'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [url]
              properties:
                url: {type: string}
                format: {type: string, enum: [json, slack]}
                person: {type: string}
                function: {type: string}
      responses:
        '201': {description: Added, content: {application/json: {schema: {$ref: '#/components/schemas/Webhook'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/webhooks/{id}:
    delete:
      operationId: removeWebhook
      tags: [handoffs]
      summary: Remove a webhook; its pending deliveries are given up
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: Removed, content: {application/json: {schema: {$ref: '#/components/schemas/Webhook'}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/webhooks/deliveries:
    get:
      operationId: webhookDeliveries
      tags: [handoffs]
      summary: Deliveries, newest first, with attempts and the last error
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [pending, delivered, failed]}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200':
          description: Deliveries
          content:
            application/json:
              schema:
                type: object
                required: [deliveries]
                properties:
                  deliveries:
                    type: array
                    items:
                      type: object
                      required: [id, webhook_id, url, kind, body, status, attempts, created_at]
                      properties:
                        id: {type: integer}
                        webhook_id: {type: string}
                        url: {type: string}
                        kind: {type: string}
                        body: {type: string}
                        status: {type: string, enum: [pending, delivered, failed]}
                        attempts: {type: integer}
                        next_attempt_at: {type: string}
                        last_error: {type: string}
                        created_at: {type: string}
                        delivered_at: {type: string}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/triage:
    get:
      operationId: triageReport
      tags: [handoffs]
      summary: 'The weekly handoff triage: rejections by transition, reason, sender and receiver, time to decision, SLA breaches, repeat offenders, the meeting''s notes'
      parameters:
        - {name: week, in: query, description: 'ISO week, e.g. 2026-W47 (default: this week)', schema: {type: string}}
      responses:
        '200': {description: The report, content: {application/json: {schema: {type: object, required: [week, rejections, by_transition, by_reason, sla_breaches]}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/triage/notes:
    post:
      operationId: writeTriageNote
      tags: [handoffs]
      summary: A root cause or proposed change to acceptance criteria, written back by the triage meeting
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [week, text]
              properties:
                week: {type: string}
                kind: {type: string, enum: [root_cause, proposal]}
                handoff: {type: string}
                text: {type: string}
      responses:
        '201': {description: Written, content: {application/json: {schema: {type: object, required: [week, kind, text, by, at]}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/outcome-models:
    get:
      operationId: outcomeModels
      tags: [outcomes]
      summary: Every version of every outcome model with its status, signatures and the functions still to sign
      responses:
        '200': {description: Versions, content: {application/json: {schema: {type: object, required: [versions], properties: {versions: {type: array, items: {type: object, required: [id, version, status, signers, signatures, missing, outcomes]}}}}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
    post:
      operationId: proposeOutcomeModel
      tags: [outcomes]
      summary: 'Propose an outcome model, or a change to one: a new draft version that every signer function''s leader signs'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [id, segment, signers, outcomes]
              properties:
                id: {type: string}
                name: {type: string}
                segment: {type: string}
                signers: {type: array, items: {type: string}}
                outcomes:
                  type: array
                  items:
                    type: object
                    required: [id, measure, target, day]
                    properties:
                      id: {type: string}
                      description: {type: string}
                      measure: {type: object, required: [kind], properties: {kind: {type: string, enum: [usage_ratio, event_count]}, event: {type: string}, where: {type: object}}}
                      target: {type: number}
                      day: {type: integer}
      responses:
        '201': {description: A new draft version, content: {application/json: {schema: {type: object, required: [id, version, status, missing]}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '409': {description: The newest version already has this content, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '413': {$ref: '#/components/responses/TooLarge'}
        '415': {$ref: '#/components/responses/UnsupportedMediaType'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/outcome-models/{id}/diff:
    get:
      operationId: outcomeModelDiff
      tags: [outcomes]
      summary: What changed between two versions, outcome by outcome
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: from, in: query, required: true, schema: {type: integer}}
        - {name: to, in: query, required: true, schema: {type: integer}}
      responses:
        '200': {description: The changes, content: {application/json: {schema: {type: object, required: [id, from, to, changes]}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/outcome-models/{id}/versions/{version}/signatures:
    post:
      operationId: signOutcomeModel
      tags: [outcomes]
      summary: 'The signed-in leader signs a draft version for their function; the last signature makes it active'
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: version, in: path, required: true, schema: {type: string}}
      responses:
        '201': {description: Signed, content: {application/json: {schema: {type: object, required: [id, version, status, missing]}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {description: 'Not a draft, not a signer function, or already signed', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/dashboard:
    get:
      operationId: dashboard
      tags: [metrics]
      summary: 'The shared dashboard: every metric of the spec with owners, refresh cadence and headline figure, and each metric''s full figures (MRR movements, NRR/GRR with the cohort matrix, time to first value, ...)'
      responses:
        '200': {description: The dashboard, content: {application/json: {schema: {type: object, required: [as_of, metrics, mrr, retention, cohorts]}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/metrics/{id}:
    get:
      operationId: metric
      tags: [metrics]
      summary: One metric as a table (columns and rows), in JSON or, with format=csv or Accept text/csv, CSV
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, enum: [\#(tabled)]}}
        - {name: format, in: query, schema: {type: string, enum: [json, csv]}}
      responses:
        '200':
          description: The metric
          content:
            application/json: {schema: {type: object, required: [metric, columns, rows]}}
            text/csv: {schema: {type: string}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/metrics/{id}/accounts:
    get:
      operationId: metricAccounts
      tags: [metrics]
      summary: 'The accounts behind a figure: key picks the part (a movement kind, reached/waiting, adopted/not_adopted, single_threaded/unengaged, promoters/passives/detractors, satisfied/unsatisfied, a funnel stage); cohort, source and period narrow it'
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, enum: [\#(tabled)]}}
        - {name: key, in: query, schema: {type: string}}
        - {name: cohort, in: query, schema: {type: string}}
        - {name: source, in: query, schema: {type: string, enum: [all, marketing, sales]}}
        - {name: period, in: query, schema: {type: string}}
        - {name: format, in: query, schema: {type: string, enum: [json, csv]}}
      responses:
        '200':
          description: The accounts
          content:
            application/json: {schema: {type: object, required: [metric, count, accounts]}}
            text/csv: {schema: {type: string}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/renewals:
    get:
      operationId: renewals
      tags: [metrics]
      summary: 'The renewal calendar: active clients renewing from today to days ahead, soonest first, with MRR, owner, each outcome''s state, and a risk (high, medium, low) with its reasons'
      parameters:
        - {name: days, in: query, schema: {type: integer, minimum: 1, maximum: 366, default: 90}}
        - {name: format, in: query, schema: {type: string, enum: [json, csv]}}
      responses:
        '200':
          description: The calendar
          content:
            application/json: {schema: {type: object, required: [as_of, days, rows, mrr_due_cents, by_risk]}}
            text/csv: {schema: {type: string}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/portfolio:
    get:
      operationId: portfolioReport
      tags: [outcomes]
      summary: How many clients are in each state on each outcome, overall and by cohort, segment, CSM and sales rep
      responses:
        '200': {description: The report, content: {application/json: {schema: {type: object, required: [as_of, accounts, rows]}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/adoption:
    get:
      operationId: adoptionReport
      tags: [outcomes]
      summary: Per sales rep, the share of closed clients past 90 days that reached the adoption threshold within 90 days
      responses:
        '200': {description: The report, content: {application/json: {schema: {type: object, required: [threshold, rows]}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/outcome-validation:
    get:
      operationId: outcomeValidation
      tags: [outcomes]
      summary: 'For clients that reached renewal: renewal and expansion rates with and without each outcome, lift, a 95% interval, the AUC of the model, and the outcomes that do not predict renewal'
      responses:
        '200': {description: The report, content: {application/json: {schema: {type: object, required: [accounts, rows, flagged]}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/reports/sla:
    get:
      operationId: slaReport
      tags: [handoffs]
      summary: Per transition, median and p90 time to decision, breach rate and rejection rate
      parameters:
        - {name: from, in: query, schema: {type: string, format: date}}
        - {name: to, in: query, schema: {type: string, format: date}}
      responses:
        '200': {description: The report, content: {application/json: {schema: {type: object, required: [from, to, rows]}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /api/v1/audit:
    get:
      operationId: audit
      tags: [access]
      summary: The append-only audit log, oldest first, paged by cursor
      parameters:
        - {name: action, in: query, description: 'An action, or a prefix ending in "." (token.)', schema: {type: string}}
        - {name: actor, in: query, schema: {type: string}}
        - {name: target, in: query, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200': {description: A page of entries, content: {application/json: {schema: {$ref: '#/components/schemas/AuditPage'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer, description: 'An API token from accord token create'}
    sessionCookie: {type: apiKey, in: cookie, name: accord_session}
    writeKey: {type: http, scheme: basic, description: "A source's write key as the user name, empty password"}
  pathItems:
    IngestBatch:
      post:
        tags: [ingestion]
        summary: Segment-compatible batch of messages (what the SDKs send)
        security: [{writeKey: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema:
                type: object
                required: [batch]
                properties:
                  batch: {type: array, minItems: 1, maxItems: 100, items: {allOf: [{$ref: '#/components/schemas/SegmentMessage'}, {required: [type]}]}}
                  writeKey: {type: string}
                  sentAt: {type: string, format: date-time}
        responses:
          '200': {description: Committed, content: {application/json: {schema: {type: object, required: [success], properties: {success: {const: true}}}}}}
          '400': {$ref: '#/components/responses/IngestionError'}
          '401': {$ref: '#/components/responses/IngestionError'}
          '413': {$ref: '#/components/responses/IngestionError'}
          '415': {$ref: '#/components/responses/IngestionError'}
          '429': {$ref: '#/components/responses/IngestionError'}
          '503': {$ref: '#/components/responses/IngestionError'}
    IngestOne:
      post:
        tags: [ingestion]
        summary: One Segment-compatible message
        security: [{writeKey: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SegmentMessage'}
        responses:
          '200': {description: Committed, content: {application/json: {schema: {type: object, required: [success], properties: {success: {const: true}}}}}}
          '400': {$ref: '#/components/responses/IngestionError'}
          '401': {$ref: '#/components/responses/IngestionError'}
          '413': {$ref: '#/components/responses/IngestionError'}
          '415': {$ref: '#/components/responses/IngestionError'}
          '429': {$ref: '#/components/responses/IngestionError'}
          '503': {$ref: '#/components/responses/IngestionError'}
  responses:
    BadRequest: {description: A parameter or the body is wrong; the message says how, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    NotFound: {description: No such thing, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    Forbidden: {description: 'Valid credentials that may not do this, or a missing CSRF token', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    Unauthorized:
      description: No credentials, or bad ones
      headers:
        WWW-Authenticate: {schema: {type: string}}
      content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
    TooManyRequests:
      description: Over this caller's rate
      headers:
        Retry-After: {schema: {type: integer, minimum: 1}, required: true}
      content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
    Merged:
      description: The account was merged into another; Location names the survivor
      headers:
        Location: {schema: {type: string}, required: true}
      content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
    TooLarge: {description: The body is over its limit, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    UnsupportedMediaType: {description: The body is not JSON, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
    IngestionError:
      description: Segment-style failure
      content:
        application/json:
          schema:
            type: object
            required: [success, code, message]
            properties:
              success: {const: false}
              code: {type: string}
              message: {type: string}
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [code, message]
          properties:
            code: {type: string}
            message: {type: string}
    SegmentMessage:
      description: A Segment Tracking API message; 32 KB at most.
      type: object
      properties:
        type: {type: string, enum: [track, identify, group, page, screen, alias]}
        event: {type: string, minLength: 1, maxLength: 200}
        userId: {type: string, minLength: 1, maxLength: 200}
        anonymousId: {type: string, minLength: 1, maxLength: 200}
        groupId: {type: string, minLength: 1, maxLength: 200}
        messageId: {type: string, minLength: 1, maxLength: 200}
        timestamp: {type: string, format: date-time}
        properties: {type: object}
        traits: {type: object}
        context: {type: object}
      anyOf:
        - {required: [userId]}
        - {required: [anonymousId]}
    Health:
      type: object
      required: [status, database]
      properties:
        status: {type: string, enum: [ok, unavailable]}
        database: {type: string}
    Role: {type: string, enum: [leader, manager, rep, cs_manager, revops, it_partner, admin, viewer]}
    NullableString: {type: [string, 'null']}
    AccountSummary:
      type: object
      required: [id, name, segment, lifecycle_stage, acquisition_source, licensed_seats, mrr_cents]
      properties:
        id: {type: string}
        name: {type: string}
        domain: {type: string}
        segment: {type: string}
        lifecycle_stage: {type: string}
        acquisition_source: {type: string}
        cohort: {type: string}
        licensed_seats: {type: integer}
        mrr_cents: {type: integer}
        renewal_on: {type: string}
        owner_cs: {type: string}
    AccountPage:
      type: object
      required: [accounts, total]
      properties:
        accounts: {type: array, items: {$ref: '#/components/schemas/AccountSummary'}}
        total: {type: integer, minimum: 0}
        next_cursor: {type: string}
    AccountDetail:
      type: object
      required: [account, contacts, movements, recent_events, recent_usage, surveys]
      properties:
        account:
          type: object
          required: [id, name, segment, lifecycle_stage, acquisition_source, licensed_seats, created_on]
          properties:
            id: {type: string}
            name: {type: string}
            segment: {type: string}
            lifecycle_stage: {type: string}
            acquisition_source: {type: string}
            licensed_seats: {type: integer}
            created_on: {type: string}
        subscription: {type: object}
        contacts: {type: array, items: {type: object, required: [id, name], properties: {id: {type: string}, name: {type: string}, influence: {type: integer}}}}
        movements: {type: array, items: {type: object, required: [kind, amount_cents], properties: {kind: {type: string}, amount_cents: {type: integer}}}}
        recent_events: {type: array, items: {$ref: '#/components/schemas/Event'}}
        recent_usage: {type: array, items: {type: object}}
        surveys: {type: array, items: {type: object}}
    Identities:
      type: object
      required: [account, identities]
      properties:
        account: {type: string}
        identities:
          type: array
          items:
            type: object
            required: [source, kind, external_id, updated_at]
            properties:
              source: {type: string}
              kind: {type: string}
              external_id: {type: string}
              account_id: {type: string}
              contact_id: {type: string}
              rule: {type: string}
              merged_from: {type: string, description: The account this record belonged to before that account was merged into this one}
              updated_at: {type: string}
    Merge:
      type: object
      required: [id, survivor, absorbed, absorbed_name, origin, reason, merged_by, merged_at, moved]
      properties:
        id: {type: integer}
        survivor: {type: string}
        absorbed: {type: string}
        absorbed_name: {type: string}
        origin: {type: string, enum: [automatic, manual]}
        reason: {type: string}
        merged_by: {type: string}
        merged_at: {type: string}
        moved: {type: object, additionalProperties: {type: integer}}
        unmerged_by: {type: string}
        unmerged_at: {type: string}
    MergeList:
      type: object
      required: [merges]
      properties:
        merges: {type: array, items: {$ref: '#/components/schemas/Merge'}}
    Handoff:
      type: object
      required: [id, handoff, account_id, status, payload, problems, submitted_by, submitted_at, due_at]
      properties:
        id: {type: string}
        handoff: {type: string}
        account_id: {type: string}
        status: {type: string, enum: [waiting, accepted, rejected, auto_rejected]}
        payload: {type: object}
        problems:
          type: array
          items: {type: object, required: [field, message], properties: {field: {type: string}, message: {type: string}}}
        submitted_by: {type: string}
        submitted_at: {type: string}
        due_at: {type: string}
        previous_id: {type: string}
        decided_by: {type: string}
        decided_at: {type: string}
        reason: {type: string, enum: [missing_data, wrong_data, not_ready, commitment_not_feasible, other]}
        comment: {type: string}
        breached_at: {type: string}
    Webhook:
      type: object
      required: [id, url, format, created_at, created_by]
      properties:
        id: {type: string}
        url: {type: string}
        format: {type: string, enum: [json, slack]}
        person: {type: string}
        function: {type: string}
        created_at: {type: string}
        created_by: {type: string}
    HandoffList:
      type: object
      required: [handoffs]
      properties:
        handoffs: {type: array, items: {$ref: '#/components/schemas/Handoff'}}
    Inbox:
      type: object
      required: [waiting, overdue, rejected]
      properties:
        function: {type: string}
        person: {type: string}
        waiting: {type: array, items: {$ref: '#/components/schemas/Handoff'}}
        overdue: {type: array, items: {$ref: '#/components/schemas/Handoff'}}
        rejected: {type: array, items: {$ref: '#/components/schemas/Handoff'}}
    Review:
      type: object
      required: [id, source, external_id, candidate_account, probability, fields, created_at]
      properties:
        id: {type: integer}
        source: {type: string}
        external_id: {type: string}
        candidate_account: {type: string}
        probability: {type: number}
        fields: {type: object}
        created_at: {type: string}
        decision: {type: string, enum: [link, separate]}
        decided_by: {type: string}
        decided_at: {type: string}
    ReviewList:
      type: object
      required: [reviews]
      properties:
        reviews: {type: array, items: {$ref: '#/components/schemas/Review'}}
    Headline:
      type: object
      required: [accounts, active_clients, churned_clients, prospects, mrr_cents, as_of, csat, nps]
      properties:
        accounts: {type: integer}
        active_clients: {type: integer}
        churned_clients: {type: integer}
        prospects: {type: integer}
        mrr_cents: {type: integer}
        as_of: {type: string}
        csat: {type: object}
        nps: {type: object}
    Event:
      type: object
      required: [message_id, type, name, source, timestamp, received_at, properties]
      properties:
        message_id: {type: string}
        type: {type: string}
        name: {type: string}
        account_id: {type: string}
        contact_id: {type: string}
        source: {type: string}
        timestamp: {type: string}
        received_at: {type: string}
        properties: {type: object}
        violations: {type: array, items: {type: string}}
    EventPage:
      type: object
      required: [events]
      properties:
        events:
          type: array
          items:
            type: object
            required: [seq, event]
            properties:
              seq: {type: integer}
              event: {$ref: '#/components/schemas/Event'}
        next_cursor: {type: string}
        last_seq: {type: integer}
    FailedEventPage:
      type: object
      required: [failed_events, total]
      properties:
        total: {type: integer}
        next_cursor: {type: string}
        failed_events:
          type: array
          items:
            type: object
            required: [seq, failed]
            properties:
              seq: {type: integer}
              failed:
                type: object
                required: [message_id, source, kind, reasons, payload]
                properties:
                  message_id: {type: string}
                  source: {type: string}
                  kind: {type: string, enum: [unplanned, invalid]}
                  reasons: {type: array, items: {type: string}}
                  payload: {}
    Violations:
      type: object
      required: [violations]
      properties:
        violations:
          type: array
          items:
            type: object
            required: [source, event, kind, flagged, quarantined]
            properties:
              source: {type: string}
              event: {type: string}
              kind: {type: string}
              flagged: {type: integer}
              quarantined: {type: integer}
    Me:
      type: object
      required: [kind, id, name, role, function, person, may, book]
      properties:
        kind: {type: string, enum: [person, token]}
        id: {type: string}
        name: {type: string}
        role: {$ref: '#/components/schemas/Role'}
        function: {$ref: '#/components/schemas/NullableString'}
        person: {$ref: '#/components/schemas/NullableString'}
        may: {type: object}
        book: {type: [object, 'null']}
    People:
      type: object
      required: [people]
      properties:
        people:
          type: array
          items:
            type: object
            required: [id, name, email, function, role, can_sign_in]
            properties:
              id: {type: string}
              name: {type: string}
              email: {type: string}
              function: {type: string}
              role: {$ref: '#/components/schemas/Role'}
              can_sign_in: {type: boolean}
    Token:
      type: object
      required: [id, role, label, person, created_at, created_by, last_used_at, revoked_at]
      properties:
        id: {type: string}
        role: {$ref: '#/components/schemas/Role'}
        label: {type: string}
        person: {$ref: '#/components/schemas/NullableString'}
        created_at: {type: string}
        created_by: {type: string}
        last_used_at: {$ref: '#/components/schemas/NullableString'}
        revoked_at: {$ref: '#/components/schemas/NullableString'}
    CreatedToken:
      allOf:
        - {$ref: '#/components/schemas/Token'}
        - {type: object, required: [token], properties: {token: {type: string}}}
    TokenList:
      type: object
      required: [tokens]
      properties:
        tokens: {type: array, items: {$ref: '#/components/schemas/Token'}}
    Source:
      type: object
      required: [source, system, key_ends_with, created_at, rotated_at]
      properties:
        source: {type: string}
        system: {type: string}
        key_ends_with: {type: string}
        created_at: {type: string}
        rotated_at: {$ref: '#/components/schemas/NullableString'}
    SourceList:
      type: object
      required: [sources]
      properties:
        sources: {type: array, items: {$ref: '#/components/schemas/Source'}}
    RotatedSource:
      allOf:
        - {$ref: '#/components/schemas/Source'}
        - {type: object, required: [write_key], properties: {write_key: {type: string}}}
    AuditPage:
      type: object
      required: [entries]
      properties:
        next_cursor: {type: string}
        entries:
          type: array
          items:
            type: object
            required: [seq, at, actor, origin, action, target]
            properties:
              seq: {type: integer}
              at: {type: string}
              actor: {type: string}
              origin: {type: string}
              action: {type: string}
              target: {type: string}
              before: {}
              after: {}
"""#
}
