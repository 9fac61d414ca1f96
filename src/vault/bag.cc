// BagIt (RFC 8493) manifest and bag-info text, written and parsed strictly.
#include <set>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

constexpr size_t kHexSize = 64;
constexpr std::string_view kSeparator = "  ";

// Percent-encodes the bytes RFC 8493 §2.1.3 reserves in manifest paths.
std::string EncodePath(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\n') {
      out += "%0A";
    } else if (c == '\r') {
      out += "%0D";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Inverts EncodePath; other escapes and lowercase hex are not ours.
Result<std::string> DecodePath(std::string_view path) {
  std::string out;
  for (size_t at = 0; at < path.size(); ++at) {
    if (path[at] == '\r') return InvalidArgumentError("CR in a path must be written %0D");
    if (path[at] != '%') {
      out.push_back(path[at]);
      continue;
    }
    const std::string_view escape = path.substr(at, 3);
    if (escape == "%25") {
      out.push_back('%');
    } else if (escape == "%0A") {
      out.push_back('\n');
    } else if (escape == "%0D") {
      out.push_back('\r');
    } else {
      return InvalidArgumentError("'%' must start %25, %0A or %0D");
    }
    at += 2;
  }
  return out;
}

Status CheckRelativePath(std::string_view path) {
  if (path.empty()) return InvalidArgumentError("empty path");
  if (path.find('\0') != std::string_view::npos) return InvalidArgumentError("NUL in path");
  size_t begin = 0;
  while (true) {
    const size_t end = path.find('/', begin);
    const std::string_view segment =
        path.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    if (segment.empty() || segment == "." || segment == "..") {
      return InvalidArgumentError("path '" + std::string(path) +
                                  "' must be relative without empty, '.' or '..' parts");
    }
    if (end == std::string_view::npos) return OkStatus();
    begin = end + 1;
  }
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Calls `visit` with each line (without its LF) and its 1-based number;
// kDataLoss when the text does not end in LF.
Status ForEachLine(std::string_view text, std::string_view file_name,
                   const std::function<Status(std::string_view line, int number)>& visit) {
  if (!text.empty() && text.back() != '\n') {
    return DataLossError(std::string(file_name) + ": the last line does not end in LF");
  }
  int number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    RETURN_IF_ERROR(visit(text.substr(0, end), ++number));
    text.remove_prefix(end + 1);
  }
  return OkStatus();
}

Status LineError(std::string_view file_name, int number, const std::string& what) {
  return DataLossError(std::string(file_name) + " line " + std::to_string(number) + ": " + what);
}

}  // namespace

std::string FormatBagManifest(const std::vector<BagManifestLine>& lines) {
  std::string out;
  for (const BagManifestLine& line : lines) {
    out += ToHex(line.sha256);
    out += kSeparator;
    out += EncodePath(line.path);
    out += '\n';
  }
  return out;
}

Result<std::vector<BagManifestLine>> ParseBagManifest(std::string_view text,
                                                      std::string_view file_name) {
  std::vector<BagManifestLine> lines;
  std::set<std::string> seen;
  RETURN_IF_ERROR(ForEachLine(text, file_name, [&](std::string_view line, int number) -> Status {
    if (line.size() <= kHexSize + kSeparator.size() ||
        line.substr(kHexSize, kSeparator.size()) != kSeparator ||
        !IsLowerHex(line.substr(0, kHexSize))) {
      return LineError(file_name, number,
                       "expected 64 lowercase hex digits, two spaces and a path");
    }
    BagManifestLine parsed;
    ASSIGN_OR_RETURN(parsed.sha256, HashFromHex(line.substr(0, kHexSize)));
    Result<std::string> path = DecodePath(line.substr(kHexSize + kSeparator.size()));
    if (!path.ok()) return LineError(file_name, number, path.status().message());
    if (Status valid = CheckRelativePath(*path); !valid.ok()) {
      return LineError(file_name, number, valid.message());
    }
    if (!seen.insert(*path).second) {
      return LineError(file_name, number, "'" + *path + "' is listed twice");
    }
    parsed.path = *std::move(path);
    lines.push_back(std::move(parsed));
    return OkStatus();
  }));
  return lines;
}

std::string FormatBagInfo(const BagInfo& info) {
  std::string out;
  for (const auto& [label, value] : info) {
    out += label + ": ";
    for (char c : value) {
      out.push_back(c);
      if (c == '\n') out += "  ";
    }
    out += '\n';
  }
  return out;
}

Result<BagInfo> ParseBagInfo(std::string_view text) {
  constexpr std::string_view kFile = "bag-info.txt";
  BagInfo info;
  RETURN_IF_ERROR(ForEachLine(text, kFile, [&](std::string_view line, int number) -> Status {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (info.empty()) return LineError(kFile, number, "continuation before any label");
      const size_t content = line.find_first_not_of(" \t");
      info.back().second += "\n";
      if (content != std::string_view::npos) info.back().second += line.substr(content);
      return OkStatus();
    }
    const size_t colon = line.find(": ");
    if (colon == 0 || colon == std::string_view::npos) {
      return LineError(kFile, number, "expected 'Label: value'");
    }
    info.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    return OkStatus();
  }));
  return info;
}

}  // namespace sijil::vault
