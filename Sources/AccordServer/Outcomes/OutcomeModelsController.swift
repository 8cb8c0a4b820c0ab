import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Outcome model versions, their signatures, and what changed between two versions.
struct OutcomeModelsController {
    let desk: OutcomeModelDesk
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/outcome-models", .allowed(.readClientData), use: list)
        routes.get("/api/v1/outcome-models/{id}/diff", .allowed(.readClientData), use: diff)
        routes.post("/api/v1/outcome-models", .allowed(.manageSpec), use: propose)
        routes.post("/api/v1/outcome-models/{id}/versions/{version}/signatures", .signedIn, use: sign)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var versions: [OutcomeModelVersionView] }
        return try JSON.response(Body(versions: try await desk.store.outcomeModelVersions().map(OutcomeModelVersionView.init)))
    }

    @Sendable func diff(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let parameters = request.uri.queryParameters
        guard let from = parameters.text("from").flatMap(Int.init), let to = parameters.text("to").flatMap(Int.init) else {
            throw APIError.badParameter("from", "give two version numbers: ?from=1&to=2")
        }
        struct Body: Encodable {
            var id: String
            var from: Int
            var to: Int
            var changes: [String]
        }
        do {
            return try JSON.response(Body(id: id, from: from, to: to, changes: try await desk.diff(id: id, from: from, to: to)))
        } catch StoreError.notFound(let message) { throw APIError.notFound(message) }
    }

    @Sendable func propose(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        let model: OutcomeModel
        do { model = try OutcomeModelInput.read(body, spec: desk.spec) } catch let error as OutcomeModelInput.Invalid {
            throw APIError.badBody(error.description)
        }
        let principal = try context.requireIdentity()
        let audit = AuditEntry(
            at: now(), actor: principal.auditName, origin: context.origin, action: "outcome_model.proposed", target: "outcome_model:\(model.id)")
        guard let version = try await desk.store.proposeOutcomeModel(model, by: principal.auditName, at: now(), audit: audit) else {
            throw APIError(status: .conflict, code: "unchanged", message: "\(model.id) already has a version with exactly this content")
        }
        return try JSON.response(OutcomeModelVersionView(version), status: .created)
    }

    @Sendable func sign(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let version = Int(try context.parameters.require("version")) else { throw APIError.notFound("versions are numbered 1, 2, …") }
        let principal = try context.requireIdentity()
        do {
            return try JSON.response(
                OutcomeModelVersionView(try await desk.sign(id: id, version: version, principal: principal, origin: context.origin, at: now())),
                status: .created)
        } catch StoreError.notFound(let message) {
            throw APIError.notFound(message)
        } catch let failure as SignFailure {
            throw APIError(failure)
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "conflict", message: message)
        }
    }
}

/// An outcome model as the API takes it, checked against the spec: its segment, signer functions
/// and measured events must exist there.
enum OutcomeModelInput {
    struct Invalid: Error, CustomStringConvertible { var description: String }

    static func read(_ body: [String: JSONValue], spec: Spec) throws -> OutcomeModel {
        try body.allowOnly(["id", "name", "segment", "signers", "outcomes"])
        func text(_ value: JSONValue?, _ field: String) throws -> String {
            guard let text = value?.stringValue, !text.isEmpty else { throw Invalid(description: "'\(field)' must be a non-empty string") }
            return text
        }
        let id = try text(body["id"], "id")
        let segment = try text(body["segment"], "segment")
        guard spec.segments.contains(where: { $0.id == segment }) else {
            throw Invalid(description: "segment '\(segment)' is not one of \(spec.segments.map(\.id).joined(separator: ", "))")
        }
        guard case .array(let signerValues)? = body["signers"], !signerValues.isEmpty else {
            throw Invalid(description: "'signers' must list the functions that sign")
        }
        let signers = try signerValues.map { try text($0, "signers[]") }
        if let unknown = signers.first(where: { name in !spec.functions.contains { $0.id == name } }) {
            throw Invalid(description: "signer '\(unknown)' is not one of \(spec.functions.map(\.id).joined(separator: ", "))")
        }
        guard case .array(let items)? = body["outcomes"], !items.isEmpty else { throw Invalid(description: "'outcomes' must list at least one outcome") }
        let outcomes = try items.enumerated().map { index, item -> Outcome in
            let at = "outcomes[\(index)]"
            guard case .object(let fields) = item else { throw Invalid(description: "\(at) must be an object") }
            guard let target = fields["target"]?.numberValue, target > 0 else { throw Invalid(description: "\(at).target must be a number above 0") }
            guard let day = fields["day"]?.numberValue, day >= 1, day == day.rounded() else {
                throw Invalid(description: "\(at).day must be a whole number of days, at least 1")
            }
            guard case .object(let measure)? = fields["measure"] else { throw Invalid(description: "\(at).measure must be an object with a kind") }
            let kind = try text(measure["kind"], "\(at).measure.kind")
            let parsed: Measure
            switch kind {
            case "usage_ratio":
                guard target <= 1 else { throw Invalid(description: "\(at).target is a share of seats: at most 1") }
                parsed = .usageRatio
            case "event_count":
                let event = try text(measure["event"], "\(at).measure.event")
                guard spec.event(event) != nil else { throw Invalid(description: "\(at).measure.event '\(event)' is not in the taxonomy") }
                var conditions: [String: String] = [:]
                if case .object(let filter)? = measure["where"] { for (key, value) in filter { conditions[key] = value.stringValue ?? value.canonicalText } }
                parsed = .eventCount(event: event, where: conditions)
            default:
                throw Invalid(description: "\(at).measure.kind '\(kind)' is not one of usage_ratio, event_count")
            }
            return Outcome(
                id: try text(fields["id"], "\(at).id"), description: fields["description"]?.stringValue ?? "", measure: parsed, target: target, day: Int(day))
        }
        return OutcomeModel(id: id, name: body["name"]?.stringValue ?? id, segment: segment, signers: signers, outcomes: outcomes)
    }
}

extension OutcomeModelInput {
    /// A model in the form `read` takes, pretty-printed: the starting text for a proposed change.
    static func json(_ model: OutcomeModel) -> String {
        let outcomes = model.outcomes.map { outcome -> JSONValue in
            var measure: [String: JSONValue] = ["kind": .string(outcome.measure.kind)]
            if case .eventCount(let event, let conditions) = outcome.measure {
                measure["event"] = .string(event)
                if !conditions.isEmpty { measure["where"] = .object(conditions.mapValues(JSONValue.string)) }
            }
            return .object([
                "id": .string(outcome.id), "description": .string(outcome.description), "measure": .object(measure),
                "target": .number(outcome.target), "day": .number(Double(outcome.day)),
            ])
        }
        return HandoffPagesController.pretty(
            .object([
                "id": .string(model.id), "name": .string(model.name), "segment": .string(model.segment),
                "signers": .array(model.signers.map(JSONValue.string)), "outcomes": .array(outcomes),
            ]))
    }
}
