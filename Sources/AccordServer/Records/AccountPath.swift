import AccordCore

/// What a route under /api/v1/accounts/{id} answers for an id that names no account: a
/// redirect to the survivor when it was merged into one (403 when that one is outside the
/// caller's book), 404 otherwise.
enum AccountPath {
    static func missing(_ id: String, survivor: String?, path: String, context: AccordRequestContext) -> APIError {
        guard let survivor, survivor != id else { return APIError.notFound("no account with id '\(id)'") }
        guard context.scope.admits(survivor) else { return APIError.forbidden("account '\(id)' is not in your book") }
        return APIError(
            status: .temporaryRedirect, code: "merged", message: "account '\(id)' was merged into '\(survivor)'",
            headers: [.location: "/api/v1/accounts/\(survivor)\(path)"])
    }
}
