// The SMTP URL's parts and defaults, the retry schedule, and a composed message's headers (the
// whole message is read back by npm mailparser in tests/server/test_mail.cpp).
#include <doctest/doctest.h>

#include <string>

#include "mail/mailer.h"
#include "mail/message.h"
#include "mail/smtp.h"

using namespace tandem::mail;

TEST_CASE("an SMTP URL gives host, port, TLS and credentials, with the usual ports by default") {
    SmtpSettings plain = ParseSmtpUrl("smtp://mail.example.com");
    CHECK(plain.host == "mail.example.com");
    CHECK(plain.port == 25);
    CHECK_FALSE(plain.implicit_tls);
    CHECK(plain.user.empty());
    SmtpSettings submission = ParseSmtpUrl("smtp://tandem%40example.com:p%40ss%3Aw%2Frd@smtp.example.com");
    CHECK(submission.port == 587);
    CHECK(submission.user == "tandem@example.com");
    CHECK(submission.password == "p@ss:w/rd");
    CHECK(submission.host == "smtp.example.com");
    SmtpSettings tls = ParseSmtpUrl("smtps://u:p@[2001:db8::25]");
    CHECK(tls.implicit_tls);
    CHECK(tls.port == 465);
    CHECK(tls.host == "2001:db8::25");
    SmtpSettings explicit_port = ParseSmtpUrl("smtp://u:p@10.0.0.5:2525/");
    CHECK(explicit_port.host == "10.0.0.5");
    CHECK(explicit_port.port == 2525);
    CHECK_THROWS_WITH(ParseSmtpUrl("mailto:x@example.com"), "--smtp-url must start with smtp:// or smtps://");
    CHECK_THROWS_WITH(ParseSmtpUrl("smtp://host:99999"), "--smtp-url: the port must be 1 to 65535");
    CHECK_THROWS_WITH(ParseSmtpUrl("smtp://host:25x"), "--smtp-url: the port must be 1 to 65535");
    CHECK_THROWS_WITH(ParseSmtpUrl("smtp://u:p@"), "--smtp-url names no host");
}

TEST_CASE("an email is retried after 1 min, 5 min, 30 min, 2 h, then every 6 h, scaled for tests") {
    CHECK(MailRetryDelayMs(1, 60000) == 60'000);
    CHECK(MailRetryDelayMs(2, 60000) == 300'000);
    CHECK(MailRetryDelayMs(3, 60000) == 1'800'000);
    CHECK(MailRetryDelayMs(4, 60000) == 7'200'000);
    CHECK(MailRetryDelayMs(5, 60000) == 21'600'000);
    CHECK(MailRetryDelayMs(9, 60000) == 21'600'000);
    CHECK(MailRetryDelayMs(2, 100) == 500);
}

TEST_CASE("a composed email has one header per line, a non-ASCII subject in encoded words, and both parts") {
    Mail mail{"rita@example.com", "Zürich: ready\r\nBcc: everyone@example.com", "Text", "<p>HTML</p>"};
    std::string message = Compose(mail, "tandem@example.com", 1796601600);   // 2026-12-07 00:00:00 UTC
    std::string headers = message.substr(0, message.find("\r\n\r\n"));
    CHECK(headers.find("Date: Mon, 07 Dec 2026 00:00:00 +0000\r\n") == 0);
    CHECK(headers.find("From: Tandem <tandem@example.com>\r\n") != std::string::npos);
    CHECK(headers.find("To: <rita@example.com>\r\n") != std::string::npos);
    // "Zürich: ready  Bcc: everyone@example.com": the line break cannot start a header of its own.
    CHECK(headers.find("Subject: =?UTF-8?B?WsO8cmljaDogcmVhZHkgIEJjYzogZXZlcnlvbmVAZXhhbXBsZS5jb20=?=\r\n") !=
          std::string::npos);
    CHECK(headers.find("\r\nBcc:") == std::string::npos);
    CHECK(headers.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
    CHECK(headers.find("MIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(message.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nVGV4dA==\r\n") !=
          std::string::npos);
    CHECK(message.find("Content-Type: text/html; charset=utf-8") != std::string::npos);
    // A longer one in words of at most 45 bytes, cut between characters, on folded lines.
    std::string long_subject;
    for (int i = 0; i < 12; ++i) long_subject += "Ünïcödé ";   // 12 x 12 bytes
    std::string folded = Compose({"a@b.c", long_subject, "", ""}, "t@b.c", 0);
    folded = folded.substr(folded.find("Subject: "), folded.find("\r\nMessage-ID") - folded.find("Subject: "));
    CHECK(folded == "Subject: =?UTF-8?B?w5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zk?=\r\n"
                    " =?UTF-8?B?w6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69j?=\r\n"
                    " =?UTF-8?B?w7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xuw69jw7Zkw6kgw5xu?=\r\n"
                    " =?UTF-8?B?w69jw7Zkw6kg?=");
    CHECK(HtmlEscaped("<a href=\"x\">Tom & 'Jerry'</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}
