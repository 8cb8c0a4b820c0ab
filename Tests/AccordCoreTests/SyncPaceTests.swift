import AccordCore
import Testing

@Suite("Sync pacing and tap metrics, without a database")
struct SyncPaceTests {
    @Test("landed records are mapped once they are half of what the client record holds, or when the clock says so")
    func pace() {
        let start = Instant(milliseconds: 1_000_000)
        var pace = MappingPace(batch: 5000, every: 2000, startedAt: start)
        #expect(!pace.due(at: start), "nothing waits")
        pace.waiting = 4999
        #expect(!pace.due(at: Instant(milliseconds: 1_001_000)))
        #expect(pace.due(at: Instant(milliseconds: 1_002_000)), "the clock: a small sync's records reach the record within seconds")
        pace.waiting = 5000
        #expect(pace.due(at: start))
        // A large record: 100,000 accounts, and a mapping that took 30 s.
        pace.mapped(from: start, to: Instant(milliseconds: 1_030_000), known: 100_000)
        pace.waiting = 20_000
        #expect(!pace.due(at: Instant(milliseconds: 1_032_000)), "a slow mapping is not repeated every two seconds")
        #expect(pace.due(at: Instant(milliseconds: 1_330_000)), "but within ten times its length")
        pace.waiting = 50_000
        #expect(pace.due(at: Instant(milliseconds: 1_030_001)), "half of the record waits")
    }

    @Test("record_count METRIC lines of singer-python and singer-sdk add up per stream and are checked against what was read")
    func metrics() {
        var metrics = SingerMetrics()
        metrics.take(#"INFO METRIC: {"type": "counter", "metric": "record_count", "value": 40, "tags": {"endpoint": "Account"}}"#)
        metrics.take(#"2026-12-02 10:00:00 INFO METRIC: {"type": "counter", "metric": "record_count", "value": 2, "tags": {"endpoint": "Account"}}"#)
        metrics.take(#"METRIC: {"type": "counter", "metric": "record_count", "value": 7, "tags": {"stream": "contacts", "context": {}}}"#)
        metrics.take(#"METRIC: {"type": "timer", "metric": "http_request_duration", "value": 0.2, "tags": {"stream": "contacts"}}"#)
        metrics.take("METRIC: not json")
        metrics.take("connecting to the API")
        #expect(metrics.recordCounts == ["Account": 42, "contacts": 7])
        var read = StreamCounts()
        read.read = 42
        var fewer = StreamCounts()
        fewer.read = 5
        let mismatches = metrics.mismatches(read: ["Account": read, "contacts": fewer], streams: ["Account", "contacts", "deals"])
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.contains("the tap counted 7 records of contacts (its METRIC record_count), but Accord read 5") == true)
    }
}
