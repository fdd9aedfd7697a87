// The words the demo company is made of: people's names by region, countries, industries and
// company names, job titles, and what sales and marketing write to each other.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "tandem/enums.h"

namespace tandem::demo {

// Names follow the country, so a lead in Brazil is more likely a "João Silva" than a "Lars Berg".
enum class NameGroup { Anglo, Latin, German, French, Indian, EastAsian, Nordic, African };

struct CountryInfo {
    std::string_view code;           // ISO 3166 alpha-2, as leads store it
    NameGroup names;
    std::string_view phone_prefix;   // "+49"
    std::string_view domain_suffix;  // ".de"
    double weight;                   // share of the demo company's market
};

struct IndustryInfo {
    std::string_view name;                       // as leads store it ("software")
    double weight;
    std::span<const std::string_view> suffixes;  // "Labs", "Health", ... for company names
};

// A remark sales or marketing might log, with its tags ('|'-separated, lower-case).
struct Remark {
    std::string_view text;
    std::string_view tags;
};

std::span<const CountryInfo> Countries();
std::span<const std::string_view> FirstNames(NameGroup group);
std::span<const std::string_view> LastNames(NameGroup group);
std::span<const IndustryInfo> Industries();
std::span<const std::string_view> CompanyWords();
std::span<const std::string_view> DecisionMakerTitles();
std::span<const std::string_view> OtherTitles();

// "João" -> "joao", "de Vries" -> "devries": the ASCII form an email address would use.
std::string EmailPart(std::string_view name);

std::span<const std::string_view> RejectionTexts(RejectReason reason);
std::span<const std::string_view> DisqualifyReasons();
std::span<const std::string_view> LostReasons();
std::span<const std::string_view> AcceptNotes();
std::span<const Remark> Objections();
std::span<const Remark> Questions();
std::span<const Remark> ContentRequests();
std::span<const Remark> GeneralRemarks();
std::span<const std::string_view> WinStories();   // "{company}" is replaced by the customer's name

}  // namespace tandem::demo
