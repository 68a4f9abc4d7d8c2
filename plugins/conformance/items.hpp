// The items the conformance suite's server scenarios exercise, by group.
#pragma once

#include <vector>

#include "context.hpp"
#include "host_calls.hpp"

namespace plugboard::conformance {

// test_simple_text, test_image_content, test_audio_content,
// test_embedded_resource, test_multiple_content_types, test_error_handling,
// json_schema_2020_12_tool.
std::vector<ItemSpec> content_tools();

// test_tool_with_logging, test_tool_with_progress, test_reconnection.
std::vector<ItemSpec> timed_tools();

// test_sampling, test_elicitation, test_elicitation_sep1034_defaults,
// test_elicitation_sep1330_enums.
std::vector<ItemSpec> client_request_tools();

// test://static-text, test://static-binary, test://watched-resource and the
// template test://template/{id}/data.
std::vector<ItemSpec> resources();

// Changes test://watched-resource every settings.watched_resource_interval.
void start_watched_resource_updates(Context& context);

// test_simple_prompt, test_prompt_with_arguments,
// test_prompt_with_embedded_resource, test_prompt_with_image and the
// completion of test_prompt_with_arguments' arguments.
std::vector<ItemSpec> prompts();

}  // namespace plugboard::conformance
