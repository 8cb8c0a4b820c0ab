import AccordCore
import AccordServer
import AccordStore
import Foundation

extension AuditEntry {
    /// A change made at the command line: the operating-system user acts, from this machine.
    static func cli(_ action: String, target: String, before: JSONValue? = nil, after: JSONValue? = nil) -> AuditEntry {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
        return AuditEntry(at: .now, actor: "cli:\(user)", origin: "local", action: action, target: target, before: before, after: after)
    }
}
