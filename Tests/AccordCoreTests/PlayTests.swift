import AccordCore
import Testing

@Suite("Plays: triggers, runs, caps, holdout and tasks")
struct PlayTests {
    static let spec = SpecTemplate.defaultSpec
    static let asOf = Day(iso: "2026-06-30")!
    static let now = Instant(iso: "2026-06-30T08:00:00Z")!

    static func client(_ id: String, mrr: Int64 = 100_000, engaged: Int = 2, renewal: String? = nil, events: [OutcomeFacts.Occurrence] = []) -> PlayAccount {
        let stakeholders = (0..<3).map { index in
            MetricFacts.Stakeholder(accountID: id, role: .champion, lastEngaged: index < engaged ? asOf.adding(days: -10) : asOf.adding(days: -200))
        }
        let health = HealthFacts(
            account: id, segment: "mid_market", outcomes: [], facts: OutcomeFacts(signed: Day(iso: "2025-07-01")!, events: [], usage: []),
            stakeholders: stakeholders)
        return PlayAccount(
            id: id, name: "Client \(id)", segment: "mid_market", stage: .retention, ownerCS: "elena.rossi", ownerSales: "ravi.patel", mrrCents: mrr,
            renewalOn: renewal.flatMap { Day(iso: $0) }, health: health, events: events)
    }

    static func play(_ trigger: Play.Trigger, cap: Int = 25, holdout: Double = 0, status: Play.Status = .live) -> Play {
        Play(
            id: "p", name: "A play", trigger: trigger,
            actions: [.task(title: "Call", assignee: .owner("owner_cs"), dueDays: 3), .log("play_started"), .notify], holdout: holdout, cooldownDays: 30,
            maxOpenTasks: cap, status: status)
    }

    @Test("an event fires once: on the run after it happened, not on the next")
    func eventOnce() {
        let signal = OutcomeFacts.Occurrence(name: "expansion_signal_detected", day: Self.asOf.adding(days: -1), properties: .object([:]))
        let accounts = [Self.client("a", events: [signal])]
        let play = Self.play(.event(name: "expansion_signal_detected", where: [:]))
        let first = PlayPlanner.plan(
            [play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf.adding(days: -7), state: PlayState(), now: Self.now)
        #expect(first.runs.map(\.reason) == ["expansion_signal_detected on 2026-06-29"] && first.tasks.map(\.owner) == ["elena.rossi"])
        #expect(first.tasks.first?.due == Self.asOf.adding(days: 3) && first.events.map(\.name) == ["play_started"] && first.notices.count == 1)
        let next = PlayPlanner.plan(
            [play], accounts: accounts, spec: Self.spec, asOf: Self.asOf.adding(days: 1), since: Self.asOf, state: PlayState(), now: Self.now)
        #expect(next.runs.isEmpty, "the signal was before the last run")
    }

    @Test("a standing condition runs once while its run is open, and again only after the cooldown")
    func cooldown() {
        let accounts = [Self.client("a", engaged: 1)]
        let play = Self.play(.singleThreaded)
        let first = PlayPlanner.plan(
            [play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf.adding(days: -1), state: PlayState(), now: Self.now)
        #expect(first.runs.count == 1 && first.runs[0].reason == "one decision-maker or influencer engaged in 90 days")
        var state = PlayState()
        state.openRuns = [PlayState.key("p", "a")]
        #expect(PlayPlanner.plan([play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: state, now: Self.now).runs.isEmpty)
        state = PlayState()
        state.lastStarted = [PlayState.key("p", "a"): Self.asOf.adding(days: -29)]
        #expect(PlayPlanner.plan([play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: state, now: Self.now).runs.isEmpty)
        state.lastStarted = [PlayState.key("p", "a"): Self.asOf.adding(days: -30)]
        #expect(PlayPlanner.plan([play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: state, now: Self.now).runs.count == 1)
    }

    @Test("past a person's cap, tasks are held back with the reason, the largest clients first; held ones are released when there is room")
    func cap() {
        let accounts = (1...4).map { Self.client("c\($0)", mrr: Int64($0) * 10_000, engaged: 1) }
        let play = Self.play(.singleThreaded, cap: 2)
        let plan = PlayPlanner.plan([play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: PlayState(), now: Self.now)
        #expect(plan.runs.count == 4 && plan.tasks.count == 4, "nothing is dropped")
        #expect(plan.tasks.filter { $0.status == .open }.map(\.account) == ["c4", "c3"])
        let held = plan.tasks.filter { $0.status == .held }
        #expect(held.map(\.account) == ["c2", "c1"] && held.allSatisfy { $0.heldBecause == "Elena Rossi already has 2 open tasks from this play" })
        var state = PlayState()
        state.openRuns = Set(accounts.map { PlayState.key("p", $0.id) })
        state.openTasks = ["elena.rossi": ["p": 1]]
        state.held = held
        let later = PlayPlanner.plan([play], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: state, now: Self.now)
        #expect(later.released.map(\.account) == ["c2"] && later.released.allSatisfy { $0.status == .open && $0.heldBecause == nil })
    }

    @Test("the holdout is a stable share of accounts that get no tasks; a dry run records and makes nothing")
    func holdout() {
        let play = Self.play(.singleThreaded, holdout: 0.1)
        let ids = (0..<2000).map { "acc_\($0)" }
        let out = ids.filter(play.holdsOut)
        #expect((160...240).contains(out.count), "about a tenth: \(out.count)")
        #expect(ids.filter(play.holdsOut) == out, "the same accounts every time")
        let accounts = out.prefix(2).map { Self.client($0, engaged: 1) }
        let plan = PlayPlanner.plan([play], accounts: Array(accounts), spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: PlayState(), now: Self.now)
        #expect(plan.runs.allSatisfy { $0.mode == .holdout && $0.status == .closed } && plan.tasks.isEmpty && plan.notices.isEmpty)
        #expect(plan.events.map { $0.properties["mode"]?.stringValue } == ["holdout", "holdout"])
        let dry = PlayPlanner.plan(
            [Self.play(.singleThreaded, status: .dryRun)], accounts: [Self.client("a", engaged: 1)], spec: Self.spec, asOf: Self.asOf, since: Self.asOf,
            state: PlayState(), now: Self.now)
        #expect(dry.runs.map(\.mode) == [.dryRun] && dry.tasks.isEmpty)
    }

    @Test("a renewal fires at its risk level or above; conditions narrow the accounts")
    func renewal() {
        let soon = Self.asOf.adding(days: 40).iso
        let accounts = [
            Self.client("high", engaged: 0, renewal: soon), Self.client("medium", engaged: 1, renewal: soon),
            Self.client("far", engaged: 0, renewal: "2027-06-01"),
        ]
        let plan = PlayPlanner.plan(
            [Self.play(.renewal(days: 90, risk: .high))], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: PlayState(),
            now: Self.now)
        #expect(plan.runs.map(\.account) == ["high"])
        #expect(plan.runs.first?.reason == "renews \(soon) in 40 days at high risk: no decision-maker or influencer engaged in 90 days")
        var narrow = Self.play(.renewal(days: 90, risk: .medium))
        narrow.conditions.minMRRCents = 200_000
        #expect(
            PlayPlanner.plan([narrow], accounts: accounts, spec: Self.spec, asOf: Self.asOf, since: Self.asOf, state: PlayState(), now: Self.now).runs.isEmpty)
    }

    @Test("a task is decided once, by its owner or a leader of their function; a skip needs a reason")
    func lifecycle() throws {
        let task = PlayTask(
            id: "tsk_1", run: "run_1", play: "p", account: "a", position: 0, title: "Call", owner: "elena.rossi", due: Self.asOf, status: .open,
            createdAt: Self.now)
        let elena = Self.spec.person("elena.rossi")!
        let ravi = Self.spec.person("ravi.patel")!
        let leader = Self.spec.people.first { $0.function == "cs" && $0.role == .leader }!
        #expect(throws: TaskStateMachine.Failure.notYours(id: "tsk_1", owner: "elena.rossi")) {
            try TaskStateMachine.decide(task, .done(comment: nil), by: ravi, ownerFunction: "cs", at: Self.now)
        }
        #expect(throws: TaskStateMachine.Failure.reasonRequired) {
            try TaskStateMachine.decide(task, .skip(reason: "  "), by: elena, ownerFunction: "cs", at: Self.now)
        }
        let skipped = try TaskStateMachine.decide(task, .skip(reason: "client on holiday"), by: leader, ownerFunction: "cs", at: Self.now)
        #expect(skipped.status == .skipped && skipped.reason == "client on holiday" && skipped.closedBy == leader.id)
        #expect(throws: TaskStateMachine.Failure.alreadyClosed(id: "tsk_1", status: .skipped)) {
            try TaskStateMachine.decide(skipped, .done(comment: nil), by: elena, ownerFunction: "cs", at: Self.now)
        }
        var held = task
        held.status = .held
        #expect(throws: TaskStateMachine.Failure.held(id: "tsk_1")) {
            try TaskStateMachine.decide(held, .done(comment: nil), by: elena, ownerFunction: "cs", at: Self.now)
        }
    }

    @Test("a play naming an unknown event, person or role is a spec error with its line")
    func specErrors() {
        let text = SpecTemplate.full.text
            .replacingOccurrences(of: "trigger: {event: expansion_signal_detected}", with: "trigger: {event: expansion_signal_detectd}")
            .replacingOccurrences(of: "{function: cs, role: leader}", with: "{function: cs, role: rep}")
            .replacingOccurrences(of: "for: owner_sales, due_days: 10", with: "for: nobody.here, due_days: 10")
        let diagnostics = SpecParser.read(text).diagnostics
        #expect(
            diagnostics.contains {
                $0.message.contains("unknown event 'expansion_signal_detectd'") && $0.message.contains("did you mean 'expansion_signal_detected'")
            })
        #expect(diagnostics.contains { $0.message.contains("no person of function 'cs' has the role rep") })
        #expect(diagnostics.contains { $0.message.contains("unknown person 'nobody.here'") && $0.location.line > 300 })
        #expect(SpecTemplate.defaultSpec.playbooks.map(\.id) == ["risk_at_renewal", "expansion_signal", "single_threaded"])
    }
}

@Suite("Plays: each trigger kind")
struct PlayTriggerKindTests {
    static let asOf = PlayTests.asOf

    static func fires(_ trigger: Play.Trigger, _ account: PlayAccount, since: Day = asOf.adding(days: -7)) -> String? {
        PlayTriggers.fires(PlayTests.play(trigger), account, config: HealthConfig(), asOf: asOf, since: since)
    }

    @Test("an outcome at risk or missed, an NPS detractor, a handoff rejected twice, no decision-maker for N days, a health band entered, a failed sync")
    func kinds() {
        var account = PlayTests.client("a", engaged: 0)
        // Signed 2025-07-01: an event outcome due on day 90 with nothing counted is missed by now.
        account.health!.outcomes = [
            Outcome(id: "first_value", description: "", measure: .eventCount(event: "first_value_achieved", where: [:]), target: 1, day: 90)
        ]
        #expect(Self.fires(.outcome(state: .missed), account) == "first_value missed")
        #expect(Self.fires(.outcome(state: .atRisk), account) == nil)
        #expect(Self.fires(.noDecisionMaker(days: 60), account) == "no decision-maker or influencer engaged in 60 days")
        #expect(Self.fires(.noDecisionMaker(days: 60), PlayTests.client("b", engaged: 2)) == nil)
        account.health!.surveys = [SurveyResponse(id: "s", accountID: "a", contactID: nil, kind: .nps, score: 4, respondedOn: Self.asOf.adding(days: -2))]
        #expect(Self.fires(.npsDetractor, account) == "detractor NPS 4 on \(Self.asOf.adding(days: -2).iso)")
        #expect(Self.fires(.npsDetractor, account, since: Self.asOf.adding(days: -1)) == nil, "an answer before the last run fired then")
        let rejected = { (days: Int) in
            HealthFacts.HandoffMark(
                handoff: "close_to_onboarding", submitted: Instant(day: Self.asOf.adding(days: -days - 1)), due: Instant(day: Self.asOf.adding(days: -days)),
                decided: Instant(day: Self.asOf.adding(days: -days)), status: .rejected)
        }
        account.health!.handoffs = [rejected(10)]
        #expect(Self.fires(.handoffRejected(times: 2), account) == nil)
        account.health!.handoffs.append(rejected(3))
        #expect(Self.fires(.handoffRejected(times: 2), account) == "close_to_onboarding rejected 2 times in 180 days")
        // Healthy a week ago (engaged, no tickets), at risk now (nobody engaged since, urgent tickets).
        var falling = PlayTests.client("c", engaged: 2)
        falling.health!.stakeholders = (0..<2).map { _ in .init(accountID: "c", role: .champion, lastEngaged: Self.asOf.adding(days: -95)) }
        falling.health!.tickets = (0..<4).map { _ in .init(opened: Self.asOf.adding(days: -3), solved: nil, priority: "urgent") }
        let before = HealthScore.measure(falling.health!, config: HealthConfig(), asOf: Self.asOf.adding(days: -7))
        let now = HealthScore.measure(falling.health!, config: HealthConfig(), asOf: Self.asOf)
        #expect(before.band != .atRisk && now.band == .atRisk)
        #expect(Self.fires(.healthBand(.atRisk), falling) == "health fell from \(before.score) to \(now.score) (at risk)")
        #expect(Self.fires(.healthBand(.atRisk), falling, since: Self.asOf) == nil, "already at risk at the last run")
        var synced = PlayTests.client("e")
        #expect(Self.fires(.syncFailed, synced) == nil)
        synced.failingSyncs = [.init(source: "zendesk", run: 97, error: "the tap exited 1; its stderr below says why")]
        #expect(Self.fires(.syncFailed, synced) == "the zendesk sync failed (run 97): the tap exited 1; its stderr below says why")
        var gone = PlayTests.client("d", engaged: 1)
        gone.churnedOn = Self.asOf.adding(days: -30)
        #expect(Self.fires(.singleThreaded, gone) == nil, "a churned client gets no play")
    }
}

@Suite("Plays: effect against the holdout")
struct PlayEffectTests {
    @Test("treated against held-out clients 180 days on, by hand: retention, expansion, net MRR kept, the interval, task figures")
    func effect() {
        let start = Day(iso: "2025-12-01")!
        func client(_ id: String, churns: Bool, expands: Bool = false) -> PlayAccount {
            var account = PlayTests.client(id)
            account.health!.movements = [
                MRRMovement(accountID: id, occurredOn: Day(iso: "2025-07-01")!, kind: .new, amountCents: 100_000, mrrAfterCents: 100_000)
            ]
            if churns {
                account.health!.movements.append(
                    MRRMovement(accountID: id, occurredOn: start.adding(days: 100), kind: .churn, amountCents: -100_000, mrrAfterCents: 0))
            }
            if expands {
                account.health!.movements.append(
                    MRRMovement(accountID: id, occurredOn: start.adding(days: 30), kind: .expansion, amountCents: 50_000, mrrAfterCents: 150_000))
            }
            return account
        }
        let accounts = [client("t1", churns: false, expands: true), client("t2", churns: true), client("h1", churns: true), client("h2", churns: true)]
        let runs = [
            PlayRun(id: "r1", play: "p", account: "t1", startedOn: start, reason: "", mode: .live, status: .closed),
            PlayRun(id: "r2", play: "p", account: "t2", startedOn: start, reason: "", mode: .live, status: .closed),
            PlayRun(id: "r3", play: "p", account: "h1", startedOn: start, reason: "", mode: .holdout, status: .closed),
            PlayRun(id: "r4", play: "p", account: "h2", startedOn: start, reason: "", mode: .holdout, status: .closed),
            PlayRun(id: "r5", play: "p", account: "t3", startedOn: PlayTests.asOf, reason: "", mode: .live, status: .open),
        ]
        let made = Instant(day: start, seconds: 3600)
        var done = PlayTask(
            id: "a", run: "r1", play: "p", account: "t1", position: 0, title: "Call", owner: "elena.rossi", due: start, status: .done, createdAt: made)
        done.closedAt = Instant(day: start.adding(days: 4), seconds: 3600)
        var skipped = done
        skipped.id = "b"
        skipped.status = .skipped
        let effect = PlayEffect.measure(PlayTests.play(.singleThreaded), runs: runs, tasks: [done, skipped], accounts: accounts, asOf: PlayTests.asOf)
        #expect(effect.treated.clients == 2 && effect.heldOut.clients == 2, "a run whose 180 days have not passed is not counted")
        #expect(effect.treated.retention == 0.5 && effect.heldOut.retention == 0 && effect.treated.expansion == 0.5)
        // t1 ends at $1,500 of $1,000, t2 at $0: a mean of 75% kept.
        #expect(effect.treated.netMRRKept == 0.75 && effect.heldOut.netMRRKept == 0)
        // 0.5 − 0; Wilson gives 1 of 2 0.0945–0.9055 and 0 of 2 0–0.6576, so Newcombe's interval is
        // 0.5 − √(0.4055² + 0.6576²) = −0.2726 to 0.5 + 0.4055 = 0.9055, which reaches zero.
        #expect(effect.retentionDifference == 0.5 && abs((effect.differenceLow ?? 0) - -0.27258) < 0.0001 && !effect.showsLift)
        #expect(abs((effect.differenceHigh ?? 0) - 0.90548) < 0.0001)
        #expect(effect.tasksDone == 1 && effect.tasksSkipped == 1 && effect.completionRate == 0.5 && effect.medianDaysToDone == 4)
    }
}

@Suite("Plays: backtest")
struct PlayBacktestTests {
    @Test("a play replayed weekly, by hand: firings under the cooldown, tasks a person a week, the clients it fired on against the rest, days to renewal")
    func backtest() {
        var play = PlayTests.play(.singleThreaded)
        play.cooldownDays = 14
        var single = PlayTests.client("a", engaged: 1)
        // Four weeks from 2026-06-02: it fires on 2026-06-09 and again, two weeks on, on 2026-06-23.
        single.health!.movements = [
            MRRMovement(accountID: "a", occurredOn: Day(iso: "2025-07-01")!, kind: .new, amountCents: 100_000, mrrAfterCents: 100_000),
            MRRMovement(accountID: "a", occurredOn: Day(iso: "2026-07-29")!, kind: .churn, amountCents: -100_000, mrrAfterCents: 0),
        ]
        let test = PlayBacktest.run(play, accounts: [single, PlayTests.client("b", engaged: 2)], spec: PlayTests.spec, asOf: PlayTests.asOf, weeks: 4)
        #expect(test.from == Day(iso: "2026-06-02") && test.firings.map(\.day.iso) == ["2026-06-09", "2026-06-23"] && test.clients == 1)
        #expect(test.tasksPerPersonWeekMean == 1 && test.tasksPerPersonWeekMax == 1, "one task each week it fired, for Elena Rossi")
        #expect(test.fired.clients == 1 && test.fired.churnRate == 1, "it churned within 180 days of the first firing")
        #expect(test.notFired.clients == 1 && test.notFired.churnRate == 0)
        // Signed 2025-07-01, so it renews 2026-07-01: 8 and 22 days after the firings.
        #expect(test.medianDaysToRenewal == 22)
    }
}
