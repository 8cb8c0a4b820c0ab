import AccordCore
import AccordStore
import Hummingbird

/// Accounts list and detail, and the headline numbers.
struct AccountsController {
    let store: any Store
    let today: @Sendable () -> Day

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("accounts") { request, _ in
            let query = try AccountsController.query(from: request)
            do {
                return try JSON.response(try await store.accounts(query))
            } catch let error as StoreError {
                throw APIError.badParameter("cursor", error.description)
            }
        }
        group.get("accounts/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let detail = try await store.account(id: id) else {
                throw APIError.notFound("no account with id '\(id)'")
            }
            return try JSON.response(detail)
        }
        group.get("headline") { _, _ in try JSON.response(try await store.headline(asOf: today())) }
    }

    /// Reads filters from the query string; a bad value is a 400 naming the allowed values.
    static func query(from request: Request) throws -> AccountQuery {
        let parameters = request.uri.queryParameters
        var query = AccountQuery()
        query.segment = parameters["segment"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        query.search = parameters["q"].map(String.init)
        query.cursor = parameters["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let stage = parameters["stage"].map(String.init), !stage.isEmpty {
            guard let value = LifecycleStage(rawValue: stage) else {
                throw APIError.badParameter("stage", "'\(stage)' is not one of \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.stage = value
        }
        if let source = parameters["source"].map(String.init), !source.isEmpty {
            guard let value = AcquisitionSource(rawValue: source) else {
                throw APIError.badParameter("source", "'\(source)' is not one of marketing, sales")
            }
            query.source = value
        }
        query.limit = try parameters.limit(default: query.limit, maximum: AccountQuery.maximumLimit)
        return query
    }
}
