// JSON merge patch over an entity's writable members.
#include "tandem/codec.h"

namespace tandem {

nlohmann::json MergePatch(const nlohmann::json& current, const nlohmann::json& patch,
                          std::span<const std::string_view> read_only) {
    if (!patch.is_object() || patch.empty()) throw DecodeError("", "send an object with the fields to change");
    for (std::string_view key : read_only)
        if (patch.contains(key)) throw DecodeError(std::string(key), "read-only");
    nlohmann::json merged = current;
    for (std::string_view key : read_only) merged.erase(std::string(key));
    merged.merge_patch(patch);
    return merged;
}

}  // namespace tandem
