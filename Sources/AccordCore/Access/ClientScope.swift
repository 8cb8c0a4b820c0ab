/// The clients one request may see: every account, or the accounts of one book. Every route that
/// returns client rows filters through this one value, so a book-limited role cannot be given a
/// row from outside its book by a route that forgot to ask.
public struct ClientScope: Sendable, Hashable {
    /// Nil: every account.
    public let book: Book?
    /// The book's account ids, read once for the request; nil when the scope is every account.
    public let accountIDs: Set<String>?

    public static let everything = ClientScope(book: nil, accountIDs: nil)

    public init(book: Book?, accountIDs: Set<String>?) {
        self.book = book
        self.accountIDs = book == nil ? nil : (accountIDs ?? [])
    }

    public var isEverything: Bool { accountIDs == nil }

    /// Whether a row about this account may be shown. A row that names no account is shown only
    /// when the scope is every account: unattributed client data is no one's book.
    public func admits(_ accountID: String?) -> Bool {
        guard let accountIDs else { return true }
        guard let accountID else { return false }
        return accountIDs.contains(accountID)
    }

    /// The rows about accounts in the scope, in their order.
    public func filter<Row>(_ rows: [Row], account: (Row) -> String?) -> [Row] {
        guard accountIDs != nil else { return rows }
        return rows.filter { admits(account($0)) }
    }
}
