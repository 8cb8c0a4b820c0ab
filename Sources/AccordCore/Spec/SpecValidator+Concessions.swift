extension SpecValidator {
    /// Every offer's caps are within its unit, every approver exists, every path of the tree ends
    /// in a leaf of known offers, and no branch is unreachable.
    func checkConcessions() {
        guard let policy = spec.concessions else { return }
        let segments = spec.segments.map(\.id)
        for offer in policy.offers {
            let path = "concessions.offers.\(offer.id)"
            for (segment, cap) in offer.caps.sorted(by: { $0.key < $1.key }) {
                let at = offer.caps.count == 1 && segment == "default" && log.locations["\(path).cap.default"] == nil ? "\(path).cap" : "\(path).cap.\(segment)"
                if segment != "default" && !segments.contains(segment) {
                    error(at, "\(at): '\(segment)' is not a segment; caps are per segment (\(segments.joined(separator: ", "))) or default")
                }
                switch offer.kind.unit {
                case .percent where !(0...100).contains(cap):
                    error(at, "\(at) must be from 0% to 100% of MRR, got \(Format.oneDecimal(cap))%")
                case .months where !(0...24).contains(cap):
                    error(at, "\(at) must be from 0 to 24 months, got \(Format.oneDecimal(cap))")
                case .none:
                    error(at, "\(path) is a \(offer.kind.rawValue): it has no amount to cap; leave cap out")
                default: break
                }
            }
            if offer.kind.unit != .none && offer.caps.isEmpty {
                error(path, "\(path) needs a cap (such as cap: 10% or cap: {default: 10%, enterprise: 15%}): the most its owner may grant alone")
            }
            if let approver = offer.approver {
                if !spec.functions.contains(where: { $0.id == approver.function }) {
                    error(
                        "\(path).approver.function",
                        "unknown function '\(approver.function)'; functions are \(spec.functions.map(\.id).joined(separator: ", "))")
                } else if !spec.people.contains(where: { $0.function == approver.function && $0.role == approver.role }) {
                    error(
                        "\(path).approver.role",
                        "no person of function '\(approver.function)' has the role \(approver.role.rawValue), so a request above the cap could never be approved"
                    )
                }
            } else if offer.kind.unit != .none {
                error(path, "\(path) needs an approver ({function, role}): who grants more than the cap")
            }
        }
        checkNode(policy.tree, at: "concessions.tree", asked: [], policy: policy, segments: segments)
    }

    private func checkNode(_ node: ConcessionPolicy.Node, at path: String, asked: Set<ConcessionPolicy.Question>, policy: ConcessionPolicy, segments: [String])
    {
        switch node {
        case .leaf(let offers):
            for (index, id) in offers.enumerated() where policy.offer(id) == nil {
                error(
                    "\(path).offer[\(index)]",
                    "unknown offer '\(id)'; offers are \(policy.offers.map(\.id).joined(separator: ", "))\(hint(id, policy.offers.map(\.id)))")
            }
        case .ask(let question, let branches):
            let possible = question.answers(segments: segments)
            if asked.contains(question) {
                error(
                    "\(path).ask",
                    "\(path) asks \(question.rawValue) again: it is already answered on this path, so all but one of its branches are unreachable")
            }
            let named = branches.map(\.answer)
            for branch in branches where branch.answer != "other" && !possible.contains(branch.answer) {
                let at = "\(path).answers.\(branch.answer)#key"
                error(
                    at,
                    "\(path).answers.\(branch.answer) is unreachable: '\(branch.answer)' is not an answer to \(question.rawValue); its answers are \(possible.joined(separator: ", ")) or other\(hint(branch.answer, possible))"
                )
            }
            let uncovered = possible.filter { !named.contains($0) }
            if named.contains("other") {
                if uncovered.isEmpty && !branches.isEmpty {
                    error("\(path).answers.other#key", "\(path).answers.other is unreachable: every answer to \(question.rawValue) has its own branch")
                }
            } else if !uncovered.isEmpty && !branches.isEmpty {
                error(
                    "\(path).answers",
                    "\(path) is a dead end for a client whose \(question.rawValue) is \(uncovered.joined(separator: " or ")): add a branch for it or an other branch"
                )
            }
            for branch in branches {
                checkNode(branch.next, at: "\(path).answers.\(branch.answer)", asked: asked.union([question]), policy: policy, segments: segments)
            }
        }
    }
}
