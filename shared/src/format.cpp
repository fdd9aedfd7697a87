// Display formatting of figures and names.
#include "tandem/format.h"

#include <cmath>
#include <cstdio>

namespace tandem {

namespace {

std::string Fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace

std::string FormatCount(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "−" + out : out;
}

std::string FormatMoney(double dollars) {
    double magnitude = std::abs(dollars);
    std::string sign = dollars < 0 ? "−" : "";
    if (magnitude >= 999'500'000) return sign + "$" + Fixed(magnitude / 1e9, 2) + "B";
    if (magnitude >= 999'500) return sign + "$" + Fixed(magnitude / 1e6, 2) + "M";
    return sign + "$" + FormatCount(static_cast<std::int64_t>(std::llround(magnitude)));
}

std::string FormatMoneyOr(std::optional<double> dollars) { return dollars ? FormatMoney(*dollars) : kNoData; }

std::string FormatPercent(std::optional<double> fraction) {
    if (!fraction || !std::isfinite(*fraction)) return kNoData;
    return Fixed(*fraction * 100.0, 1) + "%";
}

std::string FormatHours(std::optional<double> hours) {
    if (!hours || !std::isfinite(*hours)) return kNoData;
    if (*hours > 48.0) return Fixed(*hours / 24.0, 1) + " d";
    return Fixed(*hours, 1) + " h";
}

std::string FormatDays(std::optional<double> days) {
    if (!days || !std::isfinite(*days)) return kNoData;
    return Fixed(*days, 1) + " d";
}

std::optional<double> Change(double now, double before) {
    if (before == 0) return std::nullopt;
    return (now - before) / std::abs(before);
}

std::string FormatChange(std::optional<double> change) {
    if (!change || !std::isfinite(*change)) return kNoData;
    double percent = *change * 100.0;
    if (std::abs(percent) < 0.05) return "±0.0%";
    return (percent > 0 ? "+" : "−") + Fixed(std::abs(percent), 1) + "%";
}

std::string Humanise(std::string_view name) {
    std::string text(name);
    for (char& c : text)
        if (c == '_') c = ' ';
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

std::string SourceLabel(Source source) { return Humanise(ToString(source)); }

std::string ReasonLabel(RejectReason reason) { return Humanise(ToString(reason)); }

}  // namespace tandem
