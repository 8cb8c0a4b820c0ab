import AccordApp
import AccordCore
import AccordStore
import Foundation

extension AuditActor {
    /// A change made at the command line: the operating-system user acts, from this machine.
    static var cli: AuditActor {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
        return AuditActor(actor: "cli:\(user)", origin: "local")
    }
}

extension AuditEntry {
    /// A change made at the command line, now.
    static func cli(_ action: String, target: String, before: JSONValue? = nil, after: JSONValue? = nil) -> AuditEntry {
        AuditActor.cli.entry(action, target: target, at: .now, before: before, after: after)
    }
}
