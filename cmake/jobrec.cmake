# Helpers that keep every module's CMakeLists.txt to a few lines.

set(JOBREC_WARNINGS -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)

# jobrec_module(NAME x SOURCES a.cc ... [DEPS jobrec::y ...] [PRIVATE_DEPS PkgConfig::Z ...])
# Defines the static library jobrec_x with the alias jobrec::x. Includes start at src/.
function(jobrec_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(jobrec_${M_NAME} STATIC ${M_SOURCES})
  add_library(jobrec::${M_NAME} ALIAS jobrec_${M_NAME})
  target_include_directories(jobrec_${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(jobrec_${M_NAME} PRIVATE ${JOBREC_WARNINGS})
  target_link_libraries(jobrec_${M_NAME} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
endfunction()

# jobrec_test(NAME x SOURCES a_test.cc ... DEPS ... [LABEL unit|integration])
# One GoogleTest binary per call, registered with CTest under its label.
function(jobrec_test)
  if(NOT JOBREC_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME;LABEL" "SOURCES;DEPS" ${ARGN})
  if(NOT T_LABEL)
    set(T_LABEL unit)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_compile_options(${T_NAME} PRIVATE ${JOBREC_WARNINGS})
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL}
    ENVIRONMENT "JOBREC_TEST_SOURCE_DIR=${PROJECT_SOURCE_DIR};JOBREC_TEST_BINARY=${PROJECT_BINARY_DIR}/jobrec")
endfunction()
