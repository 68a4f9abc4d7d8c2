#include <gtest/gtest.h>

#include <plugboard/json_c.h>

#include <string>
#include <string_view>

#include "json_c_probe.h"

namespace {

using namespace std::string_literals;

struct Lookup {
    int status;
    std::string value;
};

Lookup find(std::string_view json, const char* key) {
    const char* value = nullptr;
    size_t value_len = 0;
    int status = probe_find(json.data(), json.size(), key, &value, &value_len);
    return {status, status == PB_JSON_OK ? std::string(value, value_len) : std::string()};
}

struct Decoded {
    int status;
    std::string text;
    size_t full_len;
};

Decoded get_string(std::string_view json, const char* key, size_t cap = 256) {
    std::string buf(cap, '\x7f');
    size_t full_len = 12345;
    int status = probe_get_string(json.data(), json.size(), key, buf.data(), cap, &full_len);
    std::string text = cap > 0 ? std::string(buf.c_str()) : std::string();
    return {status, text, full_len};
}

// Decodes a string whose decoded form may hold NUL bytes.
std::string get_bytes(std::string_view json, const char* key) {
    char buf[64];
    size_t len = 0;
    EXPECT_EQ(probe_get_string(json.data(), json.size(), key, buf, sizeof buf, &len), PB_JSON_OK);
    return std::string(buf, len);
}

TEST(JsonCFind, ReturnsTheRawValueSpanOfATopLevelMember) {
    const std::string_view json = R"( { "a" : 1 , "key" : {"x": [1, "}"]} , "b": null } )";
    EXPECT_EQ(find(json, "a").value, "1");
    EXPECT_EQ(find(json, "key").value, R"({"x": [1, "}"]})");
    EXPECT_EQ(find(json, "b").value, "null");
}

TEST(JsonCFind, DoesNotLookInsideNestedObjects) {
    EXPECT_EQ(find(R"({"a":{"key":"inner"},"key":"outer"})", "key").value, R"("outer")");
    EXPECT_EQ(find(R"({"a":{"key":1},"b":["key"]})", "key").status, PB_JSON_NOT_FOUND);
}

TEST(JsonCFind, ChainedLookupsReachNestedMembers) {
    Lookup outer = find(R"({"params":{"arguments":{"message":"hi"}}})", "params");
    ASSERT_EQ(outer.status, PB_JSON_OK);
    Lookup inner = find(outer.value, "arguments");
    ASSERT_EQ(inner.status, PB_JSON_OK);
    EXPECT_EQ(get_string(inner.value, "message").text, "hi");
}

TEST(JsonCFind, ComparesMemberNamesAfterUnescaping) {
    EXPECT_EQ(find(R"({"\u006bey":true})", "key").value, "true");
    EXPECT_EQ(find(R"({"caf\u00e9":1})", "caf\xc3\xa9").value, "1");
    EXPECT_EQ(find(R"({"keys":1,"ke":2})", "key").status, PB_JSON_NOT_FOUND);
}

TEST(JsonCFind, FirstDuplicateWins) {
    EXPECT_EQ(find(R"({"k":1,"k":2})", "k").value, "1");
}

TEST(JsonCFind, MissingKeyInEmptyOrFullObject) {
    EXPECT_EQ(find("{}", "k").status, PB_JSON_NOT_FOUND);
    EXPECT_EQ(find(" { \n } ", "k").status, PB_JSON_NOT_FOUND);
    EXPECT_EQ(find(R"({"a":"k"})", "k").status, PB_JSON_NOT_FOUND);
}

TEST(JsonCFind, RejectsInputThatIsNotAnObject) {
    EXPECT_EQ(find("", "k").status, PB_JSON_MALFORMED);
    EXPECT_EQ(find("   ", "k").status, PB_JSON_MALFORMED);
    EXPECT_EQ(find(R"(["k"])", "k").status, PB_JSON_MALFORMED);
    EXPECT_EQ(find(R"("k")", "k").status, PB_JSON_MALFORMED);
    const char* value = nullptr;
    size_t value_len = 0;
    EXPECT_EQ(probe_find(nullptr, 0, "k", &value, &value_len), PB_JSON_MALFORMED);
}

TEST(JsonCFind, RejectsMalformedMembersBeforeTheKey) {
    const char* cases[] = {
        R"({"a" 1,"k":1})",
        R"({"a":,"k":1})",
        R"({"a":1,,"k":1})",
        R"({"a":1,})",
        R"({a:1,"k":1})",
        R"({"a":tru,"k":1})",
        R"({"a":01,"k":1})",
        R"({"a":1.,"k":1})",
        R"({"a":1e,"k":1})",
        R"({"a":-,"k":1})",
        R"({"a":"x\q","k":1})",
        R"({"a":"\u12G4","k":1})",
        R"({"a":[1,2,"k":1})",
        R"({"a":{"b"},"k":1})",
        R"({"a":"unterminated)",
        R"({"a":"\u12)",
        R"({"a":1)",
        R"({"a":1 "k":1})",
        "{\"a\":\"tab\there\",\"k\":1}",
    };
    for (const char* json : cases) {
        EXPECT_EQ(find(json, "k").status, PB_JSON_MALFORMED) << json;
    }
}

TEST(JsonCFind, ReadsOnlyAsFarAsTheFoundValue) {
    EXPECT_EQ(find(R"({"k":"v", garbage)", "k").value, R"("v")");
    EXPECT_EQ(find(R"({"k":"v")", "k").value, R"("v")");
}

TEST(JsonCFind, LimitsNesting) {
    auto nested = [](int depth) {
        return R"({"a":)" + std::string(depth, '[') + std::string(depth, ']') + R"(,"k":1})";
    };
    EXPECT_EQ(find(nested(PB_JSON_MAX_DEPTH - 1), "k").value, "1");
    EXPECT_EQ(find(nested(PB_JSON_MAX_DEPTH), "k").status, PB_JSON_MALFORMED);
    EXPECT_EQ(find(nested(100000), "k").status, PB_JSON_MALFORMED);
}

TEST(JsonCGetString, DecodesSimpleEscapes) {
    Decoded d = get_string(R"({"k":"q\" b\\ s\/ \b\f\n\r\t"})", "k");
    EXPECT_EQ(d.status, PB_JSON_OK);
    EXPECT_EQ(d.text, "q\" b\\ s/ \b\f\n\r\t");
    EXPECT_EQ(d.full_len, d.text.size());
}

TEST(JsonCGetString, DecodesUnicodeEscapesToUtf8) {
    EXPECT_EQ(get_string(R"({"k":"\u0041\u00e9\u20AC"})", "k").text, "A\xc3\xa9\xe2\x82\xac");
    EXPECT_EQ(get_string(R"({"k":"\uD83D\uDE00"})", "k").text, "\xf0\x9f\x98\x80");
    EXPECT_EQ(get_string(R"({"k":"\udbff\udfff"})", "k").text, "\xf4\x8f\xbf\xbf");
}

TEST(JsonCGetString, ReplacesLoneSurrogates) {
    const std::string replacement = "\xef\xbf\xbd";
    EXPECT_EQ(get_string(R"({"k":"\ud83dx"})", "k").text, replacement + "x");
    EXPECT_EQ(get_string(R"({"k":"\ud83d"})", "k").text, replacement);
    EXPECT_EQ(get_string(R"({"k":"\ude00\ud83d"})", "k").text, replacement + replacement);
    EXPECT_EQ(get_string(R"({"k":"\ud83d\u0041"})", "k").text, replacement + "A");
}

TEST(JsonCGetString, CopiesRawUtf8AndKeepsNulBytes) {
    EXPECT_EQ(get_string("{\"k\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\"}", "k").text,
              "caf\xc3\xa9 \xf0\x9f\x98\x80");
    EXPECT_EQ(get_bytes(R"({"k":"a\u0000b"})", "k"), "a\0b"s);
}

TEST(JsonCGetString, ReportsTheFullLengthWhenTruncated) {
    Decoded d = get_string(R"({"k":"hello"})", "k", 4);
    EXPECT_EQ(d.status, PB_JSON_TRUNCATED);
    EXPECT_EQ(d.text, "hel");
    EXPECT_EQ(d.full_len, 5u);

    d = get_string(R"({"k":"hello"})", "k", 5);
    EXPECT_EQ(d.status, PB_JSON_TRUNCATED);
    EXPECT_EQ(d.text, "hell");

    d = get_string(R"({"k":"hello"})", "k", 6);
    EXPECT_EQ(d.status, PB_JSON_OK);
    EXPECT_EQ(d.text, "hello");
}

// Plain runs are copied whole when they fit; the cut still lands between
// characters when one does not.
TEST(JsonCGetString, TruncatesAcrossPlainRunsAndEscapes) {
    Decoded d = get_string(R"({"k":"abc\ndef"})", "k", 6);
    EXPECT_EQ(d.status, PB_JSON_TRUNCATED);
    EXPECT_EQ(d.text, "abc\nd");
    EXPECT_EQ(d.full_len, 7u);

    d = get_string(R"({"k":"abc\ndef"})", "k", 8);
    EXPECT_EQ(d.status, PB_JSON_OK);
    EXPECT_EQ(d.text, "abc\ndef");
}

TEST(JsonCGetString, MeasuresWithoutABuffer) {
    size_t full_len = 0;
    const std::string_view json = R"({"k":"\u20ac!"})";
    EXPECT_EQ(probe_get_string(json.data(), json.size(), "k", nullptr, 0, &full_len),
              PB_JSON_TRUNCATED);
    EXPECT_EQ(full_len, 4u);
}

TEST(JsonCGetString, NeverSplitsAUtf8Sequence) {
    // "é€" is 2 + 3 bytes; a 5-byte buffer holds "é" and the NUL, not half of "€".
    Decoded escaped = get_string(R"({"k":"\u00e9\u20ac"})", "k", 5);
    EXPECT_EQ(escaped.status, PB_JSON_TRUNCATED);
    EXPECT_EQ(escaped.text, "\xc3\xa9");
    EXPECT_EQ(escaped.full_len, 5u);

    Decoded raw = get_string("{\"k\":\"\xc3\xa9\xe2\x82\xac\"}", "k", 5);
    EXPECT_EQ(raw.status, PB_JSON_TRUNCATED);
    EXPECT_EQ(raw.text, "\xc3\xa9");
}

TEST(JsonCGetString, ReportsOtherTypesAndMissingKeys) {
    Decoded d = get_string(R"({"k":42})", "k");
    EXPECT_EQ(d.status, PB_JSON_WRONG_TYPE);
    EXPECT_EQ(d.text, "");
    EXPECT_EQ(d.full_len, 0u);
    EXPECT_EQ(get_string(R"({"k":null})", "k").status, PB_JSON_WRONG_TYPE);
    EXPECT_EQ(get_string(R"({"k":["a"]})", "k").status, PB_JSON_WRONG_TYPE);
    d = get_string(R"({"j":"v"})", "k");
    EXPECT_EQ(d.status, PB_JSON_NOT_FOUND);
    EXPECT_EQ(d.full_len, 0u);
    EXPECT_EQ(get_string(R"({"k":"v)", "k").status, PB_JSON_MALFORMED);
}

TEST(JsonCDecodeString, TakesExactlyOneStringToken) {
    char buf[16];
    size_t len = 0;
    EXPECT_EQ(probe_decode_string("\"a\\nb\"", 6, buf, sizeof buf, &len), PB_JSON_OK);
    EXPECT_EQ(std::string(buf, len), "a\nb");
    EXPECT_EQ(probe_decode_string("\"\"", 2, buf, sizeof buf, &len), PB_JSON_OK);
    EXPECT_EQ(len, 0u);
    EXPECT_EQ(probe_decode_string("12", 2, buf, sizeof buf, &len), PB_JSON_WRONG_TYPE);
    EXPECT_EQ(probe_decode_string("\"a\" ", 4, buf, sizeof buf, &len), PB_JSON_MALFORMED);
    EXPECT_EQ(probe_decode_string("\"a", 2, buf, sizeof buf, &len), PB_JSON_MALFORMED);
    EXPECT_EQ(probe_decode_string("", 0, buf, sizeof buf, &len), PB_JSON_MALFORMED);
}

TEST(JsonCGetNumber, ConvertsJsonNumbers) {
    double value = 0;
    const std::string_view json = R"({"i":42,"n":-1.5e3,"f":0.25,"s":"7","b":true})";
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "i", &value), PB_JSON_OK);
    EXPECT_EQ(value, 42.0);
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "n", &value), PB_JSON_OK);
    EXPECT_EQ(value, -1500.0);
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "f", &value), PB_JSON_OK);
    EXPECT_EQ(value, 0.25);
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "s", &value), PB_JSON_WRONG_TYPE);
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "b", &value), PB_JSON_WRONG_TYPE);
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "missing", &value), PB_JSON_NOT_FOUND);
    const std::string_view broken = R"({"n":-})";
    EXPECT_EQ(probe_get_number(broken.data(), broken.size(), "n", &value), PB_JSON_MALFORMED);
}

TEST(JsonCGetNumber, RejectsOverlongNumbers) {
    double value = 0;
    const std::string json = R"({"n":)" + std::string(64, '1') + "}";
    EXPECT_EQ(probe_get_number(json.data(), json.size(), "n", &value), PB_JSON_MALFORMED);
    const std::string fits = R"({"n":)" + std::string(63, '1') + "}";
    EXPECT_EQ(probe_get_number(fits.data(), fits.size(), "n", &value), PB_JSON_OK);
    EXPECT_GT(value, 1e62);
}

TEST(JsonCWriter, EscapesQuotesBackslashesAndControlCharacters) {
    char buf[128];
    int complete = 0;
    const std::string input = "say \"hi\"\\\n\t\r\b\f\x01\x1f\x7f\0end \xc3\xa9"s;
    size_t len = probe_write_text_object(buf, sizeof buf, input.data(), input.size(), &complete);
    const std::string expected = R"({"text":"say \"hi\"\\\n\t\r\b\f\u0001\u001f)"
                                 "\x7f"
                                 R"(\u0000end )"
                                 "\xc3\xa9\"}";
    EXPECT_TRUE(complete);
    EXPECT_EQ(std::string(buf), expected);
    EXPECT_EQ(len, expected.size());
}

TEST(JsonCWriter, RoundTripsThroughTheReader) {
    char buf[128];
    int complete = 0;
    const std::string input = "line\n\"q\"\\ \xe2\x82\xac\x02\0"s;
    probe_write_text_object(buf, sizeof buf, input.data(), input.size(), &complete);
    ASSERT_TRUE(complete);
    EXPECT_EQ(get_bytes(buf, "text"), input);
}

TEST(JsonCWriter, BuildsOneStringFromEscapedPieces) {
    char buf[64];
    int complete = 0;
    size_t len = probe_write_two_pieces(buf, sizeof buf, "Hello, \"", 8, "A\nB\"!", 5, &complete);
    EXPECT_TRUE(complete);
    EXPECT_EQ(std::string(buf, len), R"("Hello, \"A\nB\"!")");
}

TEST(JsonCWriter, CountsWhatDidNotFitAndStaysTerminated) {
    char buf[8];
    int complete = 1;
    size_t needed = probe_write_text_object(buf, sizeof buf, "abc\n", 4, &complete);
    EXPECT_FALSE(complete);
    EXPECT_EQ(needed, std::string(R"({"text":"abc\n"})").size());
    EXPECT_EQ(std::string(buf), R"({"text")");

    std::string bigger(needed + 1, '\0');
    probe_write_text_object(bigger.data(), bigger.size(), "abc\n", 4, &complete);
    EXPECT_TRUE(complete);
    EXPECT_EQ(std::string(bigger.c_str()), R"({"text":"abc\n"})");

    // Exactly the length without room for the NUL is still too small.
    std::string exact(needed, '\0');
    probe_write_text_object(exact.data(), exact.size(), "abc\n", 4, &complete);
    EXPECT_FALSE(complete);
}

TEST(JsonCWriter, MeasuresWithoutABuffer) {
    int complete = 1;
    EXPECT_EQ(probe_write_text_object(nullptr, 0, "x", 1, &complete),
              std::string(R"({"text":"x"})").size());
    EXPECT_FALSE(complete);
}

}  // namespace
