// The baseline for the HTTP ratios in docs/performance.md: bare cpp-httplib answering "hello",
// built from the same header, defines and flags as tandem (it links the same httplib target),
// with httplib's own thread pool sized as tandem's default (16 workers).
//
//   build/tests/bench/hello_server PORT
#include <cstdio>
#include <cstdlib>
#include <httplib.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: hello_server PORT\n");
        return 2;
    }
    httplib::Server server;
    server.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server.set_tcp_nodelay(true);
    server.Get("/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello\n", "text/plain"); });
    return server.listen("127.0.0.1", std::atoi(argv[1])) ? 0 : 1;
}
