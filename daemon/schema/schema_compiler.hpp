// Turns a Boost.JSON schema document into a CompiledSchema: indexes `$id`/`$anchor`s, resolves
// every reference to a node index, checks keyword values and precompiles regexes.
#pragma once

#include "schema/compiled_schema.hpp"
#include "schema/json_schema.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <string>

namespace plugboard::schema::detail {

// nullptr with `error` set when the schema is unusable.
std::unique_ptr<CompiledSchema> compile_schema(const boost::json::value& schema,
                                               const CompileOptions& options, std::string& error);

}  // namespace plugboard::schema::detail
