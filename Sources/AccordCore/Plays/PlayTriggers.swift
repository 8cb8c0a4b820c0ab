/// Whether a play's trigger fires for an account on a day, and why, in a sentence. Signals that
/// happen (an event, an NPS answer, a band crossed) fire when they happened after `since`;
/// standing conditions (a renewal at risk, a single thread) fire while they hold, and one open run
/// per play and account and the cooldown keep them from firing again.
public enum PlayTriggers {
    public static func fires(_ play: Play, _ account: PlayAccount, config: HealthConfig, asOf: Day, since: Day) -> String? {
        guard !account.churned(by: asOf), admits(play.conditions, account) else { return nil }
        switch play.trigger {
        case .event(let name, let conditions):
            let matching = account.events.filter { event in
                event.name == name && event.day > since && event.day <= asOf
                    && conditions.allSatisfy { key, value in event.properties[key]?.stringValue == value }
            }
            return matching.max { $0.day < $1.day }.map { "\(name) on \($0.day.iso)" }
        case .outcome(let state):
            guard let health = account.health else { return nil }
            let hit = health.outcomes.filter { OutcomeMeasure.progress($0, facts: health.facts, asOf: asOf).state == state }.map(\.id)
            return hit.isEmpty ? nil : "\(hit.joined(separator: ", ")) \(state == .missed ? "missed" : "at risk")"
        case .healthBand(let band):
            guard let health = account.health else { return nil }
            let order = HealthConfig.Band.allCases
            let now = HealthScore.measure(health, config: config, asOf: asOf)
            let before = HealthScore.measure(health, config: config, asOf: since)
            guard order.firstIndex(of: now.band)! >= order.firstIndex(of: band)!, order.firstIndex(of: before.band)! < order.firstIndex(of: band)! else {
                return nil
            }
            return "health fell from \(before.score) to \(now.score) (\(now.band.rawValue.replacingOccurrences(of: "_", with: " ")))"
        case .renewal(let days, let risk):
            guard let health = account.health, let renewal = account.renewal(after: asOf), account.mrrCents > 0, renewal <= asOf.adding(days: days)
            else { return nil }
            let (level, reasons) = renewalRisk(health, asOf: asOf)
            let order: [RenewalCalendar.Risk] = [.low, .medium, .high]
            guard order.firstIndex(of: level)! >= order.firstIndex(of: risk)! else { return nil }
            return "renews \(renewal.iso) in \(renewal.number - asOf.number) days at \(level.rawValue) risk"
                + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
        case .handoffRejected(let times):
            let start = Instant(day: asOf.adding(days: -180), seconds: 0)
            let end = Instant(day: asOf.adding(days: 1), seconds: 0)
            let rejected = (account.health?.handoffs ?? []).filter {
                ($0.status == .rejected || $0.status == .autoRejected) && ($0.decided.map { $0 >= start && $0 < end } ?? false)
            }
            let worst = Dictionary(grouping: rejected, by: \.handoff).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }
            guard let worst, worst.value.count >= times else { return nil }
            return "\(worst.key) rejected \(worst.value.count) times in 180 days"
        case .singleThreaded:
            guard let health = account.health else { return nil }
            let engaged = engagedDecisionMakers(health, asOf: asOf, days: 90)
            return engaged == 1 ? "one decision-maker or influencer engaged in 90 days" : nil
        case .noDecisionMaker(let days):
            guard let health = account.health else { return nil }
            return engagedDecisionMakers(health, asOf: asOf, days: days) == 0 ? "no decision-maker or influencer engaged in \(days) days" : nil
        case .syncFailed:
            guard let failing = account.failingSyncs.min(by: { $0.source < $1.source }) else { return nil }
            return "the \(failing.source) sync failed (run \(failing.run)): \(failing.error.prefix(120))"
        case .npsDetractor:
            guard let health = account.health else { return nil }
            let answer = health.surveys.filter { $0.kind == .nps && $0.score <= 6 && $0.respondedOn > since && $0.respondedOn <= asOf }
                .max { $0.respondedOn < $1.respondedOn }
            return answer.map { "detractor NPS \($0.score) on \($0.respondedOn.iso)" }
        }
    }

    static func admits(_ conditions: Play.Conditions, _ account: PlayAccount) -> Bool {
        (conditions.segments.isEmpty || conditions.segments.contains(account.segment))
            && (conditions.minMRRCents.map { account.mrrCents >= $0 } ?? true)
            && (conditions.stages.isEmpty || conditions.stages.contains(account.stage))
            && (conditions.owners.isEmpty || [account.ownerCS, account.ownerSales].contains { $0.map(conditions.owners.contains) ?? false })
    }

    static func engagedDecisionMakers(_ health: HealthFacts, asOf: Day, days: Int) -> Int {
        health.stakeholders.filter { $0.role.isDecisionMakerOrInfluencer && ($0.lastEngaged.map { $0 >= asOf.adding(days: -days) } ?? false) }.count
    }

    /// The renewal calendar's rule on the account's own facts: high when an outcome was missed or
    /// no decision-maker engaged in 90 days; medium when one is at risk or the client is single-threaded.
    public static func renewalRisk(_ health: HealthFacts, asOf: Day) -> (RenewalCalendar.Risk, [String]) {
        let states = health.outcomes.map { ($0.id, OutcomeMeasure.progress($0, facts: health.facts, asOf: asOf).state) }
        let missed = states.filter { $0.1 == .missed }.map(\.0)
        let atRisk = states.filter { $0.1 == .atRisk }.map(\.0)
        let engaged = engagedDecisionMakers(health, asOf: asOf, days: 90)
        var reasons: [String] = []
        if !missed.isEmpty { reasons.append("missed " + missed.joined(separator: ", ")) }
        if engaged == 0 { reasons.append("no decision-maker or influencer engaged in 90 days") }
        if !atRisk.isEmpty { reasons.append("at risk: " + atRisk.joined(separator: ", ")) }
        if engaged == 1 { reasons.append("single-threaded") }
        let level: RenewalCalendar.Risk = !missed.isEmpty || engaged == 0 ? .high : !atRisk.isEmpty || engaged == 1 ? .medium : .low
        return (level, reasons)
    }
}
