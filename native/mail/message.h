// An email as RFC 5322 and MIME write it: a text part and an HTML part of the same message
// (multipart/alternative), UTF-8 throughout, so every mail client shows one of them well.
#pragma once

#include <string>

#include "tandem/time.h"

namespace tandem::mail {

struct Mail {
    std::string to;        // one address
    std::string subject;
    std::string text;      // the plain-text part
    std::string html;      // the HTML part (a whole document's body content)
};

// The message to hand to Send: headers (Date, From "Tandem <from>", To, Subject, Message-ID,
// Auto-Submitted) and both parts, base64-encoded, CRLF line ends. `unsubscribe`, if not empty, is
// the dashboard page where the recipient turns this kind of email off (List-Unsubscribe).
std::string Compose(const Mail& mail, const std::string& from, Timestamp now, const std::string& unsubscribe = {});

// Escapes text for HTML: & < > " '.
std::string HtmlEscaped(const std::string& text);
// Text whose paragraphs are separated by blank lines, as HTML paragraphs, escaped.
std::string HtmlParagraphs(const std::string& text);

}  // namespace tandem::mail
