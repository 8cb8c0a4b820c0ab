/// What the client record says about the questions the tree can ask.
public struct SaveFacts: Sendable, Hashable, Codable {
    public var segment: String?
    /// Weekly active seats over seats paid for, averaged over the last four weeks with usage.
    public var activeShare: Double?
    public var tenureDays: Int?

    public init(segment: String? = nil, activeShare: Double? = nil, tenureDays: Int? = nil) {
        self.segment = segment
        self.activeShare = activeShare
        self.tenureDays = tenureDays
    }

    /// The record's answer to `question` and the evidence for it, when the record knows it.
    public func answer(_ question: ConcessionPolicy.Question) -> (answer: String, evidence: String)? {
        switch question {
        case .reason: return nil
        case .segment: return segment.map { ($0, "segment \($0) in the client record") }
        case .usage:
            return activeShare.map {
                (ConcessionPolicy.UsageLevel.of(activeShare: $0).rawValue, "\(Format.percent($0)) of paid seats active weekly over the last four weeks")
            }
        case .tenure:
            return tenureDays.map { (ConcessionPolicy.Tenure.of(days: $0).rawValue, "a client for \(Format.count($0)) days") }
        }
    }
}

/// Walks the tree from its root: questions the record answers are answered from it, the others
/// from what the person said, until a question nobody has answered yet or a leaf.
public enum ConcessionWalk {
    public struct Step: Sendable, Hashable, Codable {
        public var question: ConcessionPolicy.Question
        public var answer: String
        /// "record" when read from the client record, else who answered.
        public var by: String
        public var evidence: String?

        public init(question: ConcessionPolicy.Question, answer: String, by: String, evidence: String? = nil) {
            self.question = question
            self.answer = answer
            self.by = by
            self.evidence = evidence
        }
    }

    public enum Position: Sendable, Hashable {
        /// The next question and the answers that lead somewhere.
        case ask(ConcessionPolicy.Question, answers: [String])
        case leaf(offers: [String])
    }

    /// `said` holds the person's answers (question → answer, with who said it).
    public static func walk(
        _ policy: ConcessionPolicy, said: [ConcessionPolicy.Question: (answer: String, by: String)], facts: SaveFacts, segments: [String]
    ) -> (steps: [Step], position: Position) {
        var steps: [Step] = []
        var node = policy.tree
        while case .ask(let question, let branches) = node {
            let step: Step
            if let known = facts.answer(question) {
                step = Step(question: question, answer: known.answer, by: "record", evidence: known.evidence)
            } else if let given = said[question] {
                step = Step(question: question, answer: given.answer, by: given.by)
            } else {
                let listed = branches.map(\.answer).filter { $0 != "other" }
                let rest = question.answers(segments: segments).filter { !listed.contains($0) }
                return (steps, .ask(question, answers: listed + (branches.contains { $0.answer == "other" } ? rest : [])))
            }
            guard let branch = branches.first(where: { $0.answer == step.answer }) ?? branches.first(where: { $0.answer == "other" }) else {
                // A validated tree covers every answer; an unvalidated one offers nothing here.
                steps.append(step)
                return (steps, .leaf(offers: []))
            }
            steps.append(step)
            node = branch.next
        }
        guard case .leaf(let offers) = node else { return (steps, .leaf(offers: [])) }
        return (steps, .leaf(offers: offers))
    }
}
