public import AccordCore
import Metrics

/// The work Accord does, as swift-metrics counters and timers: `accord serve` bootstraps a
/// Prometheus backend and shows them at `GET /metrics`; the command line records nothing
/// (swift-metrics' default backend). Names follow Prometheus' conventions.
public enum OperationalMetrics {
    /// A sync run that ended: counted by source, status and trigger, with its records by outcome.
    public static func syncRun(_ run: SyncRun) {
        Counter(label: "accord_sync_runs_total", dimensions: [("source", run.source), ("status", run.status.rawValue), ("trigger", run.trigger.rawValue)])
            .increment()
        for (stream, counts) in run.streams {
            let outcomes = [
                ("read", counts.read), ("created", counts.created), ("updated", counts.updated), ("unchanged", counts.unchanged),
                ("deleted", counts.deleted), ("rejected", counts.rejected), ("to_review", counts.toReview),
            ]
            for (outcome, count) in outcomes where count > 0 {
                Counter(label: "accord_sync_records_total", dimensions: [("source", run.source), ("stream", stream), ("outcome", outcome)])
                    .increment(by: count)
            }
        }
        if let end = run.endedAt {
            Timer(label: "accord_sync_run_duration_seconds", dimensions: [("source", run.source)], preferredDisplayUnit: .seconds)
                .recordMilliseconds(end.milliseconds - run.startedAt.milliseconds)
            if run.status == .ok {
                Gauge(label: "accord_sync_last_success_timestamp_seconds", dimensions: [("source", run.source)]).record(Double(end.milliseconds) / 1000)
            }
        }
    }

    /// One ingestion request taken: its events, by source.
    public static func ingested(source: String, events: Int) {
        Counter(label: "accord_ingestion_batches_total", dimensions: [("source", source)]).increment()
        Counter(label: "accord_ingestion_events_total", dimensions: [("source", source)]).increment(by: events)
    }

    /// One ingestion request refused, by the error code it was answered with.
    public static func ingestionRefused(code: String) {
        Counter(label: "accord_ingestion_refused_total", dimensions: [("code", code)]).increment()
    }

    /// One webhook delivery attempt, by notice kind and result.
    public static func webhookAttempt(kind: String, delivered: Bool) {
        Counter(label: "accord_webhook_deliveries_total", dimensions: [("kind", kind), ("result", delivered ? "delivered" : "failed")]).increment()
    }

    /// One run of a background job of `accord serve`, by job and outcome (ran, failed, or skipped
    /// because another replica holds it).
    public static func jobRun(_ job: String, outcome: String) {
        Counter(label: "accord_background_job_runs_total", dimensions: [("job", job), ("outcome", outcome)]).increment()
    }
}
