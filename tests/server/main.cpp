// doctest entry point for the server integration tests.
#define DOCTEST_CONFIG_IMPLEMENT
#include <csignal>
#include <doctest/doctest.h>

int main(int argc, char** argv) {
    // A server that refuses a large body closes the socket while the client is still sending it;
    // that must be an error the test sees, not a signal that kills the test run.
    std::signal(SIGPIPE, SIG_IGN);
    return doctest::Context(argc, argv).run();
}
