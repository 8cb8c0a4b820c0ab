import AccordApp
import AccordCore
import AccordStore
import Hummingbird
import Mustache
import NIOCore

/// Renders the built-in templates; every page gets the organization and who is signed in.
struct PageRenderer: Sendable {
    /// The `.mustache` files of each capability's `Templates/` folder, embedded at build time so
    /// the one `accord` binary carries everything it serves. `{{ }}` escapes HTML; no template
    /// uses the raw form.
    static let templates: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache),
        ("home", PackageResources.home_mustache),
        ("account", PackageResources.account_mustache),
        ("not-found", PackageResources.not_found_mustache),
        ("sign-in", PackageResources.sign_in_mustache),
        ("forbidden", PackageResources.forbidden_mustache),
        ("problem", PackageResources.problem_mustache),
        ("audit", PackageResources.audit_mustache),
        ("row", PackageResources.row_mustache),
        ("head", PackageResources.head_mustache),
        ("handoffs", PackageResources.handoffs_mustache),
        ("handoff", PackageResources.handoff_mustache),
        ("triage", PackageResources.triage_mustache),
        ("portfolio", PackageResources.portfolio_mustache),
        ("outcome-models", PackageResources.outcome_models_mustache),
        ("card", PackageResources.card_mustache),
        ("dashboard", PackageResources.dashboard_mustache),
        ("metric", PackageResources.metric_mustache),
        ("metric-accounts", PackageResources.metric_accounts_mustache),
        ("outcome-validation", PackageResources.outcome_validation_mustache),
        ("health-validation", PackageResources.health_validation_mustache),
        ("today", PackageResources.today_mustache),
        ("plays", PackageResources.plays_mustache),
        ("play", PackageResources.play_mustache),
        ("save-cases", PackageResources.save_cases_mustache),
        ("save-case", PackageResources.save_case_mustache),
        ("concessions", PackageResources.concessions_mustache),
        ("win-back", PackageResources.win_back_mustache),
        ("win-back-campaigns", PackageResources.win_back_campaigns_mustache),
        ("win-back-campaign", PackageResources.win_back_campaign_mustache),
        ("win-back-report", PackageResources.win_back_report_mustache),
        ("program", PackageResources.program_mustache),
        ("artifacts", PackageResources.artifacts_mustache),
        ("artifact", PackageResources.artifact_mustache),
        ("monthly-review", PackageResources.monthly_review_mustache),
        ("client-review", PackageResources.client_review_mustache),
        ("quarterly-refresh", PackageResources.quarterly_refresh_mustache),
        ("rituals", PackageResources.rituals_mustache),
        ("renewals", PackageResources.renewals_mustache),
        ("data-quality", PackageResources.data_quality_mustache),
    ]

    let library: MustacheLibrary
    let spec: Spec

    init(spec: Spec) {
        self.spec = spec
        var library = MustacheLibrary()
        do {
            for (name, bytes) in Self.templates {
                // A file ends with a newline; the template does not.
                var text = String(decoding: bytes, as: UTF8.self)
                if text.hasSuffix("\n") { text.removeLast() }
                try library.register(text, named: name)
            }
        } catch {
            preconditionFailure("built-in page templates must parse: \(error)")
        }
        self.library = library
    }

    func render(_ template: String, _ view: [String: Any], context: AccordRequestContext?, status: HTTPResponse.Status = .ok) -> Response {
        var view = view
        view["organization"] = spec.organization
        if let principal = context?.identity {
            view["viewer"] =
                [
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
        let body =
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · Accord</title></head><body><h1>Not allowed</h1><p>\(text)</p><p><a href=\"/\">Back to accounts</a></p></body></html>"
        return Response(status: .forbidden, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A `next` target that stays on this site: a path, never `//host` or a scheme.
    static func safeNext(_ value: String?) -> String { RedirectTarget.path(value) }
}
