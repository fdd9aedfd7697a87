// The strict JSON decoding primitives.
#include "tandem/codec.h"

#include <algorithm>
#include <cmath>

namespace tandem {

namespace {

std::string Describe(const nlohmann::json& in) {
    switch (in.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::string: return "text";
    case nlohmann::json::value_t::array: return "a list";
    case nlohmann::json::value_t::object: return "an object";
    default: return "a number";
    }
}

}  // namespace

DecodeError::DecodeError(std::string field, std::string problem)
    : std::runtime_error(field.empty() ? problem : field + ": " + problem),
      m_field(std::move(field)),
      m_problem(std::move(problem)) {}

void ReadValue(const nlohmann::json& in, const std::string& path, std::string& out) {
    if (!in.is_string()) throw DecodeError(path, "expected text, got " + Describe(in));
    const std::string& text = in.get_ref<const std::string&>();
    if (text.size() > kMaxTextBytes) throw DecodeError(path, "too long (at most " + std::to_string(kMaxTextBytes) + " bytes)");
    out = text;
}

void ReadValue(const nlohmann::json& in, const std::string& path, std::int64_t& out) {
    if (in.is_number_integer()) {
        if (in.is_number_unsigned() && in.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxSafeInteger))
            throw DecodeError(path, "out of range");
        std::int64_t value = in.get<std::int64_t>();
        if (value > kMaxSafeInteger || value < -kMaxSafeInteger) throw DecodeError(path, "out of range");
        out = value;
        return;
    }
    if (in.is_number_float()) {
        double value = in.get<double>();
        if (!std::isfinite(value) || std::abs(value) > static_cast<double>(kMaxSafeInteger))
            throw DecodeError(path, "out of range");
        if (value != std::floor(value)) throw DecodeError(path, "expected a whole number");
        out = static_cast<std::int64_t>(value);
        return;
    }
    throw DecodeError(path, "expected a whole number, got " + Describe(in));
}

void ReadValue(const nlohmann::json& in, const std::string& path, int& out) {
    std::int64_t value = 0;
    ReadValue(in, path, value);
    if (value > 1'000'000'000 || value < -1'000'000'000) throw DecodeError(path, "out of range");
    out = static_cast<int>(value);
}

void ReadValue(const nlohmann::json& in, const std::string& path, double& out) {
    if (!in.is_number()) throw DecodeError(path, "expected a number, got " + Describe(in));
    double value = in.get<double>();
    if (!std::isfinite(value) || std::abs(value) > 1e15) throw DecodeError(path, "out of range");
    out = value;
}

void ReadValue(const nlohmann::json& in, const std::string& path, bool& out) {
    if (!in.is_boolean()) throw DecodeError(path, "expected true or false, got " + Describe(in));
    out = in.get<bool>();
}

Timestamp ReadTimestamp(const nlohmann::json& in, const std::string& path) {
    if (!in.is_string()) throw DecodeError(path, "expected an ISO 8601 time such as 2026-11-25T09:30:00Z");
    std::optional<Timestamp> value = ParseTimestamp(in.get_ref<const std::string&>());
    if (!value) throw DecodeError(path, "not an ISO 8601 time: '" + in.get<std::string>() + "'");
    return *value;
}

Date ReadDate(const nlohmann::json& in, const std::string& path) {
    if (!in.is_string()) throw DecodeError(path, "expected a date such as 2026-11-25");
    std::optional<Date> value = ParseDate(in.get_ref<const std::string&>());
    if (!value) throw DecodeError(path, "not a date (YYYY-MM-DD): '" + in.get<std::string>() + "'");
    return *value;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path)
    : m_object(object), m_path(std::move(path)) {
    if (!object.is_object()) throw DecodeError(m_path, "expected an object, got " + Describe(object));
}

std::string ObjectReader::PathOf(std::string_view key) const {
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

const nlohmann::json* ObjectReader::Member(std::string_view key) {
    m_read.emplace_back(key);
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

void ObjectReader::OptionalTimestamp(std::string_view key, Timestamp& out) {
    if (const nlohmann::json* member = Member(key)) out = ReadTimestamp(*member, PathOf(key));
}

void ObjectReader::OptionalTimestamp(std::string_view key, std::optional<Timestamp>& out) {
    if (const nlohmann::json* member = Member(key))
        out = member->is_null() ? std::nullopt : std::optional<Timestamp>(ReadTimestamp(*member, PathOf(key)));
}

void ObjectReader::RequiredDate(std::string_view key, Date& out) {
    const nlohmann::json* member = Member(key);
    if (!member) throw DecodeError(PathOf(key), "required");
    out = ReadDate(*member, PathOf(key));
}

void ObjectReader::OptionalDate(std::string_view key, std::optional<Date>& out) {
    if (const nlohmann::json* member = Member(key))
        out = member->is_null() ? std::nullopt : std::optional<Date>(ReadDate(*member, PathOf(key)));
}

void ObjectReader::RefuseReadOnly(std::span<const std::string_view> keys) {
    for (std::string_view key : keys)
        if (m_object.contains(key)) throw DecodeError(PathOf(key), "read-only");
}

void ObjectReader::Finish() {
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (std::find(m_read.begin(), m_read.end(), it.key()) == m_read.end())
            throw DecodeError(PathOf(it.key()), "unknown field");
    }
}

nlohmann::json ParseJson(std::string_view text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        // parse_error for bad syntax and invalid UTF-8, but out_of_range for a number no double
        // holds ("1e400"): both are the client's malformed input, never a server fault.
        std::string message = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> after the tag.
        std::size_t tag = message.find("] ");
        throw DecodeError("", "malformed JSON: " + (tag == std::string::npos ? message : message.substr(tag + 2)));
    }
}

std::string DumpJson(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json TimestampOrNull(const std::optional<Timestamp>& value) {
    return value ? nlohmann::json(FormatTimestamp(*value)) : nlohmann::json(nullptr);
}

std::string Trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

std::string ToLower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool LooksLikeEmail(std::string_view text) {
    std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
    std::string_view domain = text.substr(at + 1);
    std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
    for (char c : text) {
        // Control characters (NUL included) are never part of an address and would survive into
        // the database, logs and CSV exports.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
        if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>') return false;
    }
    return text.size() <= 254;
}

}  // namespace tandem
