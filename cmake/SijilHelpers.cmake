# Uniform targets: one library per module, tests beside the code.
set(SIJIL_SOURCE_ROOT ${PROJECT_SOURCE_DIR}/src)

# sijil_library(NAME SRCS a.cc b.cc DEPS other_lib...)
# DEPS are linked PUBLIC for sijil modules listed in DESIGN.md, and must match it.
function(sijil_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(sijil_${name} STATIC ${ARG_SRCS})
  target_include_directories(sijil_${name} PUBLIC ${SIJIL_SOURCE_ROOT})
  target_link_libraries(sijil_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# sijil_test(NAME SRCS x_test.cc DEPS sijil_x ...)
function(sijil_test name)
  if(NOT SIJIL_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE SIJIL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()

# sijil_fuzzer(NAME SRCS f.cc DEPS ...): a libFuzzer target under fuzz/.
function(sijil_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_property(GLOBAL APPEND PROPERTY SIJIL_FUZZERS ${name})
endfunction()
