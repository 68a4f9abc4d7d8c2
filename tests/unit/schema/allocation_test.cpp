// A valid instance is checked without touching the heap (for schemas without regexes,
// unevaluated* or long uniqueItems arrays), so validation adds no allocator traffic per call.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

namespace {

thread_local bool counting_allocations = false;
thread_local std::size_t allocation_count = 0;

}  // namespace

void* operator new(std::size_t size) {
    if (counting_allocations) ++allocation_count;
    if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
    throw std::bad_alloc();
}

// The nothrow forms too: libraries such as simdjson allocate with them, and
// under AddressSanitizer a new from the sanitizer's runtime must not meet a
// free() from here.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (counting_allocations) ++allocation_count;
    return std::malloc(size == 0 ? 1 : size);
}

void operator delete(void* memory, const std::nothrow_t&) noexcept {
    std::free(memory);
}

void operator delete(void* memory) noexcept {
    std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
    std::free(memory);
}

namespace plugboard::schema {
namespace {

std::size_t allocations_during(const auto& action) {
    allocation_count = 0;
    counting_allocations = true;
    action();
    counting_allocations = false;
    return allocation_count;
}

TEST(Allocations, ValidInstanceNeedsNoHeap) {
    const auto validator = test_support::compile_json(R"({
        "type": "object",
        "properties": {
            "city": {"type": "string", "minLength": 1, "maxLength": 80},
            "unit": {"enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer", "minimum": 1, "maximum": 14},
            "points": {"type": "array", "maxItems": 10, "uniqueItems": true,
                       "items": {"type": "object", "properties": {"lat": {"type": "number"},
                                 "lon": {"type": "number"}}, "required": ["lat", "lon"],
                                 "additionalProperties": false}},
            "mode": {"anyOf": [{"const": "fast"}, {"type": "integer"}]},
            "shape": {"oneOf": [{"required": ["r"]}, {"required": ["w", "h"]}]},
            "opts": {"$ref": "#/$defs/opts"}
        },
        "required": ["city"],
        "if": {"required": ["days"]},
        "then": {"required": ["unit"]},
        "$defs": {"opts": {"type": "object", "dependentRequired": {"a": ["b"]}}}
    })");
    ASSERT_NE(validator, nullptr);
    const test_support::ParsedInstance instance(R"({
        "city": "Zürich", "unit": "celsius", "days": 3.0,
        "points": [{"lat": 47.3, "lon": 8.5}, {"lat": 46.2, "lon": 6.1}],
        "mode": 2, "shape": {"w": 1, "h": 2}, "opts": {"a": 1, "b": 2}
    })");
    bool valid = false;
    EXPECT_EQ(allocations_during([&] { valid = validator->is_valid(instance.root()); }), 0U);
    EXPECT_TRUE(valid);
    std::size_t error_count = 1;
    EXPECT_EQ(
        allocations_during([&] { error_count = validator->validate(instance.root()).size(); }), 0U);
    EXPECT_EQ(error_count, 0U);
}

TEST(Allocations, InvalidInstanceAllocatesOnlyForItsErrors) {
    const auto validator = test_support::compile_json(R"({"required": ["city"]})");
    ASSERT_NE(validator, nullptr);
    const test_support::ParsedInstance instance("{}");
    std::size_t error_count = 0;
    EXPECT_GT(
        allocations_during([&] { error_count = validator->validate(instance.root()).size(); }), 0U);
    EXPECT_EQ(error_count, 1U);
}

}  // namespace
}  // namespace plugboard::schema
