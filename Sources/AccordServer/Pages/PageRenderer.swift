import AccordApp
import AccordCore
import AccordStore
import Hummingbird
import Mustache
import NIOCore

/// Renders the built-in templates; every page gets the organization and who is signed in.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let spec: Spec

    init(spec: Spec) {
        self.spec = spec
        var library = MustacheLibrary()
        do {
            try library.register(PageTemplates.layout, named: "layout")
            try library.register(PageTemplates.home, named: "home")
            try library.register(PageTemplates.account, named: "account")
            try library.register(PageTemplates.notFound, named: "not-found")
            try library.register(PageTemplates.signIn, named: "sign-in")
            try library.register(PageTemplates.forbidden, named: "forbidden")
            try library.register(PageTemplates.problem, named: "problem")
            try library.register(PageTemplates.audit, named: "audit")
            try library.register(HandoffTemplates.row, named: "row")
            try library.register(HandoffTemplates.head, named: "head")
            try library.register(HandoffTemplates.inbox, named: "handoffs")
            try library.register(HandoffTemplates.detail, named: "handoff")
            try library.register(HandoffTemplates.triage, named: "triage")
            try library.register(HandoffTemplates.portfolio, named: "portfolio")
            try library.register(OutcomeTemplates.models, named: "outcome-models")
            try library.register(DashboardTemplates.card, named: "card")
            try library.register(DashboardTemplates.dashboard, named: "dashboard")
            try library.register(DashboardTemplates.metric, named: "metric")
            try library.register(DashboardTemplates.accounts, named: "metric-accounts")
            try library.register(OutcomeTemplates.validation, named: "outcome-validation")
            try library.register(QualityTemplates.renewals, named: "renewals")
            try library.register(QualityTemplates.dataQuality, named: "data-quality")
        } catch {
            preconditionFailure("built-in page templates must parse: \(error)")
        }
        self.library = library
    }

    func render(_ template: String, _ view: [String: Any], context: AccordRequestContext?, status: HTTPResponse.Status = .ok) -> Response {
        var view = view
        view["organization"] = spec.organization
        if let principal = context?.identity {
            view["viewer"] = [
                "name": principal.name, "role": principal.role.rawValue, "csrf": context?.session?.csrfToken ?? false,
                "canAudit": AccessPolicy(spec: spec).allows(principal, .readAudit),
            ] as [String: Any]
        }
        let text = library.render(view, withTemplate: template) ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Answers pages give when access is missing.
enum Pages {
    /// Anonymous visitors see only the sign-in page; they come back where they were going.
    static func signInRedirect(for request: Request) -> Response {
        var target = "/sign-in"
        let path = request.uri.path
        if path != "/" { target += "?next=" + path.addingPercentEncodingForQuery }
        return Response(status: .seeOther, headers: [.location: target])
    }

    static func forbidden(_ principal: Principal) -> Response {
        let text = "Your role (\(principal.role.rawValue)) does not include this page. Ask an administrator if you need it."
        let body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · Accord</title></head><body><h1>Not allowed</h1><p>\(text)</p><p><a href=\"/\">Back to accounts</a></p></body></html>"
        return Response(status: .forbidden, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A `next` target that stays on this site: a path, never `//host` or a scheme.
    static func safeNext(_ value: String?) -> String { RedirectTarget.path(value) }
}
