public import AccordCore

/// Plays' runs and tasks, and the comments on tasks.
public protocol PlayStore: Sendable {
    /// Open runs, each pair's last start, open tasks per person and play, and held tasks oldest first.
    func playState() async throws -> PlayState
    /// The day the plays were last evaluated up to.
    func playsEvaluatedOn() async throws -> Day?
    /// Writes one evaluation whole: runs, tasks, released held tasks, events and notices.
    func savePlayPlan(_ plan: PlayPlan, evaluatedOn: Day, audit: AuditEntry, at: Instant) async throws
    func tasks(_ query: TaskQuery) async throws -> [PlayTask]
    func task(id: String) async throws -> PlayTask?
    /// Writes a decided task if it is still open (a conflict otherwise), its event, and closes its
    /// run when no task of the run is left open or held.
    func decideTask(_ task: PlayTask, event: Event, audit: AuditEntry) async throws
    func addTaskComment(task: String, author: String, body: String, at: Instant, audit: AuditEntry) async throws -> TaskComment
    func taskComments(task: String) async throws -> [TaskComment]
    func playRuns(play: String?, account: String?, limit: Int) async throws -> [PlayRun]
    /// Every account as the plays start from it: names, owners, stage, renewal and churn days, no
    /// facts yet. One query, so evaluating plays does not pay for the whole dashboard's facts.
    func playRoster() async throws -> [PlayAccount]
    /// Per account, the syncs holding it (a source identity) whose last finished run failed.
    func failingSyncs() async throws -> [String: [PlayAccount.FailingSync]]
    /// Plays turned live or back to dry run since the spec was written: play → status.
    func playSwitches() async throws -> [String: Play.Status]
    func switchPlay(_ play: String, to status: Play.Status, by: String, at: Instant, audit: AuditEntry) async throws
}

public struct TaskQuery: Sendable, Hashable {
    public var owner: String?
    public var statuses: [PlayTask.Status]
    public var account: String?
    public var play: String?
    public var limit: Int

    public init(owner: String? = nil, statuses: [PlayTask.Status] = [], account: String? = nil, play: String? = nil, limit: Int = 200) {
        self.owner = owner
        self.statuses = statuses
        self.account = account
        self.play = play
        self.limit = limit
    }
}

public struct TaskComment: Sendable, Hashable, Codable {
    public var id: Int64
    public var task: String
    public var author: String
    public var body: String
    public var at: Instant
}
