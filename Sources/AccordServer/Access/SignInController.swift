import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird
import NIOCore

/// Sign-in and sign-out for people. The sign-in form is protected against login CSRF with a
/// double-submit cookie; attempts are limited per email and per address.
struct SignInController {
    static let formCookie = "accord_signin"

    let configuration: ServerConfiguration
    let renderer: PageRenderer
    let attempts: RateLimiter

    init(configuration: ServerConfiguration, renderer: PageRenderer) {
        self.configuration = configuration
        self.renderer = renderer
        attempts = RateLimiter(rate: 1.0 / 30, burst: configuration.limits.signInAttempts)
    }

    func add(to routes: GuardedRoutes) {
        routes.get("/sign-in", .open, page: true, use: signInPage)
        routes.post("/sign-in", .open, page: true, use: signIn)
        routes.post("/sign-out", .allowed(.readClientData), page: true, use: signOut)
    }

    @Sendable func signInPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        if context.identity != nil {
            return Response(status: .seeOther, headers: [.location: Pages.safeNext(request.uri.queryParameters["next"].map(String.init))])
        }
        return form(next: Pages.safeNext(request.uri.queryParameters["next"].map(String.init)), email: "", problem: nil, status: .ok)
    }

    @Sendable func signIn(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: RequestChecksMiddleware.formLimit) } catch {
            throw APIError.tooLarge(RequestChecksMiddleware.formLimit)
        }
        let fields = FormFields(body)
        let email = (fields.value("email") ?? "").trimmingCharacters(in: .whitespaces)
        let next = Pages.safeNext(fields.value("next"))
        guard let cookie = request.cookies[Self.formCookie]?.value, let field = fields.value("csrf_token"), Secrets.constantTimeEquals(cookie, field) else {
            return form(next: next, email: email, problem: "The sign-in form expired. Please try again.", status: .forbidden)
        }
        for key in ["email:\(email.lowercased())", "address:\(context.origin)"] {
            if let wait = attempts.take("sign-in:\(key)") {
                var response = form(next: next, email: email, problem: "Too many attempts. Wait a minute and try again.", status: .tooManyRequests)
                response.headers[.retryAfter] = String(RateLimiter.retryAfter(wait))
                return response
            }
        }
        let person = configuration.spec.person(email: email)
        var hash: String?
        if let person { hash = try await configuration.store.passwordHash(personID: person.id) }
        guard Passwords.verify(fields.value("password") ?? "", hash: hash), let person else {
            return form(next: next, email: email, problem: "That email and password do not match.", status: .unauthorized)
        }
        let secret = Secrets.random(43)
        let now = configuration.now()
        let hours = configuration.limits.sessionHours
        try await configuration.store.createSession(
            SessionRecord(
                idHash: Secrets.hash(secret), personID: person.id, csrfToken: Secrets.random(32), createdAt: now,
                expiresAt: Instant(milliseconds: now.milliseconds + Int64(hours * 3_600_000))))
        // A person starts the day on their cockpit unless they were on their way somewhere.
        var response = Response(status: .seeOther, headers: [.location: next == "/" ? "/today" : next])
        response.setCookie(sessionCookie(secret, maxAge: Int(hours * 3600)))
        response.setCookie(
            Cookie(name: Self.formCookie, value: "", maxAge: 0, path: "/sign-in", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AccordRequestContext) async throws -> Response {
        if let cookie = request.cookies[AuthenticationMiddleware.sessionCookie]?.value {
            try await configuration.store.deleteSession(idHash: Secrets.hash(cookie))
        }
        var response = Response(status: .seeOther, headers: [.location: "/sign-in"])
        response.setCookie(sessionCookie("", maxAge: 0))
        return response
    }

    private func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: AuthenticationMiddleware.sessionCookie, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies, httpOnly: true,
            sameSite: .lax)
    }

    private func form(next: String, email: String, problem: String?, status: HTTPResponse.Status) -> Response {
        let token = Secrets.random(32)
        var response = renderer.render("sign-in", ["csrf": token, "next": next, "email": email, "problem": problem ?? false], context: nil, status: status)
        response.setCookie(
            Cookie(name: Self.formCookie, value: token, maxAge: 3600, path: "/sign-in", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
