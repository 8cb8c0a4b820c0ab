/// A save case's lifecycle. Each transition returns the case to persist or a typed error that
/// the server maps to a status: a stranger's decision is 403, a wrong answer or offer is 400.
public enum SaveCaseMachine {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notActive(account: String)
        case alreadyClient(account: String)
        case notYours(id: String, owner: String)
        case notOwner(account: String, owner: String?)
        case finished(id: String, status: SaveCase.Status)
        case awaitingApproval(id: String)
        case notTheQuestion(asked: String, next: String)
        case notAnAnswer(question: String, answer: String, answers: [String])
        case answeredByRecord(question: String, answer: String)
        case noLeafYet(next: String)
        case notOffered(offer: String, offers: [String])
        case outOfRange(offer: String, amount: Double, ceiling: Double, unit: ConcessionPolicy.Offer.Unit)
        case notApprover(id: String, approver: ConcessionPolicy.Approver)
        case notAwaiting(id: String, status: SaveCase.Status)
        case moreThanAsked(asked: Double, granted: Double)

        public var description: String {
            switch self {
            case .notActive(let account):
                "\(account) is not an active client with MRR: a renewal save case is for a client who pays now (open a prospect case for a deal)"
            case .alreadyClient(let account): "\(account) is already an active client: open a renewal case, not a prospect case"
            case .notYours(let id, let owner): "save case \(id) is \(owner)'s; only its owner or a leader of their function acts on it"
            case .notOwner(let account, let owner):
                "only \(account)'s owner (\(owner ?? "nobody yet")) or a leader of that function opens its save case"
            case .finished(let id, let status): "save case \(id) is already \(status.rawValue)"
            case .awaitingApproval(let id): "save case \(id) waits for the approver's decision on its request"
            case .notTheQuestion(let asked, let next): "the tree asks \(next) next, not \(asked)"
            case .notAnAnswer(let question, let answer, let answers):
                "'\(answer)' is not an answer to \(question) here; answers are \(answers.joined(separator: ", "))"
            case .answeredByRecord(let question, let answer):
                "\(question) is read from the client record (\(answer)); it cannot be answered by hand"
            case .noLeafYet(let next): "the tree has not reached its offers yet: answer \(next) first"
            case .notOffered(let offer, let offers):
                offers.isEmpty
                    ? "the tree allows no concession for this client, so '\(offer)' cannot be offered; close the case without one"
                    : "'\(offer)' is not what the tree allows here; it allows \(offers.joined(separator: ", "))"
            case .outOfRange(let offer, let amount, let ceiling, let unit):
                unit == .months
                    ? "\(Format.oneDecimal(amount)) months is not a pause \(offer) can be: from 1 to \(Int(ceiling)) months"
                    : "\(Format.oneDecimal(amount))% is not a concession \(offer) can be: from above 0% to \(Int(ceiling))% of MRR"
            case .notApprover(let id, let approver):
                "only a \(approver.role.rawValue) of \(approver.function) approves the request of save case \(id)"
            case .notAwaiting(let id, let status): "save case \(id) is \(status.rawValue), with no request waiting for approval"
            case .moreThanAsked(let asked, let granted):
                "an approver grants at most what was asked (\(Format.oneDecimal(asked))), not \(Format.oneDecimal(granted))"
            }
        }
    }

    /// Where the walk stands: the steps so far and the next question or the leaf.
    public static func position(
        _ save: SaveCase, policy: ConcessionPolicy, segments: [String]
    ) -> (
        steps: [ConcessionWalk.Step], position: ConcessionWalk.Position
    ) {
        let said = Dictionary(save.answers.map { ($0.question, (answer: $0.answer, by: $0.by)) }, uniquingKeysWith: { _, last in last })
        return ConcessionWalk.walk(policy, said: said, facts: save.facts, segments: segments)
    }

    /// A new case. A renewal case needs an active client; a prospect case a deal not yet won.
    /// The account's owner opens it, or a leader of the owner's function.
    public static func open(
        id: String, account: String, kind: SaveCase.Kind, by person: Person, accountOwner: String?, ownerFunction: String, active: Bool,
        mrrCents: Int64, facts: SaveFacts, at: Instant, on day: Day
    ) throws(Failure) -> SaveCase {
        switch kind {
        case .renewal where !active || mrrCents <= 0: throw .notActive(account: account)
        case .prospect where active && mrrCents > 0: throw .alreadyClient(account: account)
        default: break
        }
        guard person.id == accountOwner || (person.role == .leader && person.function == ownerFunction) else {
            throw .notOwner(account: account, owner: accountOwner)
        }
        return SaveCase(id: id, account: account, kind: kind, owner: person.id, openedAt: at, openedOn: day, mrrCentsAtOpen: mrrCents, facts: facts)
    }

    /// Answers the question the tree asks next.
    public static func answer(
        _ save: SaveCase, _ question: ConcessionPolicy.Question, _ answer: String, by person: Person, ownerFunction: String?, policy: ConcessionPolicy,
        segments: [String], at: Instant
    ) throws(Failure) -> SaveCase {
        try mayAct(person, on: save, ownerFunction: ownerFunction)
        if let known = save.facts.answer(question) { throw .answeredByRecord(question: question.rawValue, answer: known.answer) }
        // The question asked next, or one answered before: changing an answer re-runs the walk from the root.
        let (_, position) = self.position(save, policy: policy, segments: segments)
        let allowed: [String]
        if case .ask(let next, let answers) = position, next == question {
            allowed = answers
        } else if save.answers.contains(where: { $0.question == question }) {
            allowed = question.answers(segments: segments)
        } else if case .ask(let next, _) = position {
            throw .notTheQuestion(asked: question.rawValue, next: next.rawValue)
        } else {
            throw .notTheQuestion(asked: question.rawValue, next: "nothing (the tree has reached its offers)")
        }
        guard allowed.contains(answer) else { throw .notAnAnswer(question: question.rawValue, answer: answer, answers: allowed) }
        var next = save
        next.answers.removeAll { $0.question == question }
        next.answers.append(SaveCase.Answer(question: question, answer: answer, by: person.id, at: at))
        return next
    }

    /// Asks for one offer of the leaf. Within the cap it is granted at once; above it, the case
    /// waits for the offer's approver. More than 100% of MRR (or two years of pause) is refused.
    public static func request(
        _ save: SaveCase, offer id: String, amount: Double, by person: Person, ownerFunction: String?, policy: ConcessionPolicy, segments: [String],
        comment: String?, at: Instant
    ) throws(Failure) -> SaveCase {
        try mayAct(person, on: save, ownerFunction: ownerFunction)
        let (_, position) = self.position(save, policy: policy, segments: segments)
        guard case .leaf(let offers) = position else {
            if case .ask(let next, _) = position { throw .noLeafYet(next: next.rawValue) }
            throw .noLeafYet(next: "the reason")
        }
        guard offers.contains(id), let offer = policy.offer(id) else { throw .notOffered(offer: id, offers: offers) }
        let unit = offer.kind.unit
        let valid =
            switch unit {
            case .percent: amount > 0 && amount <= offer.ceiling
            case .months: amount >= 1 && amount <= offer.ceiling && amount == amount.rounded()
            case .none: true
            }
        guard valid else { throw .outOfRange(offer: id, amount: amount, ceiling: offer.ceiling, unit: unit) }
        let asked = unit == .none ? 0 : amount
        var next = save
        let note = comment?.trimmedWhitespace.nilIfEmpty
        if unit == .none || asked <= offer.cap(segment: save.facts.segment ?? "default") {
            next.decisions.append(SaveCase.Decision(offer: id, asked: asked, granted: asked, approver: nil, at: at, comment: note))
            next.status = .granted
            next.request = nil
            next.closedAt = at
            next.closedBy = person.id
        } else {
            next.request = SaveCase.Request(offer: id, amount: asked, by: person.id, at: at, comment: note)
            next.status = .awaitingApproval
        }
        return next
    }

    /// The approver grants the request (or less than asked) or declines it; a declined case is
    /// open again for an offer within the cap or closing without one.
    public static func decide(
        _ save: SaveCase, approve: Bool, amount: Double?, by person: Person, policy: ConcessionPolicy, comment: String?, at: Instant
    ) throws(Failure) -> SaveCase {
        guard save.status == .awaitingApproval, let request = save.request else { throw .notAwaiting(id: save.id, status: save.status) }
        guard let approver = policy.offer(request.offer)?.approver else {
            throw .notApprover(id: save.id, approver: ConcessionPolicy.Approver(function: "the spec", role: .leader))
        }
        guard person.function == approver.function && person.role == approver.role else { throw .notApprover(id: save.id, approver: approver) }
        let granted = approve ? (amount ?? request.amount) : nil
        if let granted, granted > request.amount { throw .moreThanAsked(asked: request.amount, granted: granted) }
        var next = save
        next.decisions.append(
            SaveCase.Decision(
                offer: request.offer, asked: request.amount, granted: granted, approver: person.id, at: at, comment: comment?.trimmedWhitespace.nilIfEmpty))
        next.request = nil
        if granted != nil {
            next.status = .granted
            next.closedAt = at
            next.closedBy = person.id
        } else {
            next.status = .open
        }
        return next
    }

    /// Ends the case without a concession: the client stays anyway, leaves, or the tree allows none.
    public static func close(_ save: SaveCase, by person: Person, ownerFunction: String?, note: String, at: Instant) throws(Failure) -> SaveCase {
        try mayAct(person, on: save, ownerFunction: ownerFunction)
        var next = save
        next.status = .closed
        next.request = nil
        next.closedAt = at
        next.closedBy = person.id
        next.note = note.trimmedWhitespace.nilIfEmpty
        return next
    }

    private static func mayAct(_ person: Person, on save: SaveCase, ownerFunction: String?) throws(Failure) {
        guard person.id == save.owner || (person.role == .leader && person.function == ownerFunction) else {
            throw .notYours(id: save.id, owner: save.owner)
        }
        switch save.status {
        case .open: break
        case .awaitingApproval: throw .awaitingApproval(id: save.id)
        case .granted, .closed: throw .finished(id: save.id, status: save.status)
        }
    }
}
