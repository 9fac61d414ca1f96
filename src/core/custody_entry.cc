#include "core/custody_entry.h"

#include <algorithm>
#include <charconv>

namespace sijil {
namespace {

constexpr std::string_view kReservedKeys[] = {"index", "time", "kind"};
constexpr char kHexDigits[] = "0123456789ABCDEF";

bool NeedsEscape(unsigned char byte) { return byte < 0x20 || byte == '%' || byte == 0x7F; }

bool IsKey(std::string_view key, bool allow_digits) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [allow_digits](char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || (allow_digits && c >= '0' && c <= '9');
  });
}

bool IsDigits(std::string_view text, size_t from, size_t count) {
  for (size_t at = from; at < from + count; ++at) {
    if (text[at] < '0' || text[at] > '9') return false;
  }
  return true;
}

// YYYY-MM-DDTHH:MM:SSZ with digits in place; ranges are checked loosely
// (month 01-12, day 01-31, hour < 24, minute and second < 60).
bool IsUtcTime(std::string_view time) {
  if (time.size() != 20 || time[4] != '-' || time[7] != '-' || time[10] != 'T' || time[13] != ':' ||
      time[16] != ':' || time[19] != 'Z') {
    return false;
  }
  for (size_t at : {0u, 5u, 8u, 11u, 14u, 17u}) {
    if (!IsDigits(time, at, at == 0 ? 4 : 2)) return false;
  }
  auto two = [&](size_t at) { return (time[at] - '0') * 10 + (time[at + 1] - '0'); };
  return two(5) >= 1 && two(5) <= 12 && two(8) >= 1 && two(8) <= 31 && two(11) < 24 &&
         two(14) < 60 && two(17) < 60;
}

void AppendEscaped(std::string_view value, std::string* out) {
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (NeedsEscape(byte)) {
      out->push_back('%');
      out->push_back(kHexDigits[byte >> 4]);
      out->push_back(kHexDigits[byte & 0xF]);
    } else {
      out->push_back(c);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status LineError(int line, std::string_view expected) {
  return DataLossError("custody entry line " + std::to_string(line) + ": expected " +
                       std::string(expected));
}

// Splits off the next LF-terminated line of `rest`.
bool NextLine(std::string_view* rest, std::string_view* line) {
  const size_t end = rest->find('\n');
  if (end == std::string_view::npos) return false;
  *line = rest->substr(0, end);
  rest->remove_prefix(end + 1);
  return true;
}

// Reads "<key> <value>" with the key checked and the value unescaped.
Result<std::pair<std::string, std::string>> ParseField(std::string_view line, int number) {
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return LineError(number, "'<key> <value>'");
  std::pair<std::string, std::string> field{std::string(line.substr(0, space)), ""};
  const std::string_view value = line.substr(space + 1);
  for (size_t at = 0; at < value.size(); ++at) {
    const auto byte = static_cast<unsigned char>(value[at]);
    if (byte != '%') {
      if (NeedsEscape(byte)) return LineError(number, "control bytes written as %XX");
      field.second.push_back(value[at]);
      continue;
    }
    if (at + 2 >= value.size()) return LineError(number, "two hex digits after '%'");
    const int high = HexValue(value[at + 1]);
    const int low = HexValue(value[at + 2]);
    if (high < 0 || low < 0) return LineError(number, "two uppercase hex digits after '%'");
    const auto decoded = static_cast<unsigned char>(high * 16 + low);
    if (!NeedsEscape(decoded)) return LineError(number, "'%' only before an escaped byte");
    field.second.push_back(static_cast<char>(decoded));
    at += 2;
  }
  return field;
}

Result<int64_t> ParseIndex(std::string_view text, int number) {
  int64_t index = 0;
  // Digits only: from_chars would also take "-0", a second spelling of 0.
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == text.npos;
  const bool leading_zero = text.size() > 1 && text[0] == '0';
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (!digits || leading_zero || error != std::errc() || end != text.data() + text.size()) {
    return LineError(number, "a decimal index without leading zeros");
  }
  return index;
}

}  // namespace

std::string CustodyEntry::Get(std::string_view key) const {
  for (const auto& [name, value] : fields) {
    if (name == key) return value;
  }
  return "";
}

Status ValidateCustodyEntry(const CustodyEntry& entry) {
  if (entry.index < 0) return InvalidArgumentError("custody entry: negative index");
  if (!IsUtcTime(entry.time)) {
    return InvalidArgumentError("custody entry: time '" + entry.time +
                                "' is not YYYY-MM-DDTHH:MM:SSZ");
  }
  if (!IsKey(entry.kind, false)) {
    return InvalidArgumentError("custody entry: kind '" + entry.kind + "' is not [a-z_]+");
  }
  std::vector<std::string_view> keys;
  for (const auto& field : entry.fields) {
    const std::string& key = field.first;
    if (!IsKey(key, true)) {
      return InvalidArgumentError("custody entry: key '" + key + "' is not [a-z0-9_]+");
    }
    if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), key) !=
        std::end(kReservedKeys)) {
      return InvalidArgumentError("custody entry: key '" + key + "' is reserved");
    }
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    return InvalidArgumentError("custody entry: a key appears twice");
  }
  return OkStatus();
}

Result<std::string> EncodeCustodyEntry(const CustodyEntry& entry) {
  RETURN_IF_ERROR(ValidateCustodyEntry(entry));
  std::vector<const std::pair<std::string, std::string>*> sorted;
  for (const auto& field : entry.fields) sorted.push_back(&field);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out(kCustodyEntryMagic);
  out += "\nindex " + std::to_string(entry.index) + "\ntime " + entry.time + "\nkind " +
         entry.kind + "\n";
  for (const auto* field : sorted) {
    out += field->first;
    out.push_back(' ');
    AppendEscaped(field->second, &out);
    out.push_back('\n');
  }
  return out;
}

Result<CustodyEntry> DecodeCustodyEntry(std::string_view bytes) {
  std::string_view rest = bytes;
  std::string_view line;
  if (!NextLine(&rest, &line) || line != kCustodyEntryMagic) {
    return LineError(1, "'" + std::string(kCustodyEntryMagic) + "'");
  }
  CustodyEntry entry;
  const std::string_view fixed[] = {"index ", "time ", "kind "};
  std::string_view values[3];
  for (int at = 0; at < 3; ++at) {
    if (!NextLine(&rest, &line) || !line.starts_with(fixed[at])) {
      return LineError(at + 2, "'" + std::string(fixed[at]) + "...'");
    }
    values[at] = line.substr(fixed[at].size());
  }
  ASSIGN_OR_RETURN(entry.index, ParseIndex(values[0], 2));
  entry.time = std::string(values[1]);
  if (!IsUtcTime(entry.time)) return LineError(3, "a time YYYY-MM-DDTHH:MM:SSZ");
  entry.kind = std::string(values[2]);
  if (!IsKey(entry.kind, false)) return LineError(4, "a kind of [a-z_]+");
  int number = 5;
  while (!rest.empty()) {
    if (!NextLine(&rest, &line)) return LineError(number, "a line ending in LF");
    ASSIGN_OR_RETURN(auto field, ParseField(line, number));
    if (!IsKey(field.first, true)) return LineError(number, "a key of [a-z0-9_]+");
    if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), field.first) !=
        std::end(kReservedKeys)) {
      return LineError(number, "a key other than index, time and kind");
    }
    if (!entry.fields.empty() && !(entry.fields.back().first < field.first)) {
      return LineError(number, "keys in strictly ascending order");
    }
    entry.fields.push_back(std::move(field));
    ++number;
  }
  return entry;
}

}  // namespace sijil
