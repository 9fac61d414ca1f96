// Test-only helpers for the reader tests.
#ifndef SIJIL_INGEST_INTERNAL_TEST_UTIL_H_
#define SIJIL_INGEST_INTERNAL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/ingest.h"

namespace sijil::ingest::testing_util {

struct Table {
  std::vector<std::string> header;
  std::vector<TableRow> rows;
};

// Opens `data` as `name` and reads every row; fails the test on error.
inline Result<Table> ReadTable(std::string data, std::string name, TableOptions options = {}) {
  ASSIGN_OR_RETURN(std::unique_ptr<TableReader> reader,
                   OpenTableFromBuffer(std::move(data), std::move(name), options));
  Table table;
  TableRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    table.rows.push_back(row);
  }
  table.header = reader->header();
  return table;
}

inline std::vector<std::string> Cells(std::initializer_list<const char*> cells) {
  return std::vector<std::string>(cells.begin(), cells.end());
}

}  // namespace sijil::ingest::testing_util

#endif  // SIJIL_INGEST_INTERNAL_TEST_UTIL_H_
