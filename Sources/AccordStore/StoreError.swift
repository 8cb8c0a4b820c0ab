/// Store failures a person can act on; each reads as one line saying what, where and what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case locked(path: String)
    case notADatabase(path: String)
    case notAccordDatabase(path: String)
    case newerSchema(path: String)
    case cannotOpen(path: String, reason: String)
    case invalidQuery(String)
    /// The thing named does not exist (an account id, a merge).
    case notFound(String)
    /// The change contradicts the current state (merging an account already merged, …).
    case conflict(String)

    public var description: String {
        switch self {
        case .locked(let path):
            "database \(path) is locked by another process (another 'accord' writing to it?); wait for it to finish or use another --db"
        case .notADatabase(let path):
            "\(path) is not a SQLite database (corrupt or another kind of file); move it aside or point --db at another file"
        case .notAccordDatabase(let path):
            "\(path) is a SQLite database of another application, not Accord's; point --db at another file"
        case .newerSchema(let path):
            "\(path) was written by a newer version of Accord; upgrade Accord to open it"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .invalidQuery(let message), .notFound(let message), .conflict(let message):
            message
        }
    }
}
