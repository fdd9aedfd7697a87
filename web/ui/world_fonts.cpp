// Loads glyph files on demand (see world_fonts.h); the manifest is /fonts/world.txt, embedded.
#include "ui/world_fonts.h"

#include <algorithm>
#include <fstream>
#include <imgui.h>
#include <imgui_internal.h>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/platform.h"
#include "ui/theme.h"

namespace tandem::ui {

namespace {

struct GlyphFile {
    std::string name;                              // e.g. "cjk-4e.otf", under fonts/ in the bundle
    std::vector<std::pair<ImWchar, ImWchar>> has;  // the code points it holds, as ranges
    float scale = 1;                               // its size relative to the text's, for the same em
    enum class State { Idle, Loading, Loaded, Failed } state = State::Idle;
    std::string data;             // the file, once loaded; the atlas reads it without copying
    std::set<ImWchar> wanted;     // noted characters it has
    std::vector<ImWchar> merged;  // the ranges handed to the atlas, alive until the next rebuild
    int failures = 0;             // loads failed in a row
    double retry_at = 0;          // when a failed file is asked for again
};

std::vector<GlyphFile> g_files;
std::unordered_map<ImWchar, std::vector<std::size_t>> g_pages;   // page (code point >> 8) -> files
std::unordered_set<ImWchar> g_seen;     // every character beyond the embedded fonts noted so far
bool g_manifest_read = false;
bool g_changed = false;

void ReadManifest() {
    g_manifest_read = true;
    std::ifstream in("/fonts/world.txt");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        GlyphFile file;
        std::string ranges;
        if (!(fields >> file.name >> ranges >> file.scale)) continue;
        std::istringstream items(ranges);
        std::string item;
        while (std::getline(items, item, ',')) {
            std::size_t dash = item.find('-');
            auto first = static_cast<ImWchar>(std::stoul(item.substr(0, dash), nullptr, 16));
            auto last = static_cast<ImWchar>(std::stoul(item.substr(dash + 1), nullptr, 16));
            file.has.emplace_back(first, last);
        }
        if (file.has.empty()) continue;
        g_pages[file.has.front().first >> 8].push_back(g_files.size());
        g_files.push_back(std::move(file));
    }
}

bool Embedded(ImWchar c) {
    for (const ImWchar* range = EmbeddedTextRanges(); range[0] != 0; range += 2)
        if (c >= range[0] && c <= range[1]) return true;
    return false;
}

void Fetch(std::size_t index) {
    GlyphFile& file = g_files[index];
    file.state = GlyphFile::State::Loading;
    platform::Fetch("GET", platform::AssetUrl("fonts/" + file.name), {}, [index](platform::HttpResponse response) {
        GlyphFile& done = g_files[index];
        if (response.status == 200 && !response.body.empty()) {
            done.data = std::move(response.body);
            done.state = GlyphFile::State::Loaded;
            g_changed = true;
        } else {
            // Its characters stay missing (the mirror says so) until a retry gets it: 2, 4, 8 … 64 s.
            done.state = GlyphFile::State::Failed;
            done.retry_at = platform::NowSeconds() + static_cast<double>(2 << std::min(done.failures, 5));
            ++done.failures;
        }
    });
}

void Note(ImWchar c) {
    if (c < 0x80 || Embedded(c) || (c >= 0xE000 && c <= 0xF8FF) || !g_seen.insert(c).second) return;
    if (!g_manifest_read) ReadManifest();
    auto page = g_pages.find(c >> 8);
    if (page == g_pages.end()) return;
    for (std::size_t index : page->second) {
        GlyphFile& file = g_files[index];
        bool has = false;
        for (const auto& [first, last] : file.has) has = has || (c >= first && c <= last);
        if (!has) continue;
        file.wanted.insert(c);
        if (file.state == GlyphFile::State::Idle) Fetch(index);
        if (file.state == GlyphFile::State::Loaded) g_changed = true;
        return;
    }
}

}  // namespace

void NoteText(std::string_view utf8) {
    const char* at = utf8.data();
    const char* end = at + utf8.size();
    while (at < end) {
        if (static_cast<unsigned char>(*at) < 0x80) {   // the common case: skip ASCII quickly
            ++at;
            continue;
        }
        unsigned int c = 0;
        at += ImTextCharFromUtf8(&c, at, end);
        Note(static_cast<ImWchar>(c));
    }
}

void NoteQueuedInput() {
    for (const ImGuiInputEvent& event : ImGui::GetCurrentContext()->InputEventsQueue)
        if (event.Type == ImGuiInputEventType_Text) Note(static_cast<ImWchar>(event.Text.Char));
}

void RetryWorldFonts(double now) {
    for (std::size_t index = 0; index < g_files.size(); ++index)
        if (g_files[index].state == GlyphFile::State::Failed && now >= g_files[index].retry_at) Fetch(index);
}

bool WorldFontsChanged() { return g_changed; }

void MergeWorldFonts(float size) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    for (GlyphFile& file : g_files) {
        if (file.state != GlyphFile::State::Loaded || file.wanted.empty()) continue;
        if (file.merged.empty() || file.merged.size() != file.wanted.size() * 2 + 1) {
            file.merged.clear();
            for (ImWchar c : file.wanted) file.merged.insert(file.merged.end(), {c, c});
            file.merged.push_back(0);
        }
        ImFontConfig config;
        config.MergeMode = true;
        config.FontDataOwnedByAtlas = false;
        config.OversampleH = 2;
        config.OversampleV = 1;
        atlas.AddFontFromMemoryTTF(file.data.data(), static_cast<int>(file.data.size()), size * file.scale, &config,
                                   file.merged.data());
    }
    g_changed = false;
}

std::size_t MissingGlyphs() {
    ImFont* font = Font(FontRole::Body);
    std::size_t missing = 0;
    for (ImWchar c : g_seen) missing += font && font->FindGlyphNoFallback(c) == nullptr ? 1 : 0;
    return missing;
}

}  // namespace tandem::ui
