/// The dashboard specification as text, one metric a line: what a dashboard proposal holds, what its
/// approval is compared with, and what the changes between two of them are read from.
public enum DashboardSpecText {
    public static func text(_ dashboard: DashboardConfig) -> String {
        dashboard.metrics.map(line).joined(separator: "\n")
    }

    static func line(_ metric: DashboardConfig.Metric) -> String {
        "\(metric.id) owners=\(metric.owners.joined(separator: ",")) refresh=\(metric.refresh.rawValue)"
    }

    /// Metrics read back from the text; lines that do not parse are left out.
    public static func metrics(_ text: String) -> [DashboardConfig.Metric] {
        text.split(separator: "\n").compactMap { line -> DashboardConfig.Metric? in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[1].hasPrefix("owners="), parts[2].hasPrefix("refresh="),
                let refresh = SourceDefinition.Frequency(rawValue: String(parts[2].dropFirst(8)))
            else { return nil }
            let id = String(parts[0])
            return DashboardConfig.Metric(
                id: id, name: MetricCatalog.all.first { $0.id == id }?.name ?? id,
                owners: parts[1].dropFirst(7).split(separator: ",").map(String.init), refresh: refresh)
        }
    }

    /// What changes from one dashboard specification to another, metric by metric.
    public static func changes(from old: String, to new: String) -> [String] {
        let before = Dictionary(metrics(old).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = metrics(new)
        var lines: [String] = []
        for metric in metrics(old) where !after.contains(where: { $0.id == metric.id }) { lines.append("removes \(metric.id)") }
        for metric in after {
            guard let earlier = before[metric.id] else {
                lines.append("adds \(metric.id), owned by \(metric.owners.joined(separator: ", ")), refreshed \(metric.refresh.rawValue)")
                continue
            }
            if earlier.owners != metric.owners {
                lines.append("\(metric.id) owners: \(earlier.owners.joined(separator: ", ")) → \(metric.owners.joined(separator: ", "))")
            }
            if earlier.refresh != metric.refresh { lines.append("\(metric.id) refresh: \(earlier.refresh.rawValue) → \(metric.refresh.rawValue)") }
        }
        return lines
    }
}
