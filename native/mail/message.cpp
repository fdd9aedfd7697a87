// Writing an email: headers, encoded words and base64 parts.
#include "mail/message.h"

#include <sodium.h>

#include "auth/secrets.h"
#include "http/headers.h"

namespace tandem::mail {

namespace {

// Base64 in lines of 76 characters, as MIME asks.
std::string Base64Lines(std::string_view bytes) {
    std::string encoded = auth::Base64(bytes);
    std::string out;
    for (std::size_t at = 0; at < encoded.size(); at += 76) out += encoded.substr(at, 76) + "\r\n";
    return out;
}

std::string RandomHex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    out.pop_back();
    return out;
}

// A header value: as it is when it is printable ASCII, else RFC 2047 encoded words, each at most
// 45 bytes of UTF-8 (60 characters of base64) cut between characters, on folded lines.
std::string HeaderText(const std::string& text) {
    bool plain = true;
    for (char c : text) plain = plain && c >= 0x20 && c < 0x7F;
    if (plain) return text;
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.size(), at + 45);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + auth::Base64(std::string_view(text).substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

// Header values come from the server's own text and addresses it checked; a line break in one
// would start a header of its own.
std::string OneLine(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '\r' || c == '\n' ? ' ' : c;
    return out;
}

}  // namespace

std::string HtmlEscaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string HtmlParagraphs(const std::string& text) {
    std::string out = "<p>";
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find("\n\n", at);
        if (end == std::string::npos) end = text.size();
        if (at > 0) out += "</p><p>";
        out += HtmlEscaped(text.substr(at, end - at));
        at = end == text.size() ? end : end + 2;
    }
    return out + "</p>";
}

std::string Compose(const Mail& mail, const std::string& from, Timestamp now, const std::string& unsubscribe) {
    std::string date = http::HttpDate(now);
    date.replace(date.size() - 3, 3, "+0000");   // RFC 5322 writes the zone as an offset
    std::string boundary = "=_tandem_" + RandomHex(12);
    std::string out;
    out += "Date: " + date + "\r\n";
    out += "From: Tandem <" + OneLine(from) + ">\r\n";
    out += "To: <" + OneLine(mail.to) + ">\r\n";
    out += "Subject: " + HeaderText(OneLine(mail.subject)) + "\r\n";
    std::string domain = from.substr(from.find('@') + 1);
    out += "Message-ID: <" + RandomHex(16) + "@" + OneLine(domain) + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    // Automatic: no out-of-office replies to it (RFC 3834).
    out += "Auto-Submitted: auto-generated\r\n";
    if (!unsubscribe.empty()) out += "List-Unsubscribe: <" + OneLine(unsubscribe) + ">\r\n";
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(mail.text);
    out += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + mail.html + "</body></html>");
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace tandem::mail
