/// The `METRIC` lines taps write to stderr (singer-python's and singer-sdk's
/// `METRIC: {"type": "counter", "metric": "record_count", "value": N, "tags": {...}}`), summed
/// per stream, to check against the records Accord read. Both libraries reset a counter each time
/// they log it, so the points add up.
public struct SingerMetrics: Sendable, Hashable {
    /// Records the tap says it sent, by stream.
    public private(set) var recordCounts: [String: Int] = [:]

    public init() {}

    /// Reads one stderr line; anything that is not a record_count metric is ignored.
    public mutating func take(_ line: some StringProtocol) {
        guard let marker = line.range(of: "METRIC: ") else { return }
        guard case .object(let point)? = try? JSONParser.parse(String(line[marker.upperBound...])),
            point["metric"]?.stringValue == "record_count", case .number(let value)? = point["value"],
            case .object(let tags)? = point["tags"],
            let stream = (tags["stream"] ?? tags["endpoint"])?.stringValue
        else { return }
        recordCounts[stream, default: 0] += Int(value)
    }

    /// A sentence for each stream the spec reads whose count differs from what Accord read.
    public func mismatches(read: [String: StreamCounts], streams: [String]) -> [String] {
        streams.compactMap { stream in
            guard let counted = recordCounts[stream] else { return nil }
            let got = read[stream]?.read ?? 0
            guard counted != got else { return nil }
            return
                "the tap counted \(Format.count(counted)) records of \(stream) (its METRIC record_count), but Accord read \(Format.count(got)); check the tap's stdout is not shared with anything else, and the run's stderr"
        }
    }
}
