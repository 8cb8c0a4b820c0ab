/// When a client crosses a usage outcome, the log gets `adoption_threshold_reached` once, dated
/// the day it was crossed: no source system sends it, because it is read from usage. Event-count
/// outcomes are crossed by events already on the log, so they add nothing.
public enum OutcomeEvents {
    public static func crossings(_ model: OutcomeModel, history: OutcomeHistory, asOf: Day, existing: Set<String>) -> [Event] {
        guard !existing.contains("adoption_threshold_reached") else { return [] }
        for outcome in model.outcomes where outcome.measure == .usageRatio {
            let progress = OutcomeMeasure.progress(outcome, facts: history.facts, asOf: asOf)
            guard progress.state == .achieved, let day = progress.achievedOn else { continue }
            let at = Instant(day: day, seconds: 12 * 3600)
            return [
                Event(
                    messageID: "outcome:\(history.account):\(outcome.id):achieved", name: "adoption_threshold_reached", accountID: history.account,
                    source: "accord", timestamp: at, receivedAt: at,
                    properties: ["active_ratio": .number(progress.value), "outcome": .string(outcome.id), "model": .string(model.id)], planStatus: .planned)
            ]
        }
        return []
    }
}
