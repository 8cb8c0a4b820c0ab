/// A marketing touch as a stream's record gives it, before its person or account is found in
/// the client record: by the person's email (a form submission's `email` field), else by the
/// account id of the source the stream's `account` names.
public struct TouchRecord: Sendable, Hashable {
    public var email: String?
    public var accountRef: String?
    public var content: String
    public var motivation: String?
    public var occurredAt: Instant?

    static let emailFields = ["email", "values[email]", "contact.email", "recipient", "user.email"]
    static let contentFields = ["content", "title", "asset", "form_name", "formName", "campaign_name", "campaign", "name", "pageTitle", "pageUrl"]
    static let motivationFields = ["buying_motivation", "values[buying_motivation]", "motivation", "values[motivation]"]
    static let timeFields = ["submittedAt", "occurred_at", "timestamp", "created_at", "created"]

    public static func read(fields: FeedFields, account: [String]) throws(FeedError) -> TouchRecord {
        let email = fields.text("touch.email", defaults: emailFields)?.lowercased()
        let ref = account.isEmpty ? nil : fields.text("touch.account", defaults: account)
        guard email != nil || ref != nil else {
            throw FeedError(
                "the touch names no person: none of \((account.isEmpty ? emailFields : emailFields + account).joined(separator: ", ")) is set; map touch.email to the field holding the person's email"
            )
        }
        guard let content = fields.text("touch.content", defaults: contentFields) else {
            throw FeedError("the touch names no content: map touch.content to the field naming what was consumed, or give the stream's content_from")
        }
        let motivation = fields.text("touch.motivation", defaults: motivationFields)
        return TouchRecord(
            email: email, accountRef: ref, content: String(content.prefix(300)), motivation: motivation.map { String($0.prefix(2000)) },
            occurredAt: try fields.instant("touch.at", defaults: timeFields))
    }
}
