extension SpecParser {
    /// `concessions: {offers: {ID: {kind, name, months, cap, approver}}, tree: NODE}`; a node is
    /// `{ask: QUESTION, answers: {ANSWER: NODE}}` or `{offer: [ID, …]}`. Whether every path ends in
    /// a leaf and every branch can be reached is checked by `SpecValidator` with the whole spec.
    static func parseConcessions(_ map: MapReader) -> ConcessionPolicy? {
        map.allowOnly(["offers", "tree"])
        let offers = map.entries("offers").compactMap { id, reader in parseOffer(id: id, reader) }
        guard let tree = map.map("tree", required: true).flatMap(parseNode) else { return nil }
        return ConcessionPolicy(offers: offers, tree: tree)
    }

    static func parseOffer(id: String, _ item: MapReader) -> ConcessionPolicy.Offer? {
        item.allowOnly(["kind", "name", "months", "cap", "approver"])
        guard let kind = item.choice("kind", ConcessionPolicy.Offer.Kind.self, required: true) else { return nil }
        var caps: [String: Double] = [:]
        if case .scalar = item.node("cap") {
            caps["default"] = amount(item, "cap")
        } else if let reader = item.map("cap") {
            for (key, _) in reader.mapping {
                if let segment = key.string, let value = amount(reader, segment) { caps[segment] = value }
            }
        }
        var approver: ConcessionPolicy.Approver?
        if let reader = item.map("approver") {
            reader.allowOnly(["function", "role"])
            if let function = reader.string("function", required: true), let role = reader.choice("role", Person.Role.self, required: true) {
                approver = ConcessionPolicy.Approver(function: function, role: role)
            }
        }
        return ConcessionPolicy.Offer(id: id, name: item.string("name") ?? id, kind: kind, months: item.int("months"), caps: caps, approver: approver)
    }

    /// `10%`, `10` or `3` (months): the number; the validator checks it against the offer's unit.
    private static func amount(_ reader: MapReader, _ key: String) -> Double? {
        guard let text = reader.string(key) else { return nil }
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let number = Double(trimmed.trimmedWhitespace), number.isFinite else {
            reader.log.error(reader.locationOf(key), "\(reader.path).\(key) must be a number such as 10% or 3, got '\(text)'")
            return nil
        }
        return number
    }

    static func parseNode(_ map: MapReader) -> ConcessionPolicy.Node? {
        map.allowOnly(["ask", "answers", "offer"])
        if map.has("offer") {
            if map.has("ask") || map.has("answers") {
                map.log.error(map.location, "\(map.path) is a question (ask, answers) or a leaf (offer), not both")
            }
            return .leaf(offers: map.strings("offer") ?? [])
        }
        guard map.has("ask") else {
            map.log.error(
                map.location, "\(map.path) is a dead end: give it a question (ask and answers) or a leaf (offer: the concessions allowed, [] for none)")
            return nil
        }
        guard let question = map.choice("ask", ConcessionPolicy.Question.self) else { return nil }
        // A branch that did not parse stays as an empty leaf: its error is logged once, not again as a dead end.
        let branches = map.entries("answers").map { answer, reader in ConcessionPolicy.Branch(answer: answer, next: parseNode(reader) ?? .leaf(offers: [])) }
        if !map.has("answers") {
            map.log.error(map.location, "\(map.path) asks \(question.rawValue) but has no answers, so every path through it is a dead end")
        }
        return .ask(question, answers: branches)
    }
}
