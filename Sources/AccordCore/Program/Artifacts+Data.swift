extension Artifact {
    /// Artifact 3: the one client record's fields with their system of record and sync direction per
    /// source, the identifiers and identity rules that make it one record, and every event with its
    /// schema, sources and volume.
    public static func dataDictionary(_ inputs: ArtifactInputs) -> Artifact {
        let spec = inputs.spec
        var sections: [Section] = []
        let fields = spec.sources.flatMap { source in source.mappings.map { ($0.to, source, $0) } }
        let fieldNames = fields.map(\.0).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        sections.append(
            Section(
                "The client record",
                [
                    .paragraph("Each field has one system of record; the other sources' copies follow it in the direction shown."),
                    .table(
                        Table(
                            headers: ["Field", "System of record", "Sources and direction"],
                            rows: fieldNames.map { field in
                                let writers = fields.filter { $0.0 == field }
                                let owner = writers.filter { $0.2.systemOfRecord }.map(\.1.id)
                                return [
                                    field, owner.isEmpty ? "none named" : owner.joined(separator: ", "),
                                    writers.map { "\($0.1.id) \($0.2.from) (\($0.2.direction.rawValue))" }.joined(separator: "; "),
                                ]
                            })),
                ]))
        sections.append(
            Section(
                "Sources",
                [
                    .table(
                        Table(
                            headers: ["Source", "System", "Connection", "Account id", "Contact id", "Schedule", "On error", "Records", "On a client record"],
                            rows: spec.sources.map { source in
                                let seen = inputs.sources[source.id] ?? .init()
                                return [
                                    source.id, source.system.rawValue,
                                    source.sync.map { "Singer tap \($0.tap.first.map(tapName) ?? "")" } ?? source.connection.rawValue,
                                    source.keyNames(contacts: false).joined(separator: " or ").nonEmpty ?? "—",
                                    source.keyNames(contacts: true).joined(separator: " or ").nonEmpty ?? "—", source.schedule, source.errorPolicy.rawValue,
                                    Format.count(seen.records), seen.records == 0 ? "—" : Format.percent(Double(seen.linked) / Double(seen.records)),
                                ]
                            }))
                ]))
        sections.append(identitySection(spec))
        sections.append(taxonomySection(inputs))
        let approved = inputs.proposals.filter { $0.kind == .taxonomy && $0.status != .pending && $0.approvedAt != nil }
        var reflects = [specLine(inputs)]
        if !approved.isEmpty {
            let names = ProgramStatus.Names(spec: spec)
            reflects += approved.map {
                "Taxonomy proposal #\($0.id) “\($0.title)”, approved \($0.approvedAt!.day.iso) by \(signatureText($0.signatures, names: names))"
            }
        }
        return Artifact(kind: .dataDictionary, organization: spec.organization, asOf: inputs.asOf, reflects: reflects, sections: sections)
    }

    static func identitySection(_ spec: Spec) -> Section {
        let identity = spec.identity
        var items = [
            "Two records are one client when they score \(Format.percent(identity.matchThreshold)) or more; between \(Format.percent(identity.reviewThreshold)) and that they wait for a person in the identity review.",
            "Records are compared only within blocks of equal \(identity.blocking.isEmpty ? "domain" : identity.blocking.map { $0.joined(separator: " + ") }.joined(separator: ", or "))",
        ]
        items += identity.comparisons.map { comparison in
            "\(comparison.field) compared by \(comparison.method.rawValue)"
                + (comparison.thresholds.isEmpty ? "" : " at \(comparison.thresholds.map(Format.oneDecimal).joined(separator: " / "))")
        }
        if !identity.freeMailDomains.isEmpty {
            items.append("\(Format.count(identity.freeMailDomains.count)) free mail domains never link a contact to a company")
        }
        for source in spec.sources where !source.foreignKeys.isEmpty {
            items.append(
                "\(source.id) records hold other sources' ids: "
                    + source.foreignKeys.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value.joined(separator: " or "))" }.joined(separator: ", "))
        }
        return Section("Identifiers and identity rules", [.list(items)])
    }

    static func taxonomySection(_ inputs: ArtifactInputs) -> Section {
        let taxonomy = inputs.spec.taxonomy
        var blocks: [Block] = [
            .paragraph(
                "Events not in the plan: \(taxonomy.unplanned == .allow ? "allowed and flagged" : "kept aside for review"). Planned events that break their schema: \(taxonomy.violations == .flag ? "kept and flagged" : "kept aside for review"). Volumes count what reached the record; the last 30 days end \(inputs.asOf.iso)."
            )
        ]
        func volume(_ name: String) -> (sources: String, total: Int, recent: Int) {
            let rows = inputs.volumes.filter { $0.event == name }
            return (rows.map(\.source).sorted().joined(separator: ", "), rows.reduce(0) { $0 + $1.total }, rows.reduce(0) { $0 + $1.last30Days })
        }
        blocks.append(
            .table(
                Table(
                    headers: ["Event", "Description", "Properties", "Sources", "Last 30 days", "All told"],
                    rows: taxonomy.events.map { event in
                        let seen = volume(event.name)
                        let name = event.aliases.isEmpty ? event.name : "\(event.name) (also \(event.aliases.joined(separator: ", ")))"
                        return [
                            name, event.description, propertiesText(event.properties), seen.sources.nonEmpty ?? "none yet", Format.count(seen.recent),
                            Format.count(seen.total),
                        ]
                    })))
        if !taxonomy.retired.isEmpty {
            blocks.append(.list(taxonomy.retired.sorted { $0.key < $1.key }.map { "\($0.key) is retired: \($0.value)" }))
        }
        let planned = Set(taxonomy.events.flatMap { [$0.name] + $0.aliases })
        let outside = Set(inputs.volumes.map(\.event)).subtracting(planned).sorted()
        if !outside.isEmpty {
            blocks.append(
                .paragraph(
                    "Arriving outside the plan: "
                        + outside.map { name in "\(name) (\(Format.count(volume(name).total)) from \(volume(name).sources))" }.joined(separator: ", ")
                        + ". Propose them as taxonomy changes or stop sending them."))
        }
        return Section("Event taxonomy", blocks)
    }

    static func propertiesText(_ properties: [String: PropertySchema]) -> String {
        guard !properties.isEmpty else { return "none" }
        return properties.sorted { $0.key < $1.key }.map { name, schema in
            var facts = [schema.type.rawValue]
            if schema.required { facts.append("required") }
            if let values = schema.enumValues { facts.append("one of \(values.joined(separator: "/"))") }
            if let minimum = schema.minimum { facts.append("≥ \(Format.oneDecimal(minimum))") }
            if let maximum = schema.maximum { facts.append("≤ \(Format.oneDecimal(maximum))") }
            return "\(name) (\(facts.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    static func tapName(_ program: String) -> String { program.split(separator: "/").last.map(String.init) ?? program }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
