// The repositories' anonymous `?` placeholders as PostgreSQL's numbered ones.
#include <doctest/doctest.h>

#include "store/postgres/pg_connection.h"

using tandem::store::postgres::NumberPlaceholders;

TEST_CASE("each ? becomes $1, $2, ... in order") {
    int count = -1;
    CHECK(NumberPlaceholders("UPDATE leads SET name = ?, stage = ? WHERE id = ?", count) ==
          "UPDATE leads SET name = $1, stage = $2 WHERE id = $3");
    CHECK(count == 3);
    CHECK(NumberPlaceholders("SELECT 1", count) == "SELECT 1");
    CHECK(count == 0);
}

TEST_CASE("a ? inside a literal, a quoted identifier or a comment stays as it is") {
    int count = -1;
    CHECK(NumberPlaceholders("SELECT '?', 'it''s ?', \"a?\" FROM t WHERE x = ? -- why?\nAND y = ?", count) ==
          "SELECT '?', 'it''s ?', \"a?\" FROM t WHERE x = $1 -- why?\nAND y = $2");
    CHECK(count == 2);
    // An unterminated literal is the server's to refuse; nothing in it is a parameter.
    CHECK(NumberPlaceholders("SELECT 'open ?", count) == "SELECT 'open ?");
    CHECK(count == 0);
}
