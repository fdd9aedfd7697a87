// The emails' words.
#include "mail/mails.h"

#include "mail/mail_repo.h"
#include "service/notifications.h"
#include "store/account_repo.h"
#include "tandem/codec.h"

namespace tandem::mail {

Mail PasswordResetMail(const User& user, const User& by, const std::string& url, Timestamp expires_at) {
    Mail mail;
    mail.to = user.email;
    mail.subject = "Set your Tandem password";
    std::string intro = "Hello " + user.name + ",\n\n" + by.name +
                        " made a link for you to set a new Tandem password. It works once, until " +
                        FormatTimestamp(expires_at) + " (UTC).";
    std::string outro = "If you did not ask for this, tell " + by.name + " (" + by.email + ").";
    mail.text = intro + "\n\n" + url + "\n\n" + outro + "\n";
    mail.html = HtmlParagraphs(intro) + "<p><a href=\"" + HtmlEscaped(url) + "\">Set a new password</a></p>" +
                HtmlParagraphs(outro);
    return mail;
}

Mail ContentRequestDoneMail(const User& requester, const User& by, const Feedback& request, const std::string& link) {
    Mail mail;
    mail.to = requester.email;
    mail.subject = "Your content request is done";
    std::string text = "Hello " + requester.name + ",\n\n" + by.name + " finished your content request:\n\n\u201c" +
                       request.text + "\u201d";
    std::string outro = "You get this email because you asked for this content in Tandem.";
    mail.text = text + "\n\n" + (link.empty() ? "" : "Open it in Tandem: " + link + "\n\n") + outro + "\n";
    mail.html = HtmlParagraphs(text) +
                (link.empty() ? "" : "<p><a href=\"" + HtmlEscaped(link) + "\">Open it in Tandem</a></p>") +
                HtmlParagraphs(outro);
    return mail;
}

void QueueContentRequestDone(store::Database& db, const std::string& from, const Feedback& request, const User& by,
                             const std::string& public_url, Timestamp now) {
    std::optional<User> requester = store::FindUser(db, request.author_id);
    if (!requester || !requester->active || OptedOut(db, requester->id, kContentRequests)) return;
    std::string link = public_url.empty() ? "" : public_url + "/" + service::ContentRequestLink(request.id);
    EnqueueMail(db, kContentRequests, requester->email,
                Compose(ContentRequestDoneMail(*requester, by, request, link), from, now), now);
}

}  // namespace tandem::mail
