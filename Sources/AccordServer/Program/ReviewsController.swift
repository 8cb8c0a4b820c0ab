import AccordApp
import AccordCore
import Hummingbird

/// The governance rituals' packs: the monthly architecture review as JSON and as a printable page.
struct ReviewsController {
    let desk: ProgramDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/reviews/monthly", .allowed(.readClientData), use: monthlyJSON)
        routes.get("/reviews/monthly", .allowed(.readClientData), page: true, use: monthlyPage)
        routes.get("/api/v1/reviews/quarterly", .allowed(.readClientData), use: quarterlyJSON)
        routes.get("/reviews/quarterly", .allowed(.readClientData), page: true, use: quarterlyPage)
    }

    @Sendable func quarterlyJSON(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await desk.quarterlyRefresh(asOf: today()))
    }

    @Sendable func quarterlyPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let refresh = try await desk.quarterlyRefresh(asOf: today())
        let names = ProgramStatus.Names(spec: desk.spec)
        func share(_ value: Double?) -> String { value.map(Format.percent) ?? "—" }
        let validation = refresh.validation
        let rows = validation.rows.map { row -> [String: Any] in
            [
                "outcome": row.outcome, "achieved": Format.count(row.achieved), "notAchieved": Format.count(row.notAchieved),
                "yes": share(row.renewalRateAchieved), "no": share(row.renewalRateNotAchieved), "lift": row.lift.map { "×" + Format.oneDecimal($0) } ?? "—",
                "predicts": row.predictsRenewal,
            ]
        }
        let flagged = refresh.flagged.map { item -> [String: Any] in
            ["outcome": item.outcome, "models": item.models.joined(separator: ", "), "suggestion": item.suggestion]
        }
        let drafts = refresh.drafts.map { draft -> [String: Any] in
            [
                "model": draft.model, "name": draft.name, "version": draft.version, "proposedOn": draft.proposedOn.iso,
                "waiting": draft.waitingOn.isEmpty ? "no one" : draft.waitingOn.joined(separator: ", "), "changes": draft.changes,
            ]
        }
        let proposals = refresh.proposals.map { proposal -> [String: Any] in
            ["id": proposal.id, "kind": proposal.kind.rawValue, "title": proposal.title, "missing": names.functions(proposal.missing)]
        }
        return renderer.render(
            "quarterly-refresh",
            [
                "asOf": refresh.asOf.iso, "accounts": Format.count(validation.accounts), "renewal": share(validation.renewalRate),
                "auc": validation.auc.map { Format.oneDecimal($0 * 100) + "%" } ?? "—", "rows": rows, "flagged": flagged, "hasFlagged": !flagged.isEmpty,
                "drafts": drafts, "hasDrafts": !drafts.isEmpty, "proposals": proposals, "hasProposals": !proposals.isEmpty,
                "flaggedCount": Format.count(flagged.count),
            ], context: context)
    }

    @Sendable func monthlyJSON(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await monthly(context))
    }

    /// The pack with each gap's named clients cut to the asker's book; the totals stay the company's, as shared figures do.
    func monthly(_ context: AccordRequestContext) async throws -> MonthlyReview {
        var review = try await desk.monthlyReview(asOf: today(), now: now())
        for index in review.queue.indices { review.queue[index].renewing = context.scope.filter(review.queue[index].renewing, account: { $0.account }) }
        return review
    }

    @Sendable func monthlyPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let review = try await monthly(context)
        let names = ProgramStatus.Names(spec: desk.spec)
        let metrics = review.metrics.map { metric -> [String: Any] in
            [
                "id": metric.id, "name": metric.name, "owners": metric.owners.map(names.function).joined(separator: ", "), "shared": metric.shared,
                "now": metric.now, "before": metric.monthAgo, "change": metric.changeText,
                "direction": (metric.change ?? 0) > 0 ? "up" : ((metric.change ?? 0) < 0 ? "down" : "flat"),
            ]
        }
        let policy = AccessPolicy(spec: desk.spec)
        let viewer = context.identity
        let proposals = review.proposals.map { proposal -> [String: Any] in
            // The function the viewer would sign for, when it is still missing and they may.
            let signs = viewer.flatMap { principal in
                principal.function.flatMap { function in
                    proposal.missing.contains(function) && policy.allows(principal, .signSpecProposal(function: function)) ? names.function(function) : nil
                }
            }
            return [
                "signAs": signs.map { ["function": $0, "id": proposal.id, "csrf": context.session?.csrfToken ?? false] as [String: Any] } ?? false,
                "id": proposal.id, "kind": proposal.kind.rawValue, "title": proposal.title, "changes": proposal.changes,
                "signed": proposal.signatures.map { "\(names.function($0.function)) (\(names.person($0.person)), \($0.at.day.iso))" }.joined(separator: ", "),
                "missing": proposal.missing.map(names.function).joined(separator: ", "), "proposedOn": proposal.proposedAt.day.iso,
            ]
        }
        let queue = review.queue.enumerated().map { index, gap -> [String: Any] in
            [
                "rank": index + 1, "kind": gap.kind.rawValue, "title": gap.title, "detail": gap.detail, "fix": gap.fix,
                "owners": gap.owners.joined(separator: ", "), "clients": Format.count(gap.clients), "renewingCount": Format.count(gap.renewingClients),
                "mrr": Format.dollars(cents: gap.mrrRenewingCents), "first": gap.firstRenewal?.iso ?? false,
                "daysLeft": gap.daysLeft.map(Format.count) ?? false,
                "renewing": gap.renewing.prefix(5).map { client -> [String: Any] in
                    ["id": client.account, "name": client.name, "on": client.renewalOn.iso, "mrr": Format.dollars(cents: client.mrrCents)]
                },
                "more": gap.renewingClients > min(5, gap.renewing.count) ? Format.count(gap.renewingClients - min(5, gap.renewing.count)) : false,
                "hasRenewing": !gap.renewing.isEmpty,
            ]
        }
        return renderer.render(
            "monthly-review",
            [
                "asOf": review.asOf.iso, "monthAgo": review.monthAgo.iso, "metrics": metrics, "proposals": proposals, "queue": queue,
                "gaps": Format.count(review.queue.count), "stakeMRR": Format.dollars(cents: review.mrrAtStakeCents),
                "stakeClients": Format.count(review.clientsAtStake), "waiting": Format.count(review.proposals.count),
                "hasProposals": !proposals.isEmpty, "hasQueue": !queue.isEmpty,
            ], context: context)
    }
}
