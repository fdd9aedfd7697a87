// The campaign plan as an RFC 5545 iCalendar feed that Outlook, Google Calendar and Apple
// Calendar subscribe to: all-day events, escaped text, folded lines, CRLF.
#include <cstdio>

#include "tandem/calendar.h"
#include "tandem/format.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxLineOctets = 75;

std::string IcsDate(Date date) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02d%02d", year, month, day);
    return text;
}

std::string IcsTime(Timestamp t) {
    Timestamp seconds = t - StartOf(DateOf(t));
    char text[16];
    std::snprintf(text, sizeof text, "T%02d%02d%02dZ", static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                  static_cast<int>(seconds % 60));
    return IcsDate(DateOf(t)) + text;
}

// A URI value is not TEXT: nothing is escaped, but no control character may reach the line.
std::string IcsUri(std::string_view uri) {
    std::string out;
    for (char c : uri)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    return out;
}

const char* IcsStatus(CampaignStatus status) {
    switch (status) {
    case CampaignStatus::Planned: return "TENTATIVE";
    case CampaignStatus::Cancelled: return "CANCELLED";
    case CampaignStatus::Live:
    case CampaignStatus::Done: break;
    }
    return "CONFIRMED";
}

void Line(std::string& out, std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    out += IcsFold(line);
}

}  // namespace

std::string IcsEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
            break;
        case '\n': out += "\\n"; break;
        default:
            if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) || c == '\t') out += c;
        }
    }
    return out;
}

std::string IcsFold(std::string_view line) {
    std::string out;
    std::size_t limit = kMaxLineOctets;   // the first line; continuations lose one octet to the space
    while (line.size() > limit) {
        std::size_t cut = limit;
        // Never inside a UTF-8 sequence: back up to the byte that starts the character.
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) cut = limit;   // not UTF-8 at all: any cut is as good as another
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = kMaxLineOctets - 1;
    }
    out.append(line);
    out += "\r\n";
    return out;
}

std::string CampaignUrl(const std::string& base_url, std::int64_t id) {
    return base_url + "/#/campaigns/" + std::to_string(id);
}

std::string IcsDescription(const Campaign& campaign, const IcsOptions& options) {
    std::string text;
    auto add = [&text](const std::string& line) {
        if (!text.empty()) text += '\n';
        text += line;
    };
    if (!campaign.offer.empty()) add("Offer: " + campaign.offer);
    add("Audience: " + DescribeSegment(campaign.segment));
    if (!campaign.sales_notes.empty()) add("Notes for sales: " + campaign.sales_notes);
    if (campaign.owner_id) {
        auto owner = options.owner_names.find(*campaign.owner_id);
        add("Owner: " + (owner != options.owner_names.end() ? owner->second : "user " + std::to_string(*campaign.owner_id)));
    }
    if (campaign.goal_leads) add("Goal: " + FormatCount(*campaign.goal_leads) + " leads");
    add("Status: " + CampaignStatusLabel(campaign.status));
    if (!campaign.description.empty()) add("\n" + campaign.description);
    if (!options.base_url.empty()) add("\nOpen in Tandem: " + CampaignUrl(options.base_url, campaign.id));
    return text;
}

std::string IcsCalendar(std::span<const Campaign> campaigns, const IcsOptions& options) {
    std::string out;
    Line(out, "BEGIN", "VCALENDAR");
    Line(out, "VERSION", "2.0");
    Line(out, "PRODID", "-//Tandem//Campaign calendar " TANDEM_VERSION "//EN");
    Line(out, "CALSCALE", "GREGORIAN");
    Line(out, "METHOD", "PUBLISH");
    Line(out, "NAME", IcsEscape(options.calendar_name));
    Line(out, "X-WR-CALNAME", IcsEscape(options.calendar_name));
    Line(out, "X-WR-CALDESC", IcsEscape("Every campaign marketing plans, with its audience, offer and notes for sales."));
    // Calendar apps poll at their own pace; this asks for hourly.
    Line(out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    Line(out, "X-PUBLISHED-TTL", "PT1H");
    for (const Campaign& campaign : campaigns) {
        Line(out, "BEGIN", "VEVENT");
        Line(out, "UID", "campaign-" + std::to_string(campaign.id) + "@" + options.installation + ".tandem");
        Line(out, "DTSTAMP", IcsTime(campaign.updated_at));
        Line(out, "CREATED", IcsTime(campaign.created_at));
        Line(out, "LAST-MODIFIED", IcsTime(campaign.updated_at));
        Line(out, "SEQUENCE", std::to_string(std::max<std::int64_t>(0, campaign.revision - 1)));
        Line(out, "DTSTART;VALUE=DATE", IcsDate(campaign.start));
        Line(out, "DTEND;VALUE=DATE", IcsDate(campaign.end + 1));   // exclusive
        std::string summary = campaign.status == CampaignStatus::Cancelled ? "Cancelled: " + campaign.name : campaign.name;
        Line(out, "SUMMARY", IcsEscape(summary));
        Line(out, "DESCRIPTION", IcsEscape(IcsDescription(campaign, options)));
        Line(out, "CATEGORIES", IcsEscape(CampaignTypeLabel(campaign.type)));
        Line(out, "STATUS", IcsStatus(campaign.status));
        Line(out, "TRANSP", "TRANSPARENT");
        if (!options.base_url.empty()) Line(out, "URL", IcsUri(CampaignUrl(options.base_url, campaign.id)));
        // Outlook reads these: an all-day event that leaves the day free.
        Line(out, "X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE");
        Line(out, "X-MICROSOFT-CDO-BUSYSTATUS", "FREE");
        Line(out, "END", "VEVENT");
    }
    Line(out, "END", "VCALENDAR");
    return out;
}

}  // namespace tandem
