import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which process runs a sync: `host:pid`. A run held by a process of this host that no longer
/// exists was cut short; one held on another host is left to its timeout.
enum SyncHolder {
    static let current = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    static func isGone(_ holder: String) -> Bool {
        guard let colon = holder.lastIndex(of: ":"), holder[..<colon] == ProcessInfo.processInfo.hostName,
            let pid = Int32(holder[holder.index(after: colon)...]), pid != ProcessInfo.processInfo.processIdentifier
        else { return false }
        // Signal 0 asks whether the process exists without touching it.
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
