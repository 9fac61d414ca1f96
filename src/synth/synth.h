// Synthetic data generator: a hidden population of detainees and the
// overlapping lists that documenting organisations would have made of them.
//
// Everything this module writes is invented. No real victim appears in it;
// names, places and institutions come from the hand-written tables under
// data/ (see docs/synth.md), combined at random. The output is what tests,
// benchmarks and the demo use: realistic enough to exercise import, record
// linkage and multiple systems estimation, with the truth kept alongside so
// results can be scored.
//
// Output files in GenerateOptions::out_dir:
//   list_1.csv ... list_K.csv  one list per organisation, each in its own style
//                              (headers, script, date shapes, record ids, noise);
//                              the source name of list_k.csv is "list_k"
//   truth.csv                  source,record_id,person_id for every list row
//   histories.csv              list_1..list_K,count: one row per observed
//                              capture pattern (the format of
//                              `sijil estimate --histories`)
//   population.csv             the whole hidden population, including persons
//                              on no list
//   summary.json               {"true_population", "lists": [{"name", "records",
//                              "style"}], "observed_persons", "seed"}
//
// Example:
//   synth::GenerateOptions options;
//   options.persons = 5000;
//   options.lists = 4;
//   options.seed = 7;
//   options.data_dir = "/usr/share/sijil/data";
//   options.out_dir = "/tmp/lists";
//   ASSIGN_OR_RETURN(synth::GenerateSummary summary, synth::Generate(options));
#ifndef SIJIL_SYNTH_SYNTH_H_
#define SIJIL_SYNTH_SYNTH_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sijil::synth {

// The largest number of lists Generate accepts.
inline constexpr int kMaxLists = 20;

struct GenerateOptions {
  int64_t persons = 1000;  // size of the hidden population, >= 1
  int lists = 3;           // number of documenting organisations, 2..kMaxLists
  uint64_t seed = 1;       // same seed and tables -> byte-identical files
  // Folder holding the data tables (names/, places/, synth/); the CLI passes
  // the installed path, tests pass SIJIL_SOURCE_DIR "/data".
  std::string data_dir;
  std::string out_dir;  // created if missing; existing files are overwritten
};

struct GenerateSummary {
  int64_t true_population = 0;
  int lists = 0;
  std::vector<int64_t> records_per_list;  // rows written, duplicates included
  int64_t observed_persons = 0;           // persons on at least one list
  std::vector<std::string> files;         // paths of every file written
};

// Draws the population and the lists and writes them under options.out_dir.
// Deterministic for a given seed and data tables, on any standard library
// (all distributions are our own, over std::mt19937_64). Rows are streamed to
// disk; memory grows with the population, not with the text written.
// `progress`, when set, is called with the fraction done (0..1), ending at 1.
// Errors: kInvalidArgument for persons < 1, lists outside 2..kMaxLists or an
// empty out_dir; kNotFound naming the missing table file under data_dir;
// kInvalidArgument naming file and line for a malformed table; kInternal when
// an output file cannot be written.
Result<GenerateSummary> Generate(const GenerateOptions& options,
                                 const std::function<void(double)>& progress = nullptr);

// Checks every data table under `data_dir` as Generate would load it: column
// counts, positive weights and cross-table keys. Returns the number of data
// rows read. Errors as for Generate's table loading.
Result<int64_t> CheckTables(const std::string& data_dir);

}  // namespace sijil::synth

#endif  // SIJIL_SYNTH_SYNTH_H_
