// The browser platform: GLFW/WebGL2 canvas, hash routing, localStorage, fetch, time.
#include "platform/platform.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <chrono>
#include <cmath>
#include <ctime>
#include <utility>
#include <emscripten.h>
#include <emscripten/fetch.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "platform/login_form.h"
#include "platform/text_input.h"

namespace tandem::platform {

namespace {

GLFWwindow* g_window = nullptr;
float g_pixel_ratio = 1.0f;
int g_width = 0;
int g_height = 0;
bool g_hash_changed = false;
Activity g_activity{false, true};   // the first frame has news: everything

// Input is noticed on the window, in the capture phase, before GLFW's handlers see it.
EM_JS(void, JsInstallActivityListeners, (), {
    var input = function() { Module._tandem_input(); };
    ["pointerdown", "pointerup", "pointermove", "wheel", "keydown", "keyup", "touchstart", "touchmove", "touchend",
     "focus", "blur", "input", "compositionend", "paste"].forEach(function(type) {
        window.addEventListener(type, input, {capture: true, passive: true});
    });
    document.addEventListener("visibilitychange", function() { Module._tandem_news(); });
    window.tandemRedraw = function() { Module._tandem_news(); };
});

EM_JS(void, JsInstallHashListener, (), {
    window.addEventListener('hashchange', function() { Module._tandem_hash_changed(); });
});

EM_JS(char*, JsUrlHash, (), { return allocateUTF8(window.location.hash); });

EM_JS(void, JsSetUrlHash, (const char* hash), {
    var value = UTF8ToString(hash);
    if (window.location.hash !== value) window.location.hash = value;
});

EM_JS(void, JsGoTo, (const char* url), {
    window.location.assign(UTF8ToString(url));
});

EM_JS(char*, JsLoadSetting, (const char* key), {
    var value = null;
    try { value = window.localStorage.getItem("tandem." + UTF8ToString(key)); } catch (e) {}
    return allocateUTF8(value === null ? "" : value);
});

EM_JS(void, JsSaveSetting, (const char* key, const char* value), {
    try { window.localStorage.setItem("tandem." + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(void, JsPublishUi, (const char* json, int length), {
    var started = performance.now();
    window.tandemUi = JSON.parse(UTF8ToString(json, length));
    window.tandemA11y(window.tandemUi);   // web/a11y.js
    Module.mirrorJsMs = performance.now() - started;
});
EM_JS(void, JsPublishFrame, (int frame, double mirror_ms), {
    if (window.tandemUi) window.tandemUi.frame = frame;
    if (window.tandemMirrorCosts) window.tandemMirrorCosts.push({frame: frame, wasm: mirror_ms, js: Module.mirrorJsMs || 0});
    Module.mirrorJsMs = 0;
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

// The event types the server sends; EventSource needs a listener per named type.
EM_JS(void, JsOpenEventStream, (const char* url), {
    if (window.tandemEvents) window.tandemEvents.close();
    var source = new EventSource(UTF8ToString(url));
    window.tandemEvents = source;
    var types = ["hello", "reset", "lead", "leads", "campaign", "feedback", "scorecard", "definition", "presence",
                 "notification", "session-ended"];
    types.forEach(function(type) {
        source.addEventListener(type, function(event) {
            var typePtr = allocateUTF8(type);
            var dataPtr = allocateUTF8(event.data || "");
            Module._tandem_stream_event(typePtr, dataPtr);
            _free(typePtr);
            _free(dataPtr);
        });
    });
    source.onopen = function() { Module._tandem_stream_state(1); };
    source.onerror = function() { Module._tandem_stream_state(0); };
});

EM_JS(void, JsCloseEventStream, (), {
    if (window.tandemEvents) {
        window.tandemEvents.close();
        window.tandemEvents = null;
    }
});

EM_JS(void, JsCopyToClipboard, (const char* text), {
    var value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(function() {});
});

EM_JS(char*, JsAssetUrl, (const char* name), {
    var key = UTF8ToString(name);
    return allocateUTF8((window.tandemAssets && window.tandemAssets[key]) || key);
});

EM_JS(void, JsDownload, (const char* name, const char* mime, const char* data, int size), {
    var bytes = HEAPU8.slice(data, data + size);
    var url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
    var link = document.createElement("a");
    link.href = url;
    link.download = UTF8ToString(name);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 10000);
});

EM_JS(void, JsDownloadCanvas, (const char* name), {
    var link = document.createElement("a");
    link.href = Module.canvas.toDataURL("image/png");
    link.download = UTF8ToString(name);
    document.body.appendChild(link);
    link.click();
    link.remove();
});

EM_BOOL OnWheel(int, const EmscriptenWheelEvent* event, void*) {
    // As the backend does: 100 pixels, 3 lines or 1/80 page make one step.
    float multiplier = event->deltaMode == DOM_DELTA_PIXEL ? 1.0f / 100.0f
                       : event->deltaMode == DOM_DELTA_LINE ? 1.0f / 3.0f
                                                            : 80.0f;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(event->deltaX) * -multiplier,
                                      static_cast<float>(event->deltaY) * -multiplier);
    return EM_TRUE;
}

StreamEvent g_on_event;
StreamState g_on_state;

std::string TakeJsString(char* text) {
    std::string out = text ? text : "";
    free(text);
    return out;
}

// Lives from the request until its completion: emscripten_fetch keeps pointers to the body and
// headers rather than copies.
struct PendingFetch {
    HttpCallback callback;
    std::string body;
    HttpHeaders headers;
    std::vector<const char*> header_list;   // name, value, ..., nullptr: pointers into `headers`
};

void OnFetchDone(emscripten_fetch_t* fetch) {
    g_activity.news = true;
    auto* pending = static_cast<PendingFetch*>(fetch->userData);
    HttpResponse response;
    response.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0) response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    emscripten_fetch_close(fetch);
    pending->callback(std::move(response));
    delete pending;
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_hash_changed() {
    g_hash_changed = true;
    g_activity.news = true;
}

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_input() { g_activity.input = true; }

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_news() { g_activity.news = true; }

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_stream_event(const char* type, const char* data) {
    g_activity.news = true;
    if (g_on_event) g_on_event(type, data);
}

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_stream_state(int open) {
    g_activity.news = true;
    if (g_on_state) g_on_state(open != 0);
}

bool Init() {
    InstallTextInput();
    InstallLoginForm();
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
    io.ConfigInputTextCursorBlink = false;   // a blinking caret would need frames while nothing changes
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    ConnectTextInput();
    // The backend listens for the wheel on the document, where Chrome makes listeners passive and
    // refuses its preventDefault with a console error; listen on the canvas instead.
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback("#canvas", nullptr, false, OnWheel);
    JsInstallHashListener();
    JsInstallActivityListeners();
    return true;
}

void RunLoop(void (*frame)()) {
    emscripten_set_main_loop(frame, 0, true);
    __builtin_unreachable();
}

Activity TakeActivity() { return std::exchange(g_activity, Activity{}); }

void RequestFrame() { g_activity.news = true; }

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
        g_activity.news = true;
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
    PlaceTextField(g_pixel_ratio);
    EndLoginFormFrame(g_pixel_ratio);
}

float PixelRatio() { return g_pixel_ratio; }

void ReloadFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

std::string UrlHash() { return TakeJsString(JsUrlHash()); }

void SetUrlHash(std::string_view hash) { JsSetUrlHash(std::string(hash).c_str()); }

void GoTo(std::string_view url) { JsGoTo(std::string(url).c_str()); }

bool TakeHashChanged() {
    bool changed = g_hash_changed;
    g_hash_changed = false;
    return changed;
}

std::string LoadSetting(std::string_view key) { return TakeJsString(JsLoadSetting(std::string(key).c_str())); }

void SaveSetting(std::string_view key, std::string_view value) {
    JsSaveSetting(std::string(key).c_str(), std::string(value).c_str());
}

void Fetch(std::string_view method, std::string_view url, std::string_view body, HttpCallback callback,
           const HttpHeaders& headers) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::string method_text(method);
    std::snprintf(attr.requestMethod, sizeof attr.requestMethod, "%s", method_text.c_str());
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.onsuccess = OnFetchDone;
    attr.onerror = OnFetchDone;
    attr.timeoutMSecs = 15000;
    auto* pending = new PendingFetch{std::move(callback), std::string(body), headers, {}};
    pending->header_list = {"Content-Type", "application/json", "Accept", "application/json"};
    for (const auto& [name, value] : pending->headers) {
        pending->header_list.push_back(name.c_str());
        pending->header_list.push_back(value.c_str());
    }
    pending->header_list.push_back(nullptr);
    attr.requestHeaders = pending->header_list.data();
    if (!pending->body.empty()) {
        attr.requestData = pending->body.data();
        attr.requestDataSize = pending->body.size();
    }
    attr.userData = pending;
    emscripten_fetch(&attr, std::string(url).c_str());
}

void OpenEventStream(std::string_view url, StreamEvent on_event, StreamState on_state) {
    g_on_event = std::move(on_event);
    g_on_state = std::move(on_state);
    JsOpenEventStream(std::string(url).c_str());
}

void CloseEventStream() {
    JsCloseEventStream();
    g_on_event = nullptr;
    g_on_state = nullptr;
}

void CopyToClipboard(std::string_view text) { JsCopyToClipboard(std::string(text).c_str()); }

std::string AssetUrl(std::string_view name) { return TakeJsString(JsAssetUrl(std::string(name).c_str())); }

void DownloadFile(std::string_view filename, std::string_view mime, std::string_view content) {
    JsDownload(std::string(filename).c_str(), std::string(mime).c_str(), content.data(), static_cast<int>(content.size()));
}

void DownloadCanvasPng(std::string_view filename) { JsDownloadCanvas(std::string(filename).c_str()); }

double NowSeconds() { return emscripten_get_now() / 1000.0; }

double WallSeconds() { return emscripten_date_now() / 1000.0; }

std::string NowIsoUtc() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void PublishUi(std::string_view json, int frame, double mirror_ms) {
    if (!json.empty()) JsPublishUi(json.data(), static_cast<int>(json.size()));
    JsPublishFrame(frame, mirror_ms);
}

void HideLoadingScreen() { JsHideLoadingScreen(); }

void ShowFatalError(std::string_view message) { JsShowFatalError(std::string(message).c_str()); }

}  // namespace tandem::platform
