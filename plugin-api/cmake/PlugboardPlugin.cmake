# plugboard_add_plugin(<name> SOURCES <files...>)
# Builds a loadable plugin: a MODULE library named <name>.so, no "lib"
# prefix, only the entry symbol exported, linked against the plugin API.
# C++ plugins also link plugboard::plugin_cpp.
function(plugboard_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE plugboard::plugin_api)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # Hidden visibility leaves libstdc++'s template instances exported; the
    # version script leaves nothing but the entry.
    set(_exports ${CMAKE_BINARY_DIR}/plugboard-plugin-exports.map)
    file(CONFIGURE OUTPUT ${_exports} CONTENT "{ global: plugboard_plugin_entry_v*; local: *; };\n")
    target_link_options(${name} PRIVATE "LINKER:--version-script=${_exports}")
    set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${_exports})
  endif()
  if(DEFINED PLUGBOARD_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PLUGBOARD_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()
