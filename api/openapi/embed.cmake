# Turns api/openapi/openapi.json into a C++ source defining the bytes of the document, for
# GET /openapi.json (api/app/openapi_route.cc). Run by api/CMakeLists.txt at build time:
#   cmake -DINPUT=<openapi.json> -DOUTPUT=<openapi_document.cc> -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
# 16 bytes per line keeps the generated file readable by editors and compilers alike.
string(REGEX REPLACE "(('[^']+',){16})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from api/openapi/openapi.json by api/openapi/embed.cmake. Do not edit.
#include <cstddef>

namespace kinerja::app::openapi_embedded {
extern const char kDocument[];
extern const std::size_t kDocumentSize;
const char kDocument[] = {
  ${bytes}'\\0'};
const std::size_t kDocumentSize = ${size};
}  // namespace kinerja::app::openapi_embedded
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
