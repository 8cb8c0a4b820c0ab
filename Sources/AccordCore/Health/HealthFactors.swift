/// Each factor of the health score as of a day, from the account's dated facts: a value from 0
/// to 1 with its evidence, or why there is none.
enum HealthFactors {
    enum Reading: Equatable {
        case value(Double, String)
        case noEvidence(String)
    }

    static func evaluate(_ factor: HealthConfig.Factor, _ facts: HealthFacts, asOf: Day) -> Reading {
        switch factor {
        case .outcomes: outcomes(facts, asOf)
        case .decisionMakers: decisionMakers(facts, asOf)
        case .usage: usage(facts, asOf)
        case .riskSignals: riskSignals(facts, asOf)
        case .supportLoad: supportLoad(facts, asOf)
        case .sentiment: sentiment(facts, asOf)
        case .handoffs: handoffs(facts, asOf)
        }
    }

    /// Achieved and on-track outcomes count whole, at-risk ones 0.4, missed ones nothing; outcomes
    /// still in the first quarter of their window are not judged yet.
    static func outcomes(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        guard !facts.outcomes.isEmpty else { return .noEvidence("no signed outcome model measures the segment") }
        let states = facts.outcomes.map { ($0.id, OutcomeMeasure.progress($0, facts: facts.facts, asOf: asOf).state) }
        let judged = states.filter { $0.1 != .notYetDue }
        guard !judged.isEmpty else { return .noEvidence("no outcome is due to be judged yet") }
        let good = judged.filter { $0.1 == .achieved || $0.1 == .onTrack }.count
        let atRisk = judged.filter { $0.1 == .atRisk }.map(\.0)
        let missed = judged.filter { $0.1 == .missed }.map(\.0)
        var detail = "\(good) of \(judged.count) outcomes achieved or on track"
        if !atRisk.isEmpty { detail += "; at risk: \(atRisk.joined(separator: ", "))" }
        if !missed.isEmpty { detail += "; missed: \(missed.joined(separator: ", "))" }
        return .value((Double(good) + 0.4 * Double(atRisk.count)) / Double(judged.count), detail)
    }

    /// Engaged decision-makers and influencers over those on the map; one alone (single-threaded)
    /// is worth half at most. The map keeps each person's last engagement only, so a past day
    /// counts those whose last engagement is no older than 90 days before it.
    static func decisionMakers(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let mapped = facts.stakeholders.filter(\.role.isDecisionMakerOrInfluencer)
        guard !mapped.isEmpty else { return .value(0, "no decision-maker or influencer on the stakeholder map") }
        let engaged = mapped.filter { ($0.lastEngaged.map { $0 >= asOf.adding(days: -90) }) ?? false }.count
        let share = Double(engaged) / Double(mapped.count)
        let detail = "\(engaged) of \(mapped.count) decision-makers and influencers engaged in 90 days"
        return engaged == 1 ? .value(min(share, 0.5), detail + " (single-threaded)") : .value(share, detail)
    }

    /// The last four weeks' weekly active share against the adoption threshold; a fall of more
    /// than ten points from the four weeks before costs a quarter of it.
    static func usage(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let weeks = facts.facts.usage.filter { $0.weekStart.adding(days: 6) <= asOf && $0.licensedSeats > 0 }.sorted { $0.weekStart < $1.weekStart }
        guard !weeks.isEmpty else { return .noEvidence("no weekly usage reported") }
        func mean(_ slice: ArraySlice<UsageWeek>) -> Double? { slice.isEmpty ? nil : slice.reduce(0) { $0 + $1.ratio } / Double(slice.count) }
        let recent = mean(weeks.suffix(4))!
        let before = mean(weeks.dropLast(4).suffix(4))
        var value = min(1, recent / HealthScore.usageTarget)
        var detail = "weekly active usage \(Format.percent(recent))"
        if let before {
            let change = recent - before
            if change < -0.10 {
                value *= 0.75
                detail = "weekly active usage fell to \(Format.percent(recent)) (from \(Format.percent(before)))"
            } else if change > 0.10 {
                detail = "weekly active usage rose to \(Format.percent(recent)) (from \(Format.percent(before)))"
            }
        }
        return .value(value, detail)
    }

    /// Each risk signal of the last 90 days halves what is left.
    static func riskSignals(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let signals = facts.facts.events.filter { $0.name == "risk_signal_detected" && $0.day <= asOf && $0.day > asOf.adding(days: -90) }
            .sorted { $0.day < $1.day }
        guard !signals.isEmpty else { return .value(1, "no risk signal in 90 days") }
        let listed = signals.suffix(3).map { "\($0.properties["signal"]?.stringValue ?? "signal") on \($0.day.iso)" }
        let detail = "\(signals.count) risk signal\(signals.count == 1 ? "" : "s") in 90 days: \(listed.joined(separator: ", "))"
        return .value(1 / Double(1 << min(signals.count, 10)), detail)
    }

    /// Tickets open on the day; urgent and high ones count twice; eight such counts empty it.
    static func supportLoad(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let open = facts.tickets.filter { $0.opened <= asOf && ($0.solved.map { $0 > asOf } ?? true) }
        guard !open.isEmpty else { return .value(1, "no open support ticket") }
        let pressing = open.filter(\.pressing).count
        let load = Double(open.count + pressing)
        return .value(max(0, 1 - load / 8), "\(open.count) open support ticket\(open.count == 1 ? "" : "s"), \(pressing) urgent or high")
    }

    /// The last NPS answer of the year (promoter 1, passive 0.7, detractor up to 0.3) and the
    /// year's CSAT (1 to 5 as 0 to 1), averaged when both are there.
    static func sentiment(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let year = facts.surveys.filter { $0.respondedOn <= asOf && $0.respondedOn > asOf.adding(days: -365) }
        let nps = year.filter { $0.kind == .nps }.max { ($0.respondedOn, $0.id) < ($1.respondedOn, $1.id) }
        let csat = year.filter { $0.kind == .csat }
        guard nps != nil || !csat.isEmpty else { return .noEvidence("no NPS or CSAT answer in 12 months") }
        var values: [Double] = []
        var details: [String] = []
        if let nps {
            let kind = nps.score >= 9 ? "promoter" : nps.score >= 7 ? "passive" : "detractor"
            values.append(nps.score >= 9 ? 1 : nps.score >= 7 ? 0.7 : Double(nps.score) / 10 * 0.5)
            details.append("\(kind) NPS \(nps.score) on \(nps.respondedOn.iso)")
        }
        if !csat.isEmpty {
            let mean = Double(csat.reduce(0) { $0 + $1.score }) / Double(csat.count)
            values.append(max(0, min(1, (mean - 1) / 4)))
            details.append("CSAT \(Format.oneDecimal(mean)) over \(csat.count) answer\(csat.count == 1 ? "" : "s")")
        }
        return .value(values.reduce(0, +) / Double(values.count), details.joined(separator: "; "))
    }

    /// Handoffs of the last 180 days rejected, or waiting past their SLA on the day: each takes a third.
    static func handoffs(_ facts: HealthFacts, _ asOf: Day) -> Reading {
        let end = Instant(milliseconds: Int64(asOf.number + 1) * 86_400_000)
        let start = Instant(milliseconds: Int64(asOf.number - 180) * 86_400_000)
        var rejected: [String] = []
        var stuck: [String] = []
        for mark in facts.handoffs where mark.submitted < end {
            if let decided = mark.decided, decided < end {
                if decided >= start, mark.status == .rejected || mark.status == .autoRejected { rejected.append(mark.handoff) }
            } else if mark.due < end {
                stuck.append(mark.handoff)
            }
        }
        guard !rejected.isEmpty || !stuck.isEmpty else { return .value(1, "no handoff stuck or rejected in 180 days") }
        let parts = [
            rejected.isEmpty ? nil : "\(rejected.count) rejected (\(Array(Set(rejected)).sorted().joined(separator: ", ")))",
            stuck.isEmpty ? nil : "\(stuck.count) waiting past the SLA (\(Array(Set(stuck)).sorted().joined(separator: ", ")))",
        ].compactMap { $0 }
        return .value(max(0, 1 - Double(rejected.count + stuck.count) / 3), "handoffs: " + parts.joined(separator: ", "))
    }
}
