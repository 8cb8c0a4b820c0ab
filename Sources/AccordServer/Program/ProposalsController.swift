import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Taxonomy and dashboard proposals over HTTP: RevOps or the IT partner propose, the leaders of the
/// signing functions sign, and a taxonomy change reaches ingestion with the last signature.
struct ProposalsController {
    let desk: ProgramDesk
    let taxonomy: LiveTaxonomy
    let policy: AccessPolicy
    let renderer: PageRenderer
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/proposals", .allowed(.readClientData), use: list)
        routes.post("/api/v1/proposals", .allowed(.manageSpec), use: propose)
        routes.post("/api/v1/proposals/{id}/signatures", .signedIn, use: sign)
        // The monthly review's page signs with a button; who may is the proposal lifecycle's answer.
        routes.post("/reviews/monthly/proposals/{id}/sign", .signedIn, page: true, use: signFromPage)
    }

    @Sendable func signFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let id = Int(try context.parameters.require("id")) else {
            return renderer.render("not-found", ["message": "Proposals are numbered 1, 2, …"], context: context, status: .notFound)
        }
        let principal = try context.requireIdentity()
        do {
            let proposal = try await desk.sign(proposal: id, principal: principal, origin: context.origin, at: now())
            if proposal.status == .approved && proposal.kind == .taxonomy { try await taxonomy.refresh() }
            return Response(status: .seeOther, headers: [.location: "/reviews/monthly#proposal-\(id)"])
        } catch StoreError.notFound(let message) {
            return renderer.render("not-found", ["message": message], context: context, status: .notFound)
        } catch let failure as ProposalFailure {
            let error = APIError(failure)
            return renderer.render(
                error.status == .forbidden ? "forbidden" : "problem", ["heading": "Not signed", "message": "Not signed: \(failure.description)."],
                context: context, status: error.status)
        }
    }

    struct ProposalView: Encodable {
        var id: Int
        var kind: SpecProposal.Kind
        var title: String
        var status: SpecProposal.Status
        var changes: [String]
        var signers: [String]
        var signatures: [OutcomeModelVersion.Signature]
        var missing: [String]
        var proposedBy: String
        var proposedAt: Instant
        var approvedAt: Instant?

        init(_ proposal: SpecProposal) {
            id = proposal.id
            kind = proposal.kind
            title = proposal.title
            status = proposal.status
            changes = proposal.changes
            signers = proposal.signers
            signatures = proposal.signatures
            missing = proposal.status == .pending ? proposal.missing : []
            proposedBy = proposal.proposedBy
            proposedAt = proposal.proposedAt
            approvedAt = proposal.approvedAt
        }
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var proposals: [ProposalView] }
        var proposals = try await desk.proposals()
        if let status = request.uri.queryParameters.text("status") {
            guard let wanted = SpecProposal.Status(rawValue: status) else {
                throw APIError.badParameter("status", "'\(status)' is not one of pending, approved, superseded")
            }
            proposals = proposals.filter { $0.status == wanted }
        }
        return try JSON.response(Body(proposals: proposals.map(ProposalView.init)))
    }

    @Sendable func propose(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        let principal = try context.requireIdentity()
        guard let kindText = body["kind"]?.stringValue, let kind = SpecProposal.Kind(rawValue: kindText) else {
            throw APIError.badBody("'kind' must be dashboard or taxonomy")
        }
        let title = body["title"]?.stringValue ?? ""
        do {
            switch kind {
            case .dashboard:
                try body.allowOnly(["kind", "title"])
                return try JSON.response(
                    ProposalView(try await desk.proposeDashboard(title: title, by: principal, origin: context.origin, at: now())), status: .created)
            case .taxonomy:
                let read = SpecParser.readTaxonomyChanges(JSONValue.object(body).canonicalText)
                if read.diagnostics.hasErrors {
                    throw APIError.badBody(read.diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; "))
                }
                let proposal = try await desk.proposeTaxonomy(title: title, changes: read.changes, by: principal, origin: context.origin, at: now())
                return try JSON.response(ProposalView(proposal), status: .created)
            }
        } catch let failure as ProposalFailure {
            throw APIError(failure)
        }
    }

    @Sendable func sign(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let id = Int(try context.parameters.require("id")) else { throw APIError.notFound("proposals are numbered 1, 2, …") }
        let principal = try context.requireIdentity()
        do {
            let proposal = try await desk.sign(proposal: id, principal: principal, origin: context.origin, at: now())
            // This replica applies an approved taxonomy change to the next event; others within seconds.
            if proposal.status == .approved && proposal.kind == .taxonomy { try await taxonomy.refresh() }
            return try JSON.response(ProposalView(proposal), status: .created)
        } catch StoreError.notFound(let message) {
            throw APIError.notFound(message)
        } catch let failure as ProposalFailure {
            throw APIError(failure)
        }
    }
}

extension APIError {
    init(_ failure: ProposalFailure) {
        switch failure {
        case .notSigner: self = .forbidden(failure.description)
        case .emptyTitle, .doesNotFit: self = .badBody(failure.description)
        case .notPending, .notASigner, .alreadySigned, .unchanged, .alreadyProposed:
            self = APIError(status: .conflict, code: "conflict", message: failure.description)
        }
    }
}
