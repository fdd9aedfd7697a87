// The sign-in form as a real HTML <form> over the canvas (login_form_web.cpp): browsers and
// password managers fill, save and suggest credentials only for real, visible inputs with
// autocomplete names, and the inputs edit text natively (input methods, paste, selection).
#pragma once

#include <optional>
#include <string>

namespace tandem::platform {

struct Box {
    float x = 0, y = 0, w = 0, h = 0;   // device pixels, as ImGui draws
};

// Shows the form's email and password inputs over these boxes for this frame (the email focused
// when the form appears); a frame that does not place them hides them and empties them.
void PlaceLoginForm(const Box& email, const Box& password, bool dark);
// Both inputs hold something: "Sign in" can be pressed.
bool LoginFormFilled();
// Submits the form as pressing Enter in it does (the canvas's "Sign in" button).
void SubmitLoginForm();

struct Credentials {
    std::string email;
    std::string password;
};
// What the form submitted since the last call; the password input is emptied on submit.
std::optional<Credentials> TakeLoginSubmit();

// Called by the platform after each frame: hides the form if no view placed it.
void EndLoginFormFrame(float pixel_ratio);
// Before glfwInit, with the text field: keys typed into the form stay the form's.
void InstallLoginForm();

}  // namespace tandem::platform
