// The browser platform: GLFW/WebGL2 canvas, hash routing, localStorage, fetch, time.
#include "platform/platform.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <chrono>
#include <cmath>
#include <ctime>
#include <emscripten.h>
#include <emscripten/fetch.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace tandem::platform {

namespace {

GLFWwindow* g_window = nullptr;
float g_pixel_ratio = 1.0f;
int g_width = 0;
int g_height = 0;
bool g_hash_changed = false;

EM_JS(void, JsInstallHashListener, (), {
    window.addEventListener('hashchange', function() { Module._tandem_hash_changed(); });
});

EM_JS(char*, JsUrlHash, (), { return allocateUTF8(window.location.hash); });

EM_JS(void, JsSetUrlHash, (const char* hash), {
    var value = UTF8ToString(hash);
    if (window.location.hash !== value) window.location.hash = value;
});

EM_JS(char*, JsLoadSetting, (const char* key), {
    var value = null;
    try { value = window.localStorage.getItem("tandem." + UTF8ToString(key)); } catch (e) {}
    return allocateUTF8(value === null ? "" : value);
});

EM_JS(void, JsSaveSetting, (const char* key, const char* value), {
    try { window.localStorage.setItem("tandem." + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(void, JsPublishUi, (const char* json), { window.tandemUi = JSON.parse(UTF8ToString(json)); });
EM_JS(void, JsPublishFrame, (int frame), {
    if (window.tandemUi) window.tandemUi.frame = frame;
});

EM_JS(void, JsShowFatalError, (const char* message), {
    var loading = document.getElementById('loading');
    if (loading) {
        loading.classList.add('failed');
        loading.querySelector('p').textContent = UTF8ToString(message);
    }
});

EM_JS(void, JsHideLoadingScreen, (), {
    var loading = document.getElementById('loading');
    if (loading) loading.remove();
});

std::string TakeJsString(char* text) {
    std::string out = text ? text : "";
    free(text);
    return out;
}

void OnFetchDone(emscripten_fetch_t* fetch) {
    auto* callback = static_cast<HttpCallback*>(fetch->userData);
    HttpResponse response;
    response.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0) response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    emscripten_fetch_close(fetch);
    (*callback)(std::move(response));
    delete callback;
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_hash_changed() { g_hash_changed = true; }

bool Init() {
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_window = glfwCreateWindow(640, 480, "Tandem", nullptr, nullptr);
    if (!g_window) return false;
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // layout is ours, not the user's to persist
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    JsInstallHashListener();
    return true;
}

void RunLoop(void (*frame)()) {
    emscripten_set_main_loop(frame, 0, true);
    __builtin_unreachable();
}

float UpdateCanvasSize() {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size("#canvas", &css_width, &css_height);
    g_pixel_ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    int width = static_cast<int>(std::lround(css_width * g_pixel_ratio));
    int height = static_cast<int>(std::lround(css_height * g_pixel_ratio));
    if (width != g_width || height != g_height) {
        // Set the backbuffer directly: glfwSetWindowSize would request fullscreen whenever the
        // canvas happens to match the screen size.
        emscripten_set_canvas_element_size("#canvas", width, height);
        g_width = width;
        g_height = height;
    }
    return g_pixel_ratio;
}

void BeginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // GLFW's idea of the window size is stale; mouse events arrive in backbuffer pixels.
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(g_width), static_cast<float>(g_height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    ImGui::NewFrame();
}

void EndFrame(float clear_r, float clear_g, float clear_b) {
    ImGui::Render();
    glViewport(0, 0, g_width, g_height);
    glClearColor(clear_r, clear_g, clear_b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

float PixelRatio() { return g_pixel_ratio; }

void ReloadFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

std::string UrlHash() { return TakeJsString(JsUrlHash()); }

void SetUrlHash(std::string_view hash) { JsSetUrlHash(std::string(hash).c_str()); }

bool TakeHashChanged() {
    bool changed = g_hash_changed;
    g_hash_changed = false;
    return changed;
}

std::string LoadSetting(std::string_view key) { return TakeJsString(JsLoadSetting(std::string(key).c_str())); }

void SaveSetting(std::string_view key, std::string_view value) {
    JsSaveSetting(std::string(key).c_str(), std::string(value).c_str());
}

void Fetch(std::string_view method, std::string_view url, std::string_view body, HttpCallback callback) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::string method_text(method);
    std::snprintf(attr.requestMethod, sizeof attr.requestMethod, "%s", method_text.c_str());
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.onsuccess = OnFetchDone;
    attr.onerror = OnFetchDone;
    attr.timeoutMSecs = 15000;
    static const char* kJsonHeaders[] = {"Content-Type", "application/json", "Accept", "application/json", nullptr};
    attr.requestHeaders = kJsonHeaders;
    // emscripten_fetch copies the body before returning.
    std::string body_copy(body);
    if (!body_copy.empty()) {
        attr.requestData = body_copy.data();
        attr.requestDataSize = body_copy.size();
    }
    attr.userData = new HttpCallback(std::move(callback));
    emscripten_fetch(&attr, std::string(url).c_str());
}

double NowSeconds() { return emscripten_get_now() / 1000.0; }

std::string NowIsoUtc() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void PublishUi(std::string_view json, int frame) {
    if (!json.empty()) JsPublishUi(std::string(json).c_str());
    JsPublishFrame(frame);
}

void HideLoadingScreen() { JsHideLoadingScreen(); }

void ShowFatalError(std::string_view message) { JsShowFatalError(std::string(message).c_str()); }

}  // namespace tandem::platform
