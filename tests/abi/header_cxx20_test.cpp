// plugin.h as C++20 under -Werror, with the v1 layout, and PB_HAS_MEMBER
// agreeing between the C and C++ compilers.
#include <gtest/gtest.h>
#include <plugboard/plugin.h>

#include <cstddef>

#include "abi_v1_layout.h"
#include "header_c11.h"

namespace {

pb_host_api api_of_size(std::size_t size) {
    pb_host_api api{};
    api.struct_size = static_cast<std::uint32_t>(size);
    return api;
}

TEST(AbiHeader, EntrySymbolIsVersionOne) {
    EXPECT_STREQ(PB_ENTRY_SYMBOL, "plugboard_plugin_entry_v1");
}

TEST(AbiHeader, HasMemberSeesAFullTable) {
    const pb_host_api api = api_of_size(sizeof(pb_host_api));
    EXPECT_TRUE(PB_HAS_MEMBER(&api, pb_host_api, ask_client));
    EXPECT_EQ(pb_test_c_host_has_ask_client(&api), 1);
}

TEST(AbiHeader, HasMemberRefusesAMemberPastStructSize) {
    const pb_host_api api = api_of_size(offsetof(pb_host_api, ask_client));
    EXPECT_FALSE(PB_HAS_MEMBER(&api, pb_host_api, ask_client));
    EXPECT_TRUE(PB_HAS_MEMBER(&api, pb_host_api, unregister_item));
    EXPECT_EQ(pb_test_c_host_has_ask_client(&api), 0);
}

TEST(AbiHeader, HasMemberRefusesAPartlyCoveredMember) {
    const pb_host_api api = api_of_size(offsetof(pb_host_api, ask_client) + 4);
    EXPECT_FALSE(PB_HAS_MEMBER(&api, pb_host_api, ask_client));
    EXPECT_EQ(pb_test_c_host_has_ask_client(&api), 0);
}

}  // namespace
