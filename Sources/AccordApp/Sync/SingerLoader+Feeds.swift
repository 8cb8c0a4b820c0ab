import AccordCore
import AccordStore
import Foundation

extension SingerLoader {
    /// One page of a subscriptions, tickets, surveys or events stream: each record read by its
    /// feed, its account (named by the source's id for it) found among those the source's account
    /// streams linked. A record whose account the client record does not know yet is rejected, so
    /// a replay after its account syncs takes it.
    func feedWrites(
        _ records: [StreamRecord], stream: StreamFeed, outcome: inout [String: StreamCounts], rejects: inout [SyncReject]
    ) async throws -> FeedWrites {
        var writes = FeedWrites()
        var counts = StreamCounts()
        if remapping { counts.read = records.count }
        let today = desk.today()
        let at = desk.now()
        func reject(_ record: StreamRecord, _ reason: String) {
            rejects.append(SyncReject(stream: stream.stream, key: record.key, line: record.line, reason: reason, record: .object(record.record)))
            counts.rejected += 1
        }
        for record in records where record.deleted {
            switch stream.feeds {
            case .subscriptions: writes.removedItems.append((stream.stream, record.key))
            case .tickets: writes.removedTickets.append((stream.stream, record.key))
            case .surveys: writes.removedSurveys.append(SQLStore.feedID(source.id, stream.stream, record.key))
            // The log keeps what happened; a source deleting its copy does not undo it.
            case .owners: writes.removedOwners.append(externalID(of: record, feed: .owners))
            case .touches: writes.removedTouches.append((stream.stream, record.key))
            case .events, .accounts, .contacts, .raw: break
            }
        }
        var live = records.filter { !$0.deleted }
        var missingItems: [String: [String]] = [:]
        if let itemStream = stream.items { (live, missingItems) = try await withItems(live, from: itemStream) }
        if let lookup = stream.contentFrom { live = try await looked(live, up: lookup, into: "content") }
        if let lookup = stream.accountFrom { live = try await looked(live, up: lookup, into: lookup.field) }
        var read: [(record: StreamRecord, value: Read)] = []
        for record in live {
            if let missing = missingItems[record.key] {
                // The items may come later in this run (a tap sends them after their subscription):
                // the subscription waits for them, and is rejected only if the run ends without them.
                if finishing {
                    reject(
                        record, "its items \(missing.joined(separator: ", ")) are not in stream '\(stream.items ?? "")' yet; sync that stream too, then replay")
                } else {
                    writes.deferred.append(record.key)
                }
                continue
            }
            let fields = FeedFields(record: record.record, mappings: source.mappings)
            do throws(FeedError) {
                switch stream.feeds {
                case .subscriptions: read.append((record, .item(try SubscriptionItem.read(key: record.key, fields: fields, account: stream.account))))
                case .tickets:
                    read.append((record, .ticket(try TicketRecord.read(source: source.id, key: record.key, fields: fields, account: stream.account))))
                case .surveys:
                    if let survey = try SurveyRecord.read(fields: fields, account: stream.account, kind: stream.kind, today: today) {
                        read.append((record, .survey(survey)))
                    } else {
                        counts.unchanged += 1
                    }
                case .events:
                    // Only the records the stream's `when` picks are events (an opportunity closed won); the rest stay raw.
                    guard FeedEvent.matches(fields, when: stream.when) else {
                        counts.unchanged += 1
                        continue
                    }
                    read.append((record, .event(try FeedEvent.read(fields: fields, account: stream.account, event: stream.event))))
                case .owners:
                    // A user who is not among the spec's people keeps their id on the accounts they own.
                    if let email = fields.text("owner.email", defaults: ["email", "Email"]), let person = desk.spec.person(email: email) {
                        writes.owners.append((externalID(of: record, feed: .owners), person.id))
                        counts.updated += 1
                    } else {
                        counts.unchanged += 1
                    }
                case .touches: read.append((record, .touch(try TouchRecord.read(fields: fields, account: stream.account))))
                case .accounts, .contacts, .raw: break
                }
            } catch {
                reject(record, error.description)
            }
        }
        let accounts = try await desk.store.linkedIDs(
            source: source.id, kind: "account", externalIDs: read.compactMap(\.value.accountRef).map(source.canonicalID))
        let contactRefs = read.compactMap { if case .survey(let s) = $0.value { s.contactRef } else { nil } }
        let contacts = try await desk.store.linkedIDs(source: source.id, kind: "contact", externalIDs: contactRefs)
        // A touch names a person by email: whichever system brought the contact, it is the client's.
        let emails = read.compactMap { if case .touch(let t) = $0.value, t.accountRef == nil { t.email } else { nil } }
        let people = try await desk.store.contactsByEmail(emails)
        // An event property read from the system's owner field (OwnerId, hubspot_owner_id) names the
        // spec's person when the source's owners stream knows them.
        let ownerFields = stream.properties.filter { $0.value.lowercased().contains("owner") }.map(\.key)
        let owners = ownerFields.isEmpty ? [:] : try await desk.store.sourceOwners(source: source.id)
        let held = dryRun ? [] : try await desk.store.heldFeedKeys(source: source.id, stream: stream.stream, feed: stream.feeds, keys: read.map(\.record.key))
        for (record, value) in read {
            let accountID = value.accountRef.flatMap { accounts[source.canonicalID($0)] }
            if let ref = value.accountRef, accountID == nil {
                // Its account may come later in this run (tap-zendesk sends tickets before
                // organizations): it waits, and is rejected only if the run ends without it.
                if finishing || dryRun {
                    reject(record, "account '\(ref)' of \(source.id) is not in the client record yet; sync the stream that feeds its accounts, then replay")
                } else {
                    writes.deferred.append(record.key)
                }
                continue
            }
            switch value {
            case .item(let item): writes.items.append((stream.stream, accountID!, item))
            case .ticket(let t):
                var ticket = t.ticket
                ticket.accountID = accountID!
                writes.tickets.append((stream.stream, ticket))
            case .survey(let s):
                writes.surveys.append(
                    SurveyResponse(
                        id: SQLStore.feedID(source.id, stream.stream, record.key), accountID: accountID!, contactID: s.contactRef.flatMap { contacts[$0] },
                        kind: s.kind, score: s.score, respondedOn: s.respondedOn))
            case .event(let e):
                // Its owner may come later in this run (tap-hubspot sends deals before owners): it
                // waits, and keeps the system's id only if the run ends without that owner.
                if !finishing, !dryRun, waitsForOwner(record, fields: ownerFields, of: stream, known: owners) {
                    writes.deferred.append(record.key)
                    continue
                }
                guard
                    let event = try planEvent(
                        e, record: record, stream: stream, accountID: accountID, at: at, owners: (ownerFields, owners), reject: reject)
                else { continue }
                writes.events.append(event)
            case .touch(let t):
                let person = t.email.flatMap { people[$0] }
                guard let account = accountID ?? person?.accountID else {
                    reject(record, "no contact with the email '\(t.email ?? "")' is in the client record yet; sync the stream that feeds contacts, then replay")
                    continue
                }
                writes.touches.append(
                    MarketingTouch(
                        source: source.id, stream: stream.stream, key: record.key, accountID: account, contactID: person?.contactID, email: t.email,
                        content: t.content, motivation: t.motivation, occurredAt: t.occurredAt ?? at))
            }
            if held.contains(record.key) { counts.updated += 1 } else { counts.created += 1 }
        }
        outcome[stream.stream, default: StreamCounts()] = outcome[stream.stream, default: StreamCounts()] + counts
        return writes
    }

    /// Subscriptions that list their items by id (tap-stripe's `items`) get those items from the
    /// raw store, nested as Stripe's API nests them (`items.data`), so their prices are summed.
    /// Returns the records and, by subscription, the item ids not landed yet.
    func withItems(_ records: [StreamRecord], from itemStream: String) async throws -> ([StreamRecord], [String: [String]]) {
        func ids(_ record: StreamRecord) -> [String] {
            guard case .array(let list)? = record.record["items"] else { return [] }
            return list.compactMap { if case .string(let id) = $0 { id } else { nil } }
        }
        let texts = try await desk.store.syncRecordTexts(source: source.id, stream: itemStream, keys: Array(Set(records.flatMap(ids))))
        var missing: [String: [String]] = [:]
        let expanded = records.map { record -> StreamRecord in
            let wanted = ids(record)
            guard !wanted.isEmpty else { return record }
            var items: [JSONValue] = []
            for id in wanted {
                if let text = texts[id], let item = try? JSONParser.parse(text) { items.append(item) } else { missing[record.key, default: []].append(id) }
            }
            var copy = record
            copy.record["items"] = .object(["object": "list", "data": .array(items)])
            return copy
        }
        return (expanded, missing)
    }

    /// Records that name what they need by another record's id (a form submission's `formId`, a
    /// satisfaction rating's `ticket_id`) get that record's field as their `into`, read from the
    /// raw store; a record that has its own, or whose other record has not landed, stays as it is.
    func looked(_ records: [StreamRecord], up lookup: StreamFeed.RecordLookup, into name: String) async throws -> [StreamRecord] {
        func id(_ record: StreamRecord) -> String? { FeedFields(record: record.record, mappings: []).field(lookup.by).flatMap(FeedFields.text) }
        let texts = try await desk.store.syncRecordTexts(source: source.id, stream: lookup.stream, keys: Array(Set(records.compactMap(id))))
        return records.map { record in
            guard record.record[name] == nil || record.record[name] == .null, let key = id(record), let text = texts[key],
                case .object(let other)? = try? JSONParser.parse(text), let value = FeedFields(record: other, mappings: []).field(lookup.field)
            else { return record }
            var copy = record
            copy.record[name] = value
            return copy
        }
    }

    /// A record as an event on the log, checked against the taxonomy as a tracked event would be.
    func waitsForOwner(_ record: StreamRecord, fields: [String], of stream: StreamFeed, known: [String: String]) -> Bool {
        let read = FeedFields(record: record.record, mappings: source.mappings)
        return fields.contains { name in
            guard let expression = stream.properties[name], let id = read.field(expression).flatMap(FeedFields.text) else { return false }
            return known[id] == nil
        }
    }

    func planEvent(
        _ e: FeedEvent, record: StreamRecord, stream feed: StreamFeed, accountID: String?, at: Instant,
        owners: (fields: [String], people: [String: String]), reject: (StreamRecord, String) -> Void
    ) throws -> Event? {
        let taxonomy = desk.spec.taxonomy
        let stream = feed.stream
        var properties = JSONValue.object(record.record)
        if !feed.properties.isEmpty {
            do {
                properties = try FeedEvent.properties(
                    FeedFields(record: record.record, mappings: source.mappings), mapping: feed.properties,
                    schema: desk.spec.event(e.name)?.properties ?? [:])
            } catch {
                reject(record, error.description)
                return nil
            }
        }
        if case .object(var object) = properties, !owners.people.isEmpty {
            for name in owners.fields {
                if let id = object[name].flatMap(FeedFields.text), let person = owners.people[id] { object[name] = .string(person) }
            }
            properties = .object(object)
        }
        var status = PlanStatus.planned
        var violations: [String] = []
        if let definition = desk.spec.event(e.name) {
            violations = PropertyValidator.validate(properties, against: definition.properties, path: "properties")
            if !violations.isEmpty {
                guard taxonomy.violations == .flag else {
                    reject(
                        record,
                        "event '\(e.name)' breaks its taxonomy schema: \(violations.joined(separator: "; ")); map the record's fields or change the schema")
                    return nil
                }
                status = .invalid
            }
        } else {
            guard taxonomy.unplanned == .allow else {
                reject(record, "event '\(e.name)' is not in the taxonomy; add it to taxonomy.events, or give the stream an event that is")
                return nil
            }
            status = .unplanned
        }
        return Event(
            messageID: SQLStore.feedID(source.id, stream, record.key), name: e.name, accountID: accountID, source: source.id, timestamp: e.timestamp ?? at,
            receivedAt: at, properties: properties, planStatus: status, violations: violations)
    }

    enum Read {
        case item(SubscriptionItem)
        case ticket(TicketRecord)
        case survey(SurveyRecord)
        case event(FeedEvent)
        case touch(TouchRecord)

        var accountRef: String? {
            switch self {
            case .touch(let touch): touch.accountRef
            case .item(let item): item.accountRef
            case .ticket(let ticket): ticket.accountRef
            case .survey(let survey): survey.accountRef
            case .event(let event): event.accountRef
            }
        }
    }
}
