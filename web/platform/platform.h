// What the dashboard needs from the browser: a GL canvas with ImGui, the URL hash, local
// settings, HTTP, the event stream and the clock. Implemented for Emscripten in platform_web.cpp,
// the only file that talks to the browser directly.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem::platform {

// Creates the WebGL2 context and the ImGui context with its GLFW and OpenGL3 backends.
bool Init();
// Runs `frame` once per display refresh; never returns.
[[noreturn]] void RunLoop(void (*frame)());

// What happened since the previous call, for deciding whether a frame needs drawing: user input
// (pointer, wheel, keys, focus), or news (a response, a stream event, a URL or canvas size change,
// RequestFrame, or window.tandemRedraw() from a tool that waits for fresh frames).
struct Activity {
    bool input = false;
    bool news = false;
};
Activity TakeActivity();
// Asks for the next frame to be drawn even if nothing happens meanwhile (animations).
void RequestFrame();

// Sizes the canvas backbuffer to its CSS size times the device pixel ratio; returns the ratio,
// which the UI scales fonts and sizes by (so text is rasterised at the screen's resolution). A
// change of either counts as news.
float UpdateCanvasSize();
// Starts an ImGui frame in device pixels.
void BeginFrame();
void EndFrame(float clear_r, float clear_g, float clear_b);
// The ratio the current frame is drawn at.
float PixelRatio();
// Called after the font atlas is rebuilt (e.g. the window moved to a screen of another ratio).
void ReloadFontTexture();

std::string UrlHash();
// Sets the hash as a new history entry, so the back button returns to the previous view.
void SetUrlHash(std::string_view hash);
// True once after the user changed the hash (typed, back/forward, link).
bool TakeHashChanged();
// Leaves the dashboard for `url` in this tab (the identity provider's sign-in page).
void GoTo(std::string_view url);

std::string LoadSetting(std::string_view key);
void SaveSetting(std::string_view key, std::string_view value);

struct HttpResponse {
    int status = 0;              // 0: no response (network error or server unreachable)
    std::string body;
};
using HttpCallback = std::function<void(HttpResponse)>;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;
// Sends a request to this origin; the callback runs later on the main thread. `headers` are sent
// besides the JSON ones (e.g. If-Match).
void Fetch(std::string_view method, std::string_view url, std::string_view body, HttpCallback callback,
           const HttpHeaders& headers = {});

// The server's event stream (EventSource, which reconnects and resumes by itself). Events and
// connection changes are delivered through the callbacks on the main thread.
using StreamEvent = std::function<void(std::string_view type, std::string_view data)>;
using StreamState = std::function<void(bool open)>;
void OpenEventStream(std::string_view url, StreamEvent on_event, StreamState on_state);
void CloseEventStream();

void CopyToClipboard(std::string_view text);

// The URL of a bundle file by its original name ("fonts/x.otf"): the bundle hashes names.
std::string AssetUrl(std::string_view name);
// Offers `content` to the user as a file download.
void DownloadFile(std::string_view filename, std::string_view mime, std::string_view content);
// Saves what the canvas shows as a PNG download; call right after EndFrame, while the frame is
// still in the drawing buffer.
void DownloadCanvasPng(std::string_view filename);

double NowSeconds();
// Seconds since 1970 (wall clock), for ages and countdowns.
double WallSeconds();
std::string NowIsoUtc();

// Publishes the on-screen text and hit boxes of labelled widgets (in CSS pixels) as
// window.tandemUi, for assistive tools and the browser tests. `mirror_ms` is what recording the
// mirror cost the frame, for tests/bench (window.tandemMirrorCosts, when a bench has made it).
void PublishUi(std::string_view json, int frame, double mirror_ms);
// Hides the page's loading indicator once the first frame is drawn.
void HideLoadingScreen();
// Replaces the loading indicator with a message when the dashboard cannot start.
void ShowFatalError(std::string_view message);

}  // namespace tandem::platform
