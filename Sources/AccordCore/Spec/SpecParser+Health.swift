extension SpecParser {
    /// `health: {bands: {healthy, watch}, weights: {factor: n}, segments: {segment: {factor: n}}}`.
    static func parseHealth(_ map: MapReader, segments: [Segment]) -> HealthConfig {
        map.allowOnly(["bands", "weights", "segments"])
        var config = HealthConfig()
        let factors = HealthConfig.Factor.allCases.map(\.rawValue)
        func weights(_ reader: MapReader) -> [HealthConfig.Factor: Double] {
            reader.allowOnly(factors)
            var found: [HealthConfig.Factor: Double] = [:]
            for factor in HealthConfig.Factor.allCases {
                guard let weight = reader.double(factor.rawValue) else { continue }
                if weight >= 0 {
                    found[factor] = weight
                } else {
                    reader.log.error(reader.locationOf(factor.rawValue), "\(reader.path).\(factor.rawValue) must not be negative; 0 leaves the factor out")
                }
            }
            return found
        }
        if let reader = map.map("weights") {
            // Named weights replace the defaults whole: a factor not named weighs nothing.
            let named = weights(reader)
            config.weights = Dictionary(uniqueKeysWithValues: HealthConfig.Factor.allCases.map { ($0, named[$0] ?? 0) })
            if named.values.reduce(0, +) <= 0 {
                map.log.error(
                    map.locationOf("weights"), "health.weights gives no factor a weight above 0; name at least one of \(factors.joined(separator: ", "))")
            }
        }
        for (segment, reader) in map.entries("segments") {
            if !segments.contains(where: { $0.id == segment }) {
                map.log.error(
                    map.log.locations["health.segments.\(segment)#key"] ?? map.location,
                    "health.segments.\(segment) is not a segment; segments are \(segments.map(\.id).joined(separator: ", "))")
            }
            config.segmentWeights[segment] = weights(reader)
        }
        if let bands = map.map("bands") {
            bands.allowOnly(["healthy", "watch"])
            let healthy = bands.int("healthy") ?? config.healthy
            let watch = bands.int("watch") ?? config.watch
            if (1...100).contains(healthy), (0...100).contains(watch), watch < healthy {
                config.healthy = healthy
                config.watch = watch
            } else {
                map.log.error(
                    map.locationOf("bands"),
                    "health.bands needs 0 ≤ watch < healthy ≤ 100 (a score at or above healthy is healthy), got watch \(watch), healthy \(healthy)")
            }
        }
        return config
    }
}
