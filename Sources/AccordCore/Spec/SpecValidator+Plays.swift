extension SpecValidator {
    /// Every play names events, people, functions, roles, segments and handoffs the spec has.
    func checkPlays() {
        let playPaths = paths("playbooks")
        var seen: [String: String] = [:]
        let events = spec.taxonomy.events.map(\.name)
        for (play, path) in zip(spec.playbooks, playPaths) {
            if let first = seen[play.id] {
                error("\(path).id", "duplicate play id '\(play.id)' (first defined at line \(at(first).line))")
            } else {
                seen[play.id] = "\(path).id"
            }
            if case .event(let name, let conditions) = play.trigger {
                if let event = spec.event(name) {
                    for key in conditions.keys.sorted() where event.properties[key] == nil {
                        error(
                            "\(path).trigger.where.\(key)",
                            "event '\(name)' has no property '\(key)'; its properties are \(event.properties.keys.sorted().joined(separator: ", "))")
                    }
                } else {
                    error("\(path).trigger.event", "unknown event '\(name)'; the taxonomy's events are \(events.joined(separator: ", "))\(hint(name, events))")
                }
            }
            for (index, segment) in play.conditions.segments.enumerated() where !spec.segments.contains(where: { $0.id == segment }) {
                error("\(path).when.segments[\(index)]", "unknown segment '\(segment)'; segments are \(spec.segments.map(\.id).joined(separator: ", "))")
            }
            for (index, owner) in play.conditions.owners.enumerated() where spec.person(owner) == nil {
                error("\(path).when.owners[\(index)]", "unknown person '\(owner)'\(hint(owner, spec.people.map(\.id)))")
            }
            for (index, action) in play.actions.enumerated() {
                let at = "\(path).actions[\(index)]"
                switch action {
                case .task(_, let assignee, _): check(assignee, at: at)
                case .handoff(let handoff, let assignee, _):
                    check(assignee, at: at)
                    if !spec.handoffs.contains(where: { $0.id == handoff }) {
                        error("\(at).handoff", "unknown handoff '\(handoff)'; handoffs are \(spec.handoffs.map(\.id).joined(separator: ", "))")
                    }
                case .log(let event):
                    if spec.event(event) == nil {
                        error("\(at).log", "unknown event '\(event)'; a play writes only events of the taxonomy\(hint(event, events))")
                    }
                case .notify: break
                }
            }
        }
    }

    private func check(_ assignee: Play.Assignee, at path: String) {
        switch assignee {
        case .owner: break
        case .person(let id):
            if spec.person(id) == nil {
                error(
                    "\(path).for",
                    "unknown person '\(id)'; use owner_cs, owner_sales, owner_marketing, a person id or {function, role}\(hint(id, spec.people.map(\.id)))")
            }
        case .role(let function, let role):
            if !spec.functions.contains(where: { $0.id == function }) {
                error("\(path).for.function", "unknown function '\(function)'; functions are \(spec.functions.map(\.id).joined(separator: ", "))")
            } else if !spec.people.contains(where: { $0.function == function && $0.role == role }) {
                error("\(path).for.role", "no person of function '\(function)' has the role \(role.rawValue), so the task would have no owner")
            }
        }
    }
}
