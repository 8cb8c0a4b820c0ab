public import AccordCore

/// What a handoff change writes besides itself: its events on the log and its notices, which
/// become webhook deliveries in the same transaction (nothing announced that did not happen).
public struct HandoffEffects: Sendable {
    public var events: [Event]
    public var notices: [Notice]

    public init(events: [Event], notices: [Notice] = []) {
        self.events = events
        self.notices = notices
    }
}

/// Which handoffs to list; nil fields do not filter. Newest first.
public struct HandoffQuery: Sendable, Hashable {
    public var accountID: String?
    /// Transition ids (those of one function's inbox, say).
    public var handoffs: Set<String>?
    public var statuses: Set<Handoff.Status>?
    public var submittedFrom: Instant?
    public var submittedBefore: Instant?
    public var limit: Int

    public init(
        accountID: String? = nil, handoffs: Set<String>? = nil, statuses: Set<Handoff.Status>? = nil, submittedFrom: Instant? = nil,
        submittedBefore: Instant? = nil, limit: Int = 500
    ) {
        self.accountID = accountID
        self.handoffs = handoffs
        self.statuses = statuses
        self.submittedFrom = submittedFrom
        self.submittedBefore = submittedBefore
        self.limit = limit
    }
}
