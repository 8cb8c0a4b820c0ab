/// How CS platforms and CRMs write a stakeholder's role, influence and last engagement, read into
/// the stakeholder map. Each reader says what it expected when a value does not fit, so the row is
/// rejected with a reason a person can act on instead of landing as a plain user.
public enum StakeholderFields {
    /// Labels seen in Gainsight, Totango, ChurnZero and CRM contact-role exports, normalised
    /// (lower case, letters only).
    static let roleLabels: [String: StakeholderRole] = [
        "executivesponsor": .executiveSponsor, "executive": .executiveSponsor, "sponsor": .executiveSponsor,
        "decisionmaker": .executiveSponsor, "economicbuyer": .executiveSponsor, "budgetholder": .executiveSponsor,
        "technicalowner": .technicalOwner, "technicalcontact": .technicalOwner, "technicalbuyer": .technicalOwner,
        "admin": .technicalOwner, "administrator": .technicalOwner, "itowner": .technicalOwner,
        "champion": .champion, "influencer": .champion, "poweruser": .champion,
        "user": .user, "enduser": .user, "other": .user,
    ]

    public static func role(_ label: String) throws(FeedError) -> StakeholderRole {
        let key = String(label.lowercased().filter(\.isLetter))
        guard let role = roleLabels[key] else {
            throw FeedError(
                "stakeholder role '\(label)' is not one Accord knows; use executive_sponsor (or decision maker, economic buyer), "
                    + "technical_owner (or admin), champion (or influencer) or user")
        }
        return role
    }

    /// 1 (little say) to 5 (decides), or the high / medium / low some platforms use.
    public static func influence(_ text: String) throws(FeedError) -> Int {
        let trimmed = text.trimmedWhitespace.lowercased()
        switch trimmed {
        case "high": return 5
        case "medium": return 3
        case "low": return 1
        default: break
        }
        guard let number = Double(trimmed), number == number.rounded(), (1...5).contains(number) else {
            throw FeedError("influence '\(text)' is not a whole number from 1 to 5 (or high, medium, low)")
        }
        return Int(number)
    }

    /// A date, a timestamp, or seconds or milliseconds since 1970.
    public static func engagedOn(_ text: String) throws(FeedError) -> Day {
        guard let instant = FeedFields.instant(.string(text)) else {
            throw FeedError("last engaged '\(text)' is not a date (2026-11-20), a timestamp or an epoch number")
        }
        return instant.day
    }
}
