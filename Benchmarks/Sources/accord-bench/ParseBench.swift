import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// The per-request CPU work of ingestion on one core, without HTTP or the store: parse the
/// body, read the Segment messages, check them against the tracking plan, encode the columns.
/// It is what the request tasks spend beside the writer, so it bounds end-to-end throughput.
struct ParseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Request-side ingestion work per event, on one core.")

    @Option(help: "Batches of 100 events.") var batches = 3000
    @Option(help: "Rounds; the best is reported.") var rounds = 5

    func run() async throws {
        let spec = SpecTemplate.defaultSpec
        let plan = TrackingPlan(spec.taxonomy)
        let bodies = (0..<batches).map { Array(IngestBench.body(batch: $0, size: 100).readableBytesView) }
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            var accepted = 0
            for body in bodies {
                let value = try JSONParser.parse(body)
                let messages = try SegmentEnvelope.messages(in: value, call: nil, source: "product", receivedAt: .now)
                let batch = IngestBatch(
                    entries: messages.map { .init(item: plan.classify($0), propertiesText: $0.propertiesText, contextText: $0.contextText) },
                    defaultSegment: "mid_market")
                accepted += batch.entries.count
            }
            let seconds = (ContinuousClock.now - start).seconds
            best = min(best, seconds / Double(accepted))
        }
        print(
            "request-side work: \(Format.oneDecimal(best * 1e6)) µs per event (best of \(rounds) rounds of \(Format.count(batches * 100)) events), \(Format.count(Int(1 / best))) events/s on one core"
        )
    }
}
