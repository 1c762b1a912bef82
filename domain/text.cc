#include "domain/text.h"

namespace kinerja::domain {

Status CheckText(const std::string& field, const std::string& text, size_t min_chars,
                 size_t max_chars) {
  size_t chars = 0;
  bool non_space = false;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (c < 0x20 && c != '\n' && c != '\t') {
      return Violation(ViolationKind::kInvalid, "text.control_character",
                       "Kolom '" + field + "' berisi karakter kontrol",
                       "Field '" + field + "' contains a control character");
    }
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') non_space = true;
  }
  if (min_chars > 0 && (!non_space || chars < min_chars)) {
    return Violation(ViolationKind::kInvalid, "text.required", "Kolom '" + field + "' wajib diisi",
                     "Field '" + field + "' is required");
  }
  if (chars > max_chars) {
    return Violation(ViolationKind::kInvalid, "text.too_long",
                     "Kolom '" + field + "' terlalu panjang (maks " + std::to_string(max_chars) +
                         " karakter)",
                     "Field '" + field + "' is too long (max " + std::to_string(max_chars) +
                         " characters)");
  }
  return OkStatus();
}

}  // namespace kinerja::domain
