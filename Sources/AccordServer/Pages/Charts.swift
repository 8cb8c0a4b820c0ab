import AccordApp
import AccordCore
import Foundation

/// Geometry for the SVG charts; the templates draw it, so every label goes through their escaping.
enum Charts {
    /// The MRR bridge over a period: start, each movement as a floating bar, end.
    static func waterfall(_ m: MRRMovements, width: Double = 720, height: Double = 260) -> [String: Any] {
        let steps: [(String, Int64, String)] = [
            ("Start", m.startCents, "total"), ("New", m.newCents, "up"), ("Expansion", m.expansionCents, "up"),
            ("Reactivation", m.reactivationCents, "up"), ("Contraction", -m.contractionCents, "down"), ("Churn", -m.churnCents, "down"),
            ("End", m.endCents, "total"),
        ]
        var level: Int64 = 0
        var peak: Int64 = 1
        var spans: [(String, Int64, Int64, String, Int64)] = []
        for (label, amount, kind) in steps {
            if kind == "total" {
                spans.append((label, 0, amount, kind, amount))
                level = amount
            } else {
                let next = level + amount
                spans.append((label, min(level, next), max(level, next), kind, amount))
                level = next
            }
            peak = max(peak, level, spans.last!.2)
        }
        let top = 20.0
        let bottom = height - 40
        let slot = width / Double(spans.count)
        func y(_ cents: Int64) -> Double { bottom - (bottom - top) * Double(cents) / Double(peak) }
        let bars = spans.enumerated().map { index, span -> [String: Any] in
            let (label, low, high, kind, amount) = span
            let x = Double(index) * slot + slot * 0.15
            let text = kind == "total" ? Format.dollars(cents: amount) : (amount >= 0 ? "+" : "−") + Format.dollars(cents: abs(amount))
            return [
                "x": r(x), "y": r(y(high)), "w": r(slot * 0.7), "h": r(max(1, y(low) - y(high))), "kind": kind, "label": label,
                "value": text, "tx": r(x + slot * 0.35), "ty": r(y(high) - 6), "ly": r(height - 18),
            ]
        }
        return ["width": r(width), "height": r(height), "bars": bars, "axis": r(bottom)]
    }

    /// NRR per cohort (rows) and quarter (columns), shaded from red (shrinking) through white to green.
    static func heatmap(_ matrix: CohortRetention, source: String, metric: KeyPath<CohortRetention.Cell, Double?>, link: String) -> [String: Any] {
        let rows = matrix.rows.filter { $0.source == source }
        let cell = 56.0
        let label = 90.0
        let header = 28.0
        let columns = matrix.periods.enumerated().map { index, period -> [String: Any] in
            ["x": r(label + Double(index) * cell + cell / 2), "period": period]
        }
        var cells: [[String: Any]] = []
        for (rowIndex, row) in rows.enumerated() {
            for item in row.cells {
                guard let column = matrix.periods.firstIndex(of: item.period), let value = item[keyPath: metric] else { continue }
                cells.append([
                    "x": r(label + Double(column) * cell), "y": r(header + Double(rowIndex) * cell * 0.6), "w": r(cell - 2), "h": r(cell * 0.6 - 2),
                    "fill": shade(value), "text": Format.oneDecimal(value * 100), "tx": r(label + Double(column) * cell + cell / 2 - 1),
                    "ty": r(header + Double(rowIndex) * cell * 0.6 + cell * 0.36), "cohort": row.cohort, "period": item.period,
                    "accounts": Format.count(item.accounts),
                    "href": "\(link)?cohort=\(row.cohort)&source=\(source)&period=\(item.period)",
                ])
            }
        }
        let labels = rows.enumerated().map { index, row -> [String: Any] in
            ["y": r(header + Double(index) * cell * 0.6 + cell * 0.36), "cohort": row.cohort, "clients": Format.count(row.clients)]
        }
        return [
            "width": r(label + Double(matrix.periods.count) * cell + 4), "height": r(header + Double(rows.count) * cell * 0.6 + 4),
            "columns": columns, "cells": cells, "labels": labels, "hasCells": !cells.isEmpty,
        ]
    }

    /// One account's MRR over time as a step line, from its first movement to `asOf`.
    static func mrrHistory(_ movements: [MRRMovement], asOf: Day, width: Double = 720, height: Double = 180) -> [String: Any]? {
        let sorted = movements.sorted { $0.occurredOn < $1.occurredOn }
        guard let first = sorted.first?.occurredOn, first < asOf else { return nil }
        let peak = max(1, sorted.map(\.mrrAfterCents).max() ?? 1)
        let left = 8.0
        let right = width - 8
        let top = 24.0
        let bottom = height - 28
        let span = Double(asOf.number - first.number)
        func x(_ day: Day) -> Double { left + (right - left) * Double(day.number - first.number) / span }
        func y(_ cents: Int64) -> Double { bottom - (bottom - top) * Double(cents) / Double(peak) }
        var path = "M\(r(x(first))),\(r(y(0)))"
        var marks: [[String: Any]] = []
        for m in sorted {
            path += " H\(r(x(m.occurredOn))) V\(r(y(m.mrrAfterCents)))"
            marks.append([
                "x": r(x(m.occurredOn)), "y": r(y(m.mrrAfterCents)),
                "label": "\(m.occurredOn.iso) \(m.kind.rawValue): \(Format.dollars(cents: m.mrrAfterCents))",
            ])
        }
        path += " H\(r(right))"
        return [
            "width": r(width), "height": r(height), "path": path, "marks": marks, "axis": r(bottom), "ly": r(height - 8),
            "from": first.iso, "to": asOf.iso, "toX": r(right), "peak": Format.dollars(cents: peak), "peakY": r(top - 8),
        ]
    }

    /// White at 100%; toward red down to 50%, toward green up to 130%.
    static func shade(_ value: Double) -> String {
        if value >= 1 {
            let t = min(1, (value - 1) / 0.3)
            return "hsl(145, 55%, \(Int(96 - 40 * t))%)"
        }
        let t = min(1, (1 - value) / 0.5)
        return "hsl(4, 75%, \(Int(96 - 36 * t))%)"
    }

    private static func r(_ value: Double) -> String { String(format: "%.1f", value) }
}
