/// Where Accord keeps the client record, as one protocol per capability. SQLite is the embedded
/// default; a PostgreSQL store satisfies the same protocols, and one conformance suite holds both
/// to the same behaviour. A controller or service takes only the part it needs.
public protocol Store:
    RecordStore, IngestionStore, AccessStore, IdentityStore, HandoffStore, OutcomeStore, MetricStore, WebhookStore, JobStore, SyncStore, HealthStore, PlayStore,
    SaveStore, WinBackStore, ProgramStore
{}
