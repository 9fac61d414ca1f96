// The `sijil` binary as users and scripts meet it: exit codes, messages, JSON.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/internal/cli_fixture.h"

namespace {

namespace fs = std::filesystem;

using sijil::cli::testing_util::ReadFile;
using sijil::cli::testing_util::RunResult;

using CliTest = sijil::cli::testing_util::CliFixture;

TEST_F(CliTest, HelpAndUsageErrors) {
  EXPECT_EQ(Run({"--help"}).exit_code, 0);
  EXPECT_EQ(Run({"import", "--help"}).exit_code, 0);
  EXPECT_EQ(Run({}).exit_code, 2);
  EXPECT_EQ(Run({"frobnicate"}).exit_code, 2);
  RunResult missing = Run({"import", "x.csv"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--source"), std::string::npos) << missing.err;
  EXPECT_EQ(Run({"import", "x.csv", "--source", "a", "--encoding", "latin9"}).exit_code, 1);
}

TEST_F(CliTest, CommandsNeedAnInitialisedDatabase) {
  RunResult result = Run({"sources"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("sijil init"), std::string::npos) << result.err;
  EXPECT_EQ(Run({"init"}).exit_code, 0);
  RunResult again = Run({"init"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already initialised"), std::string::npos);
}

TEST_F(CliTest, ImportSourcesRecordsRoundTrip) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string csv = Write("people.csv",
                                "ID;Name;Sex;Date of arrest;Status;Tribe\n"
                                "7;Mohammad al-Halabi;male;7/4/2013;disappeared;x\n"
                                "8;فاطمة الزعبي;أنثى;2012;معتقلة;\n");
  RunResult imported = Run({"--json", "import", csv, "--source", "vdc"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  nlohmann::json report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["status"], "imported");
  EXPECT_EQ(report["inserted"], 2);

  nlohmann::json sources = nlohmann::json::parse(Run({"sources", "--json"}).out);
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0]["name"], "vdc");
  EXPECT_EQ(sources[0]["records"], 2);

  RunResult listed = Run({"records", "--json", "--source", "vdc"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  nlohmann::json records = nlohmann::json::parse(listed.out);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["record_id"], "7");
  EXPECT_EQ(records[0]["full_name"], "Mohammad al-Halabi");
  EXPECT_EQ(records[0]["sex"], "M");
  EXPECT_EQ(records[0]["arrest_date"], "[2013-04-07,2013-07-04]");
  EXPECT_EQ(records[0]["extra"]["Tribe"], "x");
  EXPECT_EQ(records[1]["status"], "detained");

  RunResult again = Run({"import", csv, "--source", "vdc"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already imported"), std::string::npos) << again.out;
}

TEST_F(CliTest, BadRowsExitOneNamingFileLineColumnAndExpectation) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string csv = Write("bad.csv",
                                "id,full_name,sex,birth_date\n"
                                "1,Omar,M,1980\n"
                                "2,Ali,Q,1981\n"
                                "3,Huda,F,1982-02-30\n");
  RunResult result = Run({"import", csv, "--source", "s"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bad.csv:3: column 'sex': value 'Q': expected a sex"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("bad.csv:4: column 'birth_date': value '1982-02-30'"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.out.find("nothing was written"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(Run({"--json", "sources"}).out).size(), 0u);

  RunResult skipped = Run({"import", csv, "--source", "s", "--skip-invalid"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(ReadFile(csv + ".rejects.csv"),
            "id,full_name,sex,birth_date\n2,Ali,Q,1981\n3,Huda,F,1982-02-30\n");
}

TEST_F(CliTest, MissingFileIsAUserError) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  RunResult result = Run({"import", (dir_ / "nope.csv").string(), "--source", "s"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("nope.csv"), std::string::npos);
}

// Generated lists with their truth, imported: the linkage pipeline's input.
class LinkCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const std::string lists = (dir_ / "lists").string();
    ASSERT_EQ(Run({"generate", "--persons", "400", "--lists", "3", "--seed", "7", "--out", lists})
                  .exit_code,
              0);
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    // The lists' notes are confidential: sealed with the vault's data key.
    Write("key", std::string(32, 'k'));
    for (int list = 1; list <= 3; ++list) {
      const std::string name = "list_" + std::to_string(list);
      RunResult imported = Keyed({"import", lists + "/" + name + ".csv", "--source", name});
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
    truth_ = lists + "/truth.csv";
  }

  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    RunResult result = Run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  // person id of each record, from `persons export`.
  std::map<std::string, std::string> PersonOf() {
    const std::string out = (dir_ / "persons.csv").string();
    EXPECT_EQ(Run({"persons", "export", "--out", out}).exit_code, 0);
    std::map<std::string, std::string> person_of;
    std::istringstream csv(ReadFile(out));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "record_id,source,person_id");
    while (std::getline(csv, line)) {
      const size_t first = line.find(','), second = line.rfind(',');
      person_of[line.substr(first + 1, second - first - 1) + ":" + line.substr(0, first)] =
          line.substr(second + 1);
    }
    return person_of;
  }

  std::string truth_;
};

TEST_F(LinkCliTest, LinksListsIntoPersonsAndEvaluatesAgainstTheTruth) {
  nlohmann::json run = Json({"link"});
  const int64_t records = run["records"];
  EXPECT_EQ(run["sources"], 3);
  EXPECT_GT(records, 400);
  EXPECT_LT(run["persons"].get<int64_t>(), records);
  EXPECT_GT(run["persons_with_several_records"].get<int64_t>(), 50);
  EXPECT_EQ(PersonOf().size(), static_cast<size_t>(records));

  nlohmann::json evaluation = Json({"link", "evaluate", "--truth", truth_});
  EXPECT_EQ(evaluation["records"], records);
  EXPECT_GT(evaluation["precision"].get<double>(), 0.9);
  EXPECT_GT(evaluation["recall"].get<double>(), 0.85);
  EXPECT_EQ(evaluation["predicted_persons"], run["persons"]);

  // Nothing changed: no new run. --force relinks and keeps every id.
  nlohmann::json again = Json({"link"});
  EXPECT_EQ(again["unchanged"], true);
  EXPECT_EQ(again["run"], run["run"]);
  nlohmann::json forced = Json({"link", "--force"});
  EXPECT_EQ(forced["run"].get<int64_t>(), run["run"].get<int64_t>() + 1);
  EXPECT_EQ(forced["persons_unchanged"], run["persons"]);
  // A run made by another version of the engine is redone, in full.
  Sql("UPDATE link_runs SET settings = json_set(settings, '$.engine', 1)");
  nlohmann::json upgraded = Json({"link"});
  EXPECT_EQ(upgraded["run"].get<int64_t>(), forced["run"].get<int64_t>() + 1);
  EXPECT_EQ(upgraded["incremental_from_run"], 0);
}

TEST_F(LinkCliTest, ReviewDecisionsHoldAfterRelinking) {
  Json({"link"});
  nlohmann::json queue = Json({"review", "list", "--limit", "-1"});
  ASSERT_GE(queue["pairs"].size(), 2u) << queue.dump();
  auto ref = [](const nlohmann::json& side) {
    return side["source"].get<std::string>() + ":" + side["record_id"].get<std::string>();
  };
  // Accept the least likely pair, reject the most likely one: the opposite
  // of what the model would do on its own.
  // The queue is not necessarily sorted by probability (guard cuts join it).
  const nlohmann::json* weakest_pair = &queue["pairs"][0];
  const nlohmann::json* strongest = &queue["pairs"][0];
  for (const nlohmann::json& pair : queue["pairs"]) {
    if (pair["probability"] > (*strongest)["probability"]) strongest = &pair;
    if (pair["probability"] < (*weakest_pair)["probability"]) weakest_pair = &pair;
  }
  const nlohmann::json& weakest = *weakest_pair;
  ASSERT_NE(weakest["id"], (*strongest)["id"]);
  EXPECT_EQ(Run({"review", "accept", std::to_string(weakest["id"].get<int64_t>()), "--by", "t"})
                .exit_code,
            0);
  EXPECT_EQ(
      Run({"review", "reject", std::to_string((*strongest)["id"].get<int64_t>()), "--by", "t"})
          .exit_code,
      0);
  nlohmann::json relinked = Json({"link"});
  EXPECT_EQ(relinked["decisions_applied"], 2);
  std::map<std::string, std::string> person_of = PersonOf();
  EXPECT_EQ(person_of.at(ref(weakest["a"])), person_of.at(ref(weakest["b"])));
  EXPECT_NE(person_of.at(ref((*strongest)["a"])), person_of.at(ref((*strongest)["b"])));
  // The decided pairs are off the queue (their records may be in others).
  const nlohmann::json after = Json({"review", "list", "--limit", "-1"});
  for (const nlohmann::json& pair : after["pairs"]) {
    for (const nlohmann::json* decided : {&weakest, strongest}) {
      EXPECT_FALSE(pair["a"] == (*decided)["a"] && pair["b"] == (*decided)["b"]) << pair.dump();
    }
  }
}

// Records added after a run are linked on their own, with its model: the
// earlier persons stand, copies of 20 of list_1's records join their
// originals' persons, and --full links everything anew.
TEST_F(LinkCliTest, AddedRecordsAreLinkedIncrementally) {
  const nlohmann::json first = Json({"link"});
  EXPECT_EQ(first["incremental_from_run"], 0);
  // Every stage is timed, in order, from reading the records to saving.
  std::vector<std::string> stages;
  for (const nlohmann::json& stage : first["stage_seconds"]) {
    EXPECT_GE(stage["seconds"].get<double>(), 0);
    stages.push_back(stage["stage"]);
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"read records", "read earlier run", "prepare", "u",
                                              "blocking", "em", "scoring", "clustering",
                                              "assign person ids", "save", "count changes"}));
  const std::map<std::string, std::string> before = PersonOf();
  std::istringstream list(ReadFile((dir_ / "lists" / "list_1.csv").string()));
  std::string copies, line;
  for (int row = 0; row <= 20 && std::getline(list, line); ++row) copies += line + "\n";
  Write("copies.csv", copies);
  RunResult imported = Keyed({"import", Path("copies.csv"), "--source", "copies"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  const nlohmann::json added = Json({"link"});
  EXPECT_EQ(added["incremental_from_run"], first["run"]);
  EXPECT_EQ(added["new_records"], 20);
  EXPECT_LT(added["candidate_pairs"].get<int64_t>(), first["candidate_pairs"].get<int64_t>());
  const std::map<std::string, std::string> after = PersonOf();
  for (const auto& [record, person] : before) EXPECT_EQ(after.at(record), person) << record;
  int joined = 0;
  for (const auto& [record, person] : after) {
    if (!record.starts_with("copies:")) continue;
    joined += after.at("list_1:" + record.substr(7)) == person;
  }
  EXPECT_GE(joined, 18);  // a copy is its original, unless the guard holds it apart
  // Changed persons: those whose records are not what they were.
  std::map<std::string, std::set<std::string>> records_before, records_after;
  for (const auto& [record, person] : before) records_before[person].insert(record);
  for (const auto& [record, person] : after) records_after[person].insert(record);
  int changed = 0;
  for (const auto& [person, records] : records_after) changed += records_before[person] != records;
  EXPECT_EQ(added["persons_new_or_changed"], changed);
  EXPECT_EQ(added["persons_unchanged"], static_cast<int>(records_after.size()) - changed);

  const nlohmann::json full = Json({"link", "--full"});
  EXPECT_EQ(full["incremental_from_run"], 0);
  EXPECT_GT(full["run"].get<int64_t>(), added["run"].get<int64_t>());
  EXPECT_TRUE(Json({"link", "--full"})["unchanged"].get<bool>());
}

TEST_F(LinkCliTest, ExplainShowsEachComparisonAddingUpToTheWeight) {
  Json({"link"});
  nlohmann::json queue = Json({"review", "list", "--limit", "1"});
  ASSERT_EQ(queue["pairs"].size(), 1u);
  const nlohmann::json& pair = queue["pairs"][0];
  const std::string a =
      pair["a"]["source"].get<std::string>() + ":" + pair["a"]["record_id"].get<std::string>();
  const std::string b =
      pair["b"]["source"].get<std::string>() + ":" + pair["b"]["record_id"].get<std::string>();
  nlohmann::json why = Json({"link", "explain", a, b})["explanation"];
  ASSERT_GE(why["comparisons"].size(), 8u);
  double sum = why["prior_weight"];
  for (const nlohmann::json& c : why["comparisons"]) sum += c["weight"].get<double>();
  EXPECT_NEAR(sum, why["weight"].get<double>(), 1e-9);
  EXPECT_NEAR(why["weight"].get<double>(), pair["weight"].get<double>(), 1e-6);
  EXPECT_EQ(Json({"review", "show", std::to_string(pair["id"].get<int64_t>())})["explanation"],
            why);

  RunResult unknown = Run({"link", "explain", a, "list_1:nobody"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no record 'nobody' in source 'list_1'"), std::string::npos);
  EXPECT_EQ(Run({"link", "explain", a, "nocolon"}).exit_code, 1);
}

TEST_F(LinkCliTest, ADamagedRecordStopsTheRunWithItsName) {
  Sql("UPDATE records SET birth_date = 'not a date' WHERE id = "
      "(SELECT max(id) FROM records WHERE current = 1)");
  RunResult run = Run({"link"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("source 'list_3'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("column birth_date"), std::string::npos) << run.err;
  const RunResult evaluated = Run({"link", "evaluate", "--truth", truth_});
  EXPECT_NE(evaluated.err.find("no persons yet"), std::string::npos) << evaluated.err;
}

TEST_F(LinkCliTest, BadSettingsAndTruthFilesAreUserErrors) {
  RunResult threshold = Run({"link", "--threshold", "1.5"});
  EXPECT_EQ(threshold.exit_code, 1);
  EXPECT_NE(threshold.err.find("--threshold"), std::string::npos) << threshold.err;
  const std::string config =
      Write("link.json", R"({"comparisons": [{"name": "x", "method": "fuzzy"}]})");
  RunResult bad_config = Run({"link", "--config", config});
  EXPECT_EQ(bad_config.exit_code, 1);
  EXPECT_NE(bad_config.err.find("link.json: comparisons[0]"), std::string::npos) << bad_config.err;

  EXPECT_NE(Run({"link", "evaluate", "--truth", truth_}).err.find("run `sijil link` first"),
            std::string::npos);
  Json({"link"});
  const std::string truth = Write("truth.csv", "source,record_id,person\nlist_1,x,P1\n");
  RunResult bad_truth = Run({"link", "evaluate", "--truth", truth});
  EXPECT_EQ(bad_truth.exit_code, 1);
  EXPECT_NE(bad_truth.err.find("truth.csv: line 1: no column 'person_id'"), std::string::npos)
      << bad_truth.err;
  const std::string partial = Write("partial.csv", "source,record_id,person_id\nlist_1,x,P1\n");
  RunResult missing = Run({"link", "evaluate", "--truth", partial});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("partial.csv: no row for record list_1:"), std::string::npos)
      << missing.err;
}

TEST_F(CliTest, LinkNeedsRecords) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  RunResult result = Run({"link"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("import a list first"), std::string::npos) << result.err;
}

}  // namespace
