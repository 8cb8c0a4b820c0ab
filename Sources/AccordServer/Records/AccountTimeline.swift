import AccordApp
import AccordCore

/// One account's story on its page: the events every source sent, the handoffs between
/// functions and the support tickets opened and solved, newest first. A handoff's own log events are shown as the handoff, once.
struct AccountTimeline {
    var at: Instant
    var kind: String
    var what: String
    var source: String
    var link: String?

    var view: [String: Any] {
        ["when": Format.minute(at), "kind": kind, "what": what, "source": source, "link": link ?? false]
    }

    static func entries(events: [Event], handoffs: [Handoff], tickets: [SupportTicket] = [], spec: Spec) -> [AccountTimeline] {
        let names = Dictionary(spec.handoffs.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let people = Dictionary(spec.people.map { ("person:\($0.id)", $0.name) }, uniquingKeysWith: { first, _ in first })
        func who(_ actor: String?) -> String { actor.map { people[$0] ?? $0 } ?? "someone" }
        var entries: [AccountTimeline] = []
        for event in events where !event.name.hasPrefix("handoff_") {
            entries.append(AccountTimeline(at: event.timestamp, kind: "event", what: event.name.replacingOccurrences(of: "_", with: " "), source: event.source))
        }
        for h in handoffs {
            let name = names[h.handoff] ?? h.handoff
            let link = "/handoffs/\(h.id)"
            entries.append(
                AccountTimeline(at: h.submittedAt, kind: "handoff", what: "\(name): submitted by \(who(h.submittedBy))", source: "handoff", link: link))
            if let breached = h.breachedAt {
                entries.append(AccountTimeline(at: breached, kind: "handoff", what: "\(name): SLA breached, still undecided", source: "handoff", link: link))
            }
            if let decided = h.decidedAt, h.status == .accepted || h.status == .rejected {
                let reason = h.reason.map { " (\($0.rawValue.replacingOccurrences(of: "_", with: " ")))" } ?? ""
                entries.append(
                    AccountTimeline(
                        at: decided, kind: "handoff", what: "\(name): \(h.status.rawValue)\(reason) by \(who(h.decidedBy))", source: "handoff", link: link))
            }
        }
        for t in tickets {
            let priority = t.priority.map { ", \($0)" } ?? ""
            if let opened = t.openedAt {
                entries.append(AccountTimeline(at: opened, kind: "ticket", what: "ticket opened\(priority): \(t.subject)", source: t.source))
            }
            if let solved = t.solvedAt {
                entries.append(AccountTimeline(at: solved, kind: "ticket", what: "ticket \(t.status): \(t.subject)", source: t.source))
            }
        }
        return entries.sorted { $0.at > $1.at }
    }
}
