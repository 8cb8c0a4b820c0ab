import AccordApp
import AccordCore
import Hummingbird

/// `/program/artifacts`: the four artifacts as pages that print to PDF, and as Markdown.
struct ArtifactPagesController {
    let desk: ProgramDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/program/artifacts", .allowed(.readClientData), page: true, use: index)
        routes.get("/program/artifacts/{id}", .allowed(.readClientData), page: true, use: page)
        routes.get("/program/artifacts/{id}/markdown", .allowed(.readClientData), page: true, use: markdown)
    }

    @Sendable func index(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let fingerprint = try desk.fingerprint()
        let kinds = Artifact.Kind.allCases.enumerated().map { index, kind -> [String: Any] in
            ["number": index + 1, "id": kind.rawValue, "title": kind.title, "about": Self.about(kind)]
        }
        return renderer.render("artifacts", ["kinds": kinds, "fingerprint": fingerprint, "today": today().iso], context: context)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let kind = Artifact.Kind(rawValue: try context.parameters.require("id")) else { return unknown(context) }
        let artifact = try await desk.artifact(kind, asOf: today(), now: now())
        return renderer.render("artifact", Self.view(artifact), context: context)
    }

    @Sendable func markdown(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let kind = Artifact.Kind(rawValue: try context.parameters.require("id")) else { return unknown(context) }
        let artifact = try await desk.artifact(kind, asOf: today(), now: now())
        return Response(
            status: .ok,
            headers: [.contentType: "text/markdown; charset=utf-8", .contentDisposition: "attachment; filename=\"\(kind.rawValue).md\""],
            body: .init(byteBuffer: ByteBuffer(string: artifact.markdown())))
    }

    func unknown(_ context: AccordRequestContext) -> Response {
        renderer.render(
            "not-found", ["message": "There is no such artifact; the four are \(Artifact.Kind.allCases.map(\.rawValue).joined(separator: ", "))."],
            context: context, status: .notFound)
    }

    static func about(_ kind: Artifact.Kind) -> String {
        switch kind {
        case .outcomeModel:
            "Definitions, targets and 12-month success criteria per segment, signatures with names and dates, the latest validation against renewals."
        case .handoffSLAs: "Each transition's owners, payload, acceptance criteria and SLA, with the last quarter's SLA and rejection figures."
        case .dataDictionary:
            "The client record's fields with their system of record and sync direction, identity rules, every event with its schema, sources and volume."
        case .dashboardSpec: "Each shared metric's definition, owners, refresh cadence and its figure now."
        }
    }

    static func view(_ artifact: Artifact) -> [String: Any] {
        let sections = artifact.sections.map { section -> [String: Any] in
            let blocks = section.blocks.map { block -> [String: Any] in
                switch block {
                case .paragraph(let text): return ["paragraph": text]
                case .list(let items): return ["list": ["items": items]]
                case .table(let table):
                    return ["table": ["headers": table.headers, "rows": table.rows.map { ["cells": $0] }] as [String: Any]]
                }
            }
            return ["title": section.title, "blocks": blocks]
        }
        return [
            "id": artifact.kind.rawValue, "title": artifact.title, "asOf": artifact.asOf.iso, "reflects": artifact.reflects, "sections": sections,
        ]
    }
}
