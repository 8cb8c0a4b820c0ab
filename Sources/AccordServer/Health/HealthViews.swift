import AccordApp
import AccordCore
import Foundation

/// Account health as the pages show it: the score and band, each factor's part in words, the
/// history as a chart against the bands, and the latest changes with what moved them.
enum HealthViews {
    static let factorNames: [HealthConfig.Factor: String] = [
        .outcomes: "Outcomes", .decisionMakers: "Decision-makers engaged", .usage: "Usage", .riskSignals: "Risk signals",
        .supportLoad: "Support load", .sentiment: "NPS and CSAT", .handoffs: "Handoffs",
    ]
    static let bandNames: [HealthConfig.Band: String] = [.healthy: "healthy", .watch: "watch", .atRisk: "at risk"]

    static func account(_ health: HealthDesk.AccountHealth, config: HealthConfig) -> [String: Any] {
        let now = health.now
        return [
            "score": now.score, "band": now.band.rawValue, "bandName": bandNames[now.band] ?? now.band.rawValue,
            "parts": now.parts.map { part -> [String: Any] in
                [
                    "factor": part.factor.rawValue, "name": factorNames[part.factor] ?? part.factor.rawValue, "weight": Format.percent(part.share),
                    "value": Format.percent(part.value), "points": Format.oneDecimal(part.points), "detail": part.detail,
                ]
            },
            "leftOut": now.leftOut.map { ["name": factorNames[$0.factor] ?? $0.factor.rawValue, "reason": $0.reason] },
            "hasLeftOut": !now.leftOut.isEmpty,
            "changes": health.history.changes.prefix(8).map { change -> [String: Any] in
                [
                    "day": change.day.iso, "from": change.from, "to": change.to, "band": change.band.rawValue,
                    "movers": change.movers.prefix(3).map(\.text).joined(separator: "; "),
                ]
            },
            "chart": chart(health.history, config: config) ?? false,
        ]
    }

    /// The weekly score from 0 to 100, with the band lines; each change is a point to hover.
    static func chart(_ history: HealthHistory, config: HealthConfig, width: Double = 720, height: Double = 180) -> [String: Any]? {
        guard let first = history.points.first, let last = history.points.last, history.points.count > 1 else { return nil }
        let left = 8.0
        let right = width - 8
        let top = 16.0
        let bottom = height - 28
        let span = Double(max(1, last.day.number - first.day.number))
        func x(_ day: Day) -> Double { left + (right - left) * Double(day.number - first.day.number) / span }
        func y(_ score: Int) -> Double { bottom - (bottom - top) * Double(score) / 100 }
        let path = history.points.enumerated().map { index, point in "\(index == 0 ? "M" : "L")\(r(x(point.day))),\(r(y(point.score)))" }
            .joined(separator: " ")
        let marks = history.changes.map { change -> [String: Any] in
            [
                "x": r(x(change.day)), "y": r(y(change.to)),
                "label": "\(change.day.iso): \(change.from) → \(change.to). " + change.movers.prefix(3).map(\.text).joined(separator: "; "),
            ]
        }
        return [
            "width": r(width), "height": r(height), "path": path, "marks": marks, "axis": r(bottom), "ly": r(height - 8),
            "healthyY": r(y(config.healthy)), "watchY": r(y(config.watch)), "healthy": config.healthy, "watch": config.watch,
            "from": first.day.iso, "to": last.day.iso, "toX": r(right),
        ]
    }

    private static func r(_ value: Double) -> String { String(format: "%.1f", value) }
}
