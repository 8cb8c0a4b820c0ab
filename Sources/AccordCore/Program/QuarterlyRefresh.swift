/// The quarterly outcome model refresh pack: the validation against renewals, the outcomes that do
/// not show they predict renewal, and the proposals that follow from them.
public struct QuarterlyRefresh: Sendable, Hashable, Codable {
    public struct Flagged: Sendable, Hashable, Codable {
        public var outcome: String
        /// The models (by name) that hold the outcome.
        public var models: [String]
        public var achieved: Int
        public var notAchieved: Int
        public var renewedIfAchieved: Double?
        public var renewedIfNot: Double?
        /// What the review could propose, in words.
        public var suggestion: String
    }

    /// A model version proposed and waiting for signatures, with what it changes.
    public struct Draft: Sendable, Hashable, Codable {
        public var model: String
        public var name: String
        public var version: Int
        public var proposedOn: Day
        public var waitingOn: [String]
        public var changes: [String]
    }

    public var asOf: Day
    public var validation: OutcomeValidation
    public var flagged: [Flagged]
    public var drafts: [Draft]
    public var proposals: [SpecProposal]

    public static func build(
        validation: OutcomeValidation, models: [OutcomeModel], versions: [OutcomeModelVersion], proposals: [SpecProposal], spec: Spec, asOf: Day
    ) -> QuarterlyRefresh {
        let names = ProgramStatus.Names(spec: spec)
        let flagged = validation.rows.filter { !$0.predictsRenewal }.map { row -> Flagged in
            let holding = models.filter { model in model.outcomes.contains { $0.id == row.outcome } }
            let suggestion: String
            if row.achieved == 0 {
                suggestion =
                    "no client that renewed had achieved it: check that its event arrives (\(eventNote(row.outcome, models: holding))) or lower its target"
            } else if row.notAchieved == 0 {
                suggestion = "every client achieved it, so it cannot tell renewals apart: raise its target or replace it"
            } else {
                suggestion = "achieving it shows no difference in renewal: revise its target or due day, or replace it with an outcome that does"
            }
            return Flagged(
                outcome: row.outcome, models: holding.map(\.name), achieved: row.achieved, notAchieved: row.notAchieved,
                renewedIfAchieved: row.renewalRateAchieved, renewedIfNot: row.renewalRateNotAchieved, suggestion: suggestion)
        }
        let drafts = versions.filter { $0.status == .draft }.sorted { ($0.model.id, $0.version) < ($1.model.id, $1.version) }.map { draft -> Draft in
            let active = versions.last { $0.model.id == draft.model.id && $0.status == .active }
            return Draft(
                model: draft.model.id, name: draft.model.name, version: draft.version, proposedOn: draft.createdAt.day,
                waitingOn: draft.missing.map(names.function),
                changes: active.map { OutcomeModelDiff.lines(from: $0.model, to: draft.model) } ?? ["a new model: nothing signed yet"])
        }
        return QuarterlyRefresh(
            asOf: asOf, validation: validation, flagged: flagged, drafts: drafts, proposals: proposals.filter { $0.status == .pending })
    }

    static func eventNote(_ outcome: String, models: [OutcomeModel]) -> String {
        let events = models.flatMap(\.outcomes).filter { $0.id == outcome }.compactMap { outcome -> String? in
            if case .eventCount(let event, _) = outcome.measure { return event }
            return nil
        }
        return events.isEmpty ? "weekly active seats" : Array(Set(events)).sorted().joined(separator: ", ")
    }
}
