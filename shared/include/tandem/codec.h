// Strict JSON decoding with errors that name the field and the problem
// ("criteria[2].op: unknown operator 'gt'"): wrong types, missing members, unknown members,
// out-of-range numbers and over-long strings are all refused. Entity codecs build on this.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

// Invalid input. Field() is the path ("criteria[2].op", "" for the whole document); what() is
// "field: problem".
class DecodeError : public std::runtime_error {
public:
    DecodeError(std::string field, std::string problem);
    const std::string& Field() const { return m_field; }
    const std::string& Problem() const { return m_problem; }

private:
    std::string m_field;
    std::string m_problem;
};

inline constexpr std::size_t kMaxTextBytes = 10000;
// Integers beyond 2^53 do not survive a trip through JavaScript; refuse them.
inline constexpr std::int64_t kMaxSafeInteger = 9007199254740991;

// Value readers: each checks the JSON type and range and throws DecodeError(path, problem).
void ReadValue(const nlohmann::json& in, const std::string& path, std::string& out);
void ReadValue(const nlohmann::json& in, const std::string& path, std::int64_t& out);
void ReadValue(const nlohmann::json& in, const std::string& path, int& out);
void ReadValue(const nlohmann::json& in, const std::string& path, double& out);
void ReadValue(const nlohmann::json& in, const std::string& path, bool& out);

template <class E>
    requires std::is_enum_v<E>
void ReadValue(const nlohmann::json& in, const std::string& path, E& out) {
    if (!in.is_string()) throw DecodeError(path, "expected one of: " + EnumChoices<E>());
    std::optional<E> value = ParseEnum<E>(in.get_ref<const std::string&>());
    if (!value) {
        throw DecodeError(path, "unknown value '" + in.get<std::string>() + "' (expected one of: " +
                                    EnumChoices<E>() + ")");
    }
    out = *value;
}

template <class T>
void ReadValue(const nlohmann::json& in, const std::string& path, std::optional<T>& out) {
    if (in.is_null()) {
        out.reset();
        return;
    }
    T value{};
    ReadValue(in, path, value);
    out = std::move(value);
}

template <class T>
void ReadValue(const nlohmann::json& in, const std::string& path, std::vector<T>& out) {
    if (!in.is_array()) throw DecodeError(path, "expected a list");
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        T value{};
        ReadValue(in[i], path + "[" + std::to_string(i) + "]", value);
        out.push_back(std::move(value));
    }
}

// Timestamps and dates travel as ISO 8601 strings.
Timestamp ReadTimestamp(const nlohmann::json& in, const std::string& path);
Date ReadDate(const nlohmann::json& in, const std::string& path);

// Reads one JSON object member by member, tracking the path, and refuses members nobody read.
class ObjectReader {
public:
    // Throws DecodeError(path, "expected an object") for anything else.
    ObjectReader(const nlohmann::json& object, std::string path);
    // It keeps a reference: reading a temporary would dangle.
    ObjectReader(nlohmann::json&& object, std::string path) = delete;

    // The member, marked as read; null if absent.
    const nlohmann::json* Member(std::string_view key);
    std::string PathOf(std::string_view key) const;

    template <class T>
    void Required(std::string_view key, T& out) {
        const nlohmann::json* member = Member(key);
        if (!member) throw DecodeError(PathOf(key), "required");
        ReadValue(*member, PathOf(key), out);
    }

    // Leaves `out` as it is if the member is absent.
    template <class T>
    void Optional(std::string_view key, T& out) {
        if (const nlohmann::json* member = Member(key)) ReadValue(*member, PathOf(key), out);
    }

    void OptionalTimestamp(std::string_view key, Timestamp& out);
    void OptionalTimestamp(std::string_view key, std::optional<Timestamp>& out);
    void RequiredDate(std::string_view key, Date& out);
    void OptionalDate(std::string_view key, std::optional<Date>& out);

    // Members the server sets: present in output, refused in input with "read-only".
    void RefuseReadOnly(std::span<const std::string_view> keys);
    // Throws for the first member that was not read: "<path>.colour: unknown field".
    void Finish();

private:
    const nlohmann::json& m_object;
    std::string m_path;
    std::vector<std::string> m_read;
};

// Parses a request body; malformed JSON (including invalid UTF-8) is a DecodeError at "".
nlohmann::json ParseJson(std::string_view text);

// Serialises for the wire; strings that somehow hold invalid UTF-8 are repaired, not fatal.
std::string DumpJson(const nlohmann::json& value);

// An empty optional is written as null.
template <class T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}
nlohmann::json TimestampOrNull(const std::optional<Timestamp>& value);

// The document a PATCH produces: `current` (an entity's JSON) without its read-only members,
// merged with `patch` (RFC 7396). Refuses a patch that is not a non-empty object or that names a
// read-only member; the caller decodes the result with the entity's FromJson.
nlohmann::json MergePatch(const nlohmann::json& current, const nlohmann::json& patch,
                          std::span<const std::string_view> read_only);

// Text checks shared by the codecs.
std::string Trim(std::string_view text);
std::string ToLower(std::string_view text);
bool LooksLikeEmail(std::string_view text);   // one '@', a dot in the domain, no spaces

}  // namespace tandem
