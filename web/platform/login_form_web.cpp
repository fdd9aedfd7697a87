// The sign-in form's inputs (see login_form.h): created once, shown over the boxes the sign-in view
// reserves for them, and hidden on every other page.
#include "platform/login_form.h"

#include <emscripten.h>
#include <utility>

#include "platform/platform.h"

namespace tandem::platform {

namespace {

// Keys typed into the form are the form's: Tab moves between its inputs and Enter submits it, as
// on any web page. Listeners run in the order added, so this runs before GLFW's (see InstallLoginForm).
EM_JS(void, JsInstallLoginForm, (), {
    var form = document.createElement("form");
    form.id = "tandem-login";
    form.setAttribute("aria-label", "Sign in");
    form.setAttribute("data-native-keys", "");
    form.style.cssText = "display:none;";
    var field = function(id, type, autocomplete, label) {
        var input = document.createElement("input");
        input.id = id;
        input.name = id === "login-email" ? "email" : "password";
        input.type = type;
        input.autocomplete = autocomplete;
        input.required = true;
        input.setAttribute("aria-label", label);
        input.style.cssText = "position:fixed;box-sizing:border-box;margin:0;padding:0 10px;border:1px solid;" +
                              "border-radius:6px;font:15px system-ui,sans-serif;outline-offset:1px;z-index:2;";
        form.appendChild(input);
        return input;
    };
    var email = field("login-email", "email", "username", "Email");
    var password = field("login-password", "password", "current-password", "Password");
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.tabIndex = -1;
    submit.setAttribute("aria-hidden", "true");
    submit.style.cssText = "position:fixed;left:-10000px;width:1px;height:1px;";   // Enter submits a form with one
    form.appendChild(submit);
    form.addEventListener("submit", function(event) {
        event.preventDefault();
        var e = allocateUTF8(email.value);
        var p = allocateUTF8(password.value);
        Module._tandem_login_submit(e, p);
        _free(e);
        _free(p);
        password.value = "";   // the password stays only as long as the request needs it
    });
    document.body.appendChild(form);
    ["keydown", "keyup", "keypress"].forEach(function(type) {
        window.addEventListener(type, function(event) {
            if (event.target && event.target.closest && event.target.closest("[data-native-keys]")) event.stopImmediatePropagation();
        }, true);
    });
    Module.tandemLogin = {form: form, email: email, password: password};
});

EM_JS(void, JsShowLoginForm, (int shown, double ex, double ey, double ew, double eh, double px, double py, double pw, double ph,
                              int dark), {
    var login = Module.tandemLogin;
    if (!shown) {
        if (login.form.style.display !== "none") {
            // Signed in, or gone elsewhere: the next person to sign in here starts afresh.
            login.form.style.display = "none";
            login.email.value = "";
            login.password.value = "";
        }
        return;
    }
    var appearing = login.form.style.display === "none";
    login.form.style.display = "block";
    var place = function(input, x, y, w, h) {
        input.style.left = x + "px";
        input.style.top = y + "px";
        input.style.width = w + "px";
        input.style.height = h + "px";
        input.style.background = dark ? "#181D28" : "#FFFFFF";
        input.style.color = dark ? "#E6E9F0" : "#1B2232";
        input.style.borderColor = dark ? "#2D3546" : "#DDE2EC";
    };
    place(login.email, ex, ey, ew, eh);
    place(login.password, px, py, pw, ph);
    if (appearing && (document.activeElement === document.body || document.activeElement === Module.canvas)) {
        login.email.focus({preventScroll: true});
    }
});

EM_JS(int, JsLoginFilled, (), {
    var login = Module.tandemLogin;
    return login.email.value !== "" && login.password.value !== "" ? 1 : 0;
});

EM_JS(void, JsSubmitLoginForm, (), { Module.tandemLogin.form.requestSubmit(); });

bool g_placed = false;
bool g_dark = false;
Box g_email;
Box g_password;
std::optional<Credentials> g_submitted;

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_login_submit(const char* email, const char* password) {
    g_submitted = Credentials{email, password};
    RequestFrame();
}

void InstallLoginForm() { JsInstallLoginForm(); }

void PlaceLoginForm(const Box& email, const Box& password, bool dark) {
    g_placed = true;
    g_email = email;
    g_password = password;
    g_dark = dark;
}

bool LoginFormFilled() { return JsLoginFilled() != 0; }

void SubmitLoginForm() { JsSubmitLoginForm(); }

std::optional<Credentials> TakeLoginSubmit() { return std::exchange(g_submitted, std::nullopt); }

void EndLoginFormFrame(float pixel_ratio) {
    float r = pixel_ratio;
    JsShowLoginForm(g_placed ? 1 : 0, g_email.x / r, g_email.y / r, g_email.w / r, g_email.h / r, g_password.x / r,
                    g_password.y / r, g_password.w / r, g_password.h / r, g_dark ? 1 : 0);
    g_placed = false;
}

}  // namespace tandem::platform
